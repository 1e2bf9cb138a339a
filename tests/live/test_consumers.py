"""The live socket, driven through the real cms.asgi.application."""

import asyncio
import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings
from django.utils import timezone

from cms.live import consumers, selectors
from cms.live.models import Stream, StreamEvent
from cms.live.publisher import publish

from .conftest import ORIGIN, session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOM = "test.room.1"

apublish = database_sync_to_async(publish)


async def subscribe(ws, stream=ROOM, since=0) -> dict:
    frame = {"action": "subscribe", "stream": stream}
    if since is not None:
        frame["since"] = since
    await ws.send_json_to(frame)
    reply = await ws.receive_json_from()
    assert reply["type"] == "subscribed", reply
    return reply


async def receive_events(ws, count: int) -> list[dict]:
    frames = [await ws.receive_json_from() for _ in range(count)]
    assert all(frame["type"] == "event" for frame in frames), frames
    return frames


async def assert_still_answers(ws) -> None:
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}


async def publish_many(stream: str, count: int, start: int = 1) -> None:
    for n in range(start, start + count):
        await apublish(stream, "message.posted", {"n": n})


@database_sync_to_async
def stored_seqs(stream: str) -> list[int]:
    return list(
        StreamEvent.objects.filter(stream__name=stream).values_list("seq", flat=True)
    )


# --- delivery and transactions -------------------------------------------------
async def test_subscribe_replies_with_the_streams_current_seq(live_socket):
    await publish_many(ROOM, 2)
    async with live_socket() as ws:
        reply = await subscribe(ws, since=2)
        assert reply == {"type": "subscribed", "stream": ROOM, "seq": 2}
        assert await ws.receive_nothing()


async def test_event_published_in_a_transaction_arrives_only_after_commit(
    live_socket,
):
    async with live_socket() as ws:
        await subscribe(ws)

        def write():
            try:
                with transaction.atomic():
                    publish(ROOM, "message.posted", {"text": "Dzień dobry"})
                    # Still inside the transaction: the socket must hear nothing.
                    assert async_to_sync(ws.receive_nothing)(0.3)
            finally:
                connections.close_all()

        # Not in the shared database thread: the consumer needs that thread for
        # every message it handles, so it would be stalled, not tested, meanwhile.
        await sync_to_async(write, thread_sensitive=False)()
        frame = await ws.receive_json_from()
        assert frame == {
            "type": "event",
            "stream": ROOM,
            "seq": 1,
            "event": "message.posted",
            "data": {"text": "Dzień dobry"},
        }


async def test_rolled_back_transaction_publishes_and_stores_nothing(live_socket):
    class Failed(Exception):
        pass

    def write_then_fail():
        with transaction.atomic():
            publish(ROOM, "message.posted", {"n": "lost"})
            raise Failed

    async with live_socket() as ws:
        await subscribe(ws)
        with pytest.raises(Failed):
            await database_sync_to_async(write_then_fail)()
        assert await ws.receive_nothing(0.3)
        assert await stored_seqs(ROOM) == []
        assert await database_sync_to_async(selectors.stream_last_seq)(ROOM) == 0
        assert not await database_sync_to_async(
            Stream.objects.filter(name=ROOM).exists
        )()

        # The next event takes the number the rolled-back one never kept.
        await apublish(ROOM, "message.posted", {"n": 1})
        frame = await ws.receive_json_from()
        assert (frame["seq"], frame["data"]) == (1, {"n": 1})


async def test_sequence_numbers_are_consecutive_per_stream(live_socket):
    other = "test.room.2"
    async with live_socket() as ws:
        await subscribe(ws, ROOM)
        await subscribe(ws, other)
        for n in range(1, 4):
            await apublish(ROOM, "message.posted", {"n": n})
            await apublish(other, "message.posted", {"n": n})
        frames = await receive_events(ws, 6)
    seqs = {ROOM: [], other: []}
    for frame in frames:
        seqs[frame["stream"]].append((frame["seq"], frame["data"]["n"]))
    assert seqs == {ROOM: [(1, 1), (2, 2), (3, 3)], other: [(1, 1), (2, 2), (3, 3)]}
    assert await stored_seqs(ROOM) == [1, 2, 3]


async def test_reconnect_with_since_replays_missed_events_then_live_without_duplicates(
    live_socket,
):
    async with live_socket() as first:
        await subscribe(first)
        await publish_many(ROOM, 3)
        seen = [frame["seq"] for frame in await receive_events(first, 3)]
    assert seen == [1, 2, 3]

    # Published while the client was away.
    await publish_many(ROOM, 2, start=4)

    async with live_socket() as again:
        reply = await subscribe(again, since=seen[-1])
        assert reply["seq"] == 5
        replayed = await receive_events(again, 2)
        assert [(f["seq"], f["data"]["n"]) for f in replayed] == [(4, 4), (5, 5)]
        await apublish(ROOM, "message.posted", {"n": 6})
        live = await ws_next(again)
        assert (live["seq"], live["data"]) == (6, {"n": 6})
        assert await again.receive_nothing(0.3)


async def ws_next(ws) -> dict:
    return (await receive_events(ws, 1))[0]


async def test_event_arriving_through_the_group_during_the_backlog_read_is_sent_once(
    live_socket, monkeypatch
):
    """Subscribe joins the group, then reads the backlog. An event committed in
    between is in both; the client must get it once."""
    original = selectors.stream_backlog
    notified = []

    def backlog_with_a_commit_first(name, since, limit):
        if not notified:
            notified.append(publish(name, "message.posted", {"n": 1}).seq)
        return original(name, since, limit)

    monkeypatch.setattr(selectors, "stream_backlog", backlog_with_a_commit_first)
    relayed = []
    live_event = consumers.LiveConsumer.live_event

    async def spy(self, message):
        relayed.append(message["seq"])
        await live_event(self, message)

    monkeypatch.setattr(consumers.LiveConsumer, "live_event", spy)

    async with live_socket() as ws:
        await subscribe(ws)
        frame = await ws_next(ws)
        assert frame["seq"] == 1
        # The copy that came through the channel layer reached the consumer...
        await wait_for(lambda: relayed == [1])
        # ...and was dropped.
        assert await ws.receive_nothing(0.3)


async def test_event_committed_just_after_the_backlog_read_arrives_live(
    live_socket, monkeypatch
):
    """The other half of the race: the socket must already be in the group when
    it reads the backlog, or an event committed right after the read is lost."""
    original = selectors.stream_backlog
    published = []

    def backlog_then_a_commit(name, since, limit):
        backlog = original(name, since, limit)
        if not published:
            published.append(publish(name, "message.posted", {"n": 1}).seq)
        return backlog

    monkeypatch.setattr(selectors, "stream_backlog", backlog_then_a_commit)
    async with live_socket() as ws:
        reply = await subscribe(ws)
        assert reply["seq"] == 0
        frame = await ws_next(ws)
        assert (frame["seq"], frame["data"]) == (1, {"n": 1})
        assert await ws.receive_nothing(0.3)


async def test_group_message_for_an_already_sent_seq_is_dropped(live_socket):
    async with live_socket() as ws:
        await subscribe(ws)
        await apublish(ROOM, "message.posted", {"n": 1})
        frame = await ws_next(ws)
        await get_channel_layer().group_send(
            ROOM, {"type": "live.event", "frame": frame}
        )
        assert await ws.receive_nothing(0.3)
        await apublish(ROOM, "message.posted", {"n": 2})
        assert (await ws_next(ws))["seq"] == 2


async def test_lost_notification_is_filled_from_the_database(live_socket, monkeypatch):
    async with live_socket() as ws:
        await subscribe(ws)
        await apublish(ROOM, "message.posted", {"n": 1})
        assert (await ws_next(ws))["seq"] == 1
        # Event 2's notification is lost on the way (a full channel, a restart).
        with monkeypatch.context() as patched:
            patched.setattr("cms.live.publisher.send_frame", lambda *args: None)
            await apublish(ROOM, "message.posted", {"n": 2})
        assert await ws.receive_nothing(0.2)
        await apublish(ROOM, "message.posted", {"n": 3})
        frames = await receive_events(ws, 2)
        assert [(f["seq"], f["data"]["n"]) for f in frames] == [(2, 2), (3, 3)]
        assert await ws.receive_nothing(0.3)


async def test_subscribe_without_since_gets_only_new_events(live_socket):
    await publish_many(ROOM, 3)
    async with live_socket() as ws:
        reply = await subscribe(ws, since=None)
        assert reply["seq"] == 3
        assert await ws.receive_nothing(0.2)
        await apublish(ROOM, "message.posted", {"n": 4})
        assert (await ws_next(ws))["seq"] == 4


async def test_unsubscribed_stream_sends_nothing_more(live_socket):
    async with live_socket() as ws:
        await subscribe(ws)
        await ws.send_json_to({"action": "unsubscribe", "stream": ROOM})
        assert await ws.receive_json_from() == {"type": "unsubscribed", "stream": ROOM}
        await apublish(ROOM, "message.posted", {"n": 1})
        assert await ws.receive_nothing(0.3)


# --- reset ---------------------------------------------------------------------
async def test_reset_when_the_backlog_exceeds_the_replay_limit(live_socket):
    await publish_many(ROOM, 5)
    with override_settings(LIVE_REPLAY_LIMIT=3):
        async with live_socket() as ws:
            await subscribe(ws, since=1)  # 4 missed > 3
            assert await ws.receive_json_from() == {
                "type": "reset",
                "stream": ROOM,
                "seq": 5,
            }
            assert await ws.receive_nothing(0.2)
            await apublish(ROOM, "message.posted", {"n": 6})
            assert (await ws_next(ws))["seq"] == 6

            # Exactly at the limit is still replayed.
            await ws.send_json_to({"action": "subscribe", "stream": ROOM, "since": 3})
            assert (await ws.receive_json_from())["type"] == "subscribed"
            assert [f["seq"] for f in await receive_events(ws, 3)] == [4, 5, 6]


async def test_since_ahead_of_the_server_resets(live_socket):
    await publish_many(ROOM, 2)
    async with live_socket() as ws:
        await subscribe(ws, since=40)
        assert await ws.receive_json_from() == {
            "type": "reset",
            "stream": ROOM,
            "seq": 2,
        }
        await apublish(ROOM, "message.posted", {"n": 3})
        assert (await ws_next(ws))["seq"] == 3


# --- pruning -------------------------------------------------------------------
@database_sync_to_async
def prune_older_than_first(count: int) -> int:
    """Ages the stream's first ``count`` events past the retention and prunes."""
    StreamEvent.objects.filter(stream__name=ROOM, seq__lte=count).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    call_command("live_prune")
    return StreamEvent.objects.filter(stream__name=ROOM).count()


async def test_prune_keeps_the_recent_window_and_replays_it_exactly(live_socket):
    await publish_many(ROOM, 6)
    assert await prune_older_than_first(3) == 3
    assert await stored_seqs(ROOM) == [4, 5, 6]
    async with live_socket() as ws:
        await subscribe(ws, since=3)  # the oldest seq it needs is still stored
        assert [f["seq"] for f in await receive_events(ws, 3)] == [4, 5, 6]
        assert await ws.receive_nothing(0.2)


async def test_since_behind_the_pruned_window_resets(live_socket):
    await publish_many(ROOM, 6)
    await prune_older_than_first(3)
    async with live_socket() as ws:
        await subscribe(ws, since=2)  # seq 3 is gone: replaying 4-6 would hide it
        assert await ws.receive_json_from() == {
            "type": "reset",
            "stream": ROOM,
            "seq": 6,
        }
        assert await ws.receive_nothing(0.2)
        await apublish(ROOM, "message.posted", {"n": 7})
        assert (await ws_next(ws))["seq"] == 7


async def test_a_client_up_to_date_with_a_fully_pruned_stream_is_not_reset(
    live_socket,
):
    await publish_many(ROOM, 3)
    assert await prune_older_than_first(3) == 0
    async with live_socket() as ws:
        assert (await subscribe(ws, since=3))["seq"] == 3
        assert await ws.receive_nothing(0.2)
        await subscribe(ws, since=1)
        assert (await ws.receive_json_from())["type"] == "reset"


# --- bad input -----------------------------------------------------------------
def assert_error(frame: dict, code: str) -> None:
    assert frame["type"] == "error", frame
    assert frame["code"] == code, frame
    assert isinstance(frame["message"], str) and frame["message"]


async def test_malformed_json_answers_an_error_and_the_socket_stays_usable(
    live_socket,
):
    async with live_socket() as ws:
        await ws.send_to(text_data='{"action": "subscribe", ')
        assert_error(await ws.receive_json_from(), "malformed")
        await assert_still_answers(ws)


@pytest.mark.parametrize(
    "text",
    [
        "[1, 2, 3]",
        '"subscribe"',
        "42",
        "null",
        "[" * 2000 + "]" * 2000,  # deep enough to exhaust the decoder's recursion
    ],
    ids=["array", "string", "number", "null", "deeply-nested"],
)
async def test_json_that_is_not_an_object_is_malformed(live_socket, text):
    async with live_socket() as ws:
        await ws.send_to(text_data=text)
        assert_error(await ws.receive_json_from(), "malformed")
        await assert_still_answers(ws)


async def test_binary_frame_is_rejected(live_socket):
    async with live_socket() as ws:
        await ws.send_to(bytes_data=b'{"action": "ping"}')
        assert_error(await ws.receive_json_from(), "malformed")
        await assert_still_answers(ws)


async def test_oversized_frame_is_too_large(live_socket, settings):
    async with live_socket() as ws:
        padding = "x" * settings.LIVE_MAX_FRAME_BYTES
        await ws.send_json_to({"action": "ping", "padding": padding})
        assert_error(await ws.receive_json_from(), "too_large")
        await assert_still_answers(ws)


async def test_frame_size_is_counted_in_bytes_not_characters(live_socket, settings):
    async with live_socket() as ws:
        # "ż" is two bytes in UTF-8: fewer characters than the limit, more bytes.
        padding = "ż" * (settings.LIVE_MAX_FRAME_BYTES // 2)
        await ws.send_to(
            text_data=json.dumps({"action": "ping", "p": padding}, ensure_ascii=False)
        )
        assert_error(await ws.receive_json_from(), "too_large")


@pytest.mark.parametrize(
    "frame",
    [{"action": "dance"}, {"action": "__init__"}, {"action": 7}, {"stream": ROOM}],
    ids=["unknown", "dunder", "not-a-string", "missing"],
)
async def test_unknown_action_is_an_error(live_socket, frame):
    async with live_socket() as ws:
        await ws.send_json_to(frame)
        assert_error(await ws.receive_json_from(), "unknown_action")
        await assert_still_answers(ws)


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "subscribe"},
        {"action": "subscribe", "stream": ["test.room.1"]},
        {"action": "subscribe", "stream": "test room"},
        {"action": "subscribe", "stream": "test.room." + "x" * 100},
        {"action": "subscribe", "stream": ROOM, "since": -1},
        {"action": "subscribe", "stream": ROOM, "since": "3"},
        {"action": "subscribe", "stream": ROOM, "since": 2.5},
        {"action": "subscribe", "stream": ROOM, "since": True},
        {"action": "subscribe", "stream": ROOM, "since": 2**64},
        {"action": "unsubscribe", "stream": {"a": 1}},
    ],
    ids=[
        "no-stream",
        "stream-list",
        "stream-space",
        "stream-too-long",
        "since-negative",
        "since-string",
        "since-float",
        "since-bool",
        "since-huge",
        "unsubscribe-object",
    ],
)
async def test_bad_subscribe_fields_are_malformed(live_socket, frame):
    async with live_socket() as ws:
        await ws.send_json_to(frame)
        assert_error(await ws.receive_json_from(), "malformed")
        await assert_still_answers(ws)


async def test_rate_limit_answers_rate_limited_and_the_socket_stays_open(
    live_socket, monkeypatch
):
    now = [1000.0]
    monkeypatch.setattr(consumers, "_clock", lambda: now[0])
    with override_settings(LIVE_RATE_LIMIT=(3, 10)):
        async with live_socket() as ws:
            for _ in range(3):
                await assert_still_answers(ws)
            await ws.send_json_to({"action": "ping"})
            assert_error(await ws.receive_json_from(), "rate_limited")
            # Further frames in the same burst are dropped without more errors.
            await ws.send_json_to({"action": "ping"})
            assert await ws.receive_nothing(0.2)

            now[0] += 10  # the window has passed
            await assert_still_answers(ws)


# --- permissions and sessions --------------------------------------------------
async def test_stream_nobody_registered_is_forbidden(live_socket):
    async with live_socket() as ws:
        await ws.send_json_to({"action": "subscribe", "stream": "nobody.owns.this"})
        frame = await ws.receive_json_from()
        assert_error(frame, "forbidden")
        assert frame["stream"] == "nobody.owns.this"


async def test_stream_the_check_refuses_is_forbidden(live_socket):
    async with live_socket() as ws:
        await ws.send_json_to({"action": "subscribe", "stream": "test.room.closed"})
        assert_error(await ws.receive_json_from(), "forbidden")
        await apublish("test.room.closed", "message.posted", {"n": 1})
        assert await ws.receive_nothing(0.3)


async def test_failing_read_check_refuses_instead_of_closing(live_socket):
    async with live_socket() as ws:
        await ws.send_json_to({"action": "subscribe", "stream": "test.broken.abc"})
        assert_error(await ws.receive_json_from(), "forbidden")
        await assert_still_answers(ws)


async def test_members_only_stream_refuses_anonymous_and_admits_signed_in_user(
    live_socket, make_user
):
    async with live_socket() as ws:
        await ws.send_json_to({"action": "subscribe", "stream": "test.private"})
        assert_error(await ws.receive_json_from(), "forbidden")

    user = await database_sync_to_async(make_user)("member@example.org")
    cookie = await session_cookie_for(user)
    async with live_socket(cookie=cookie) as ws:
        await subscribe(ws, "test.private")
        await apublish("test.private", "note.added", {"id": 1})
        assert (await ws_next(ws))["data"] == {"id": 1}


async def test_forged_session_cookie_is_anonymous(live_socket):
    async with live_socket(cookie=b"sessionid=not-a-real-session") as ws:
        await ws.send_json_to({"action": "subscribe", "stream": "test.private"})
        assert_error(await ws.receive_json_from(), "forbidden")


async def test_socket_from_another_origin_is_refused(fresh_layer):
    from cms.asgi import application

    for origin in (b"http://evil.example.com", None):
        headers = [(b"origin", origin)] if origin else []
        ws = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        connected, _ = await ws.connect()
        assert not connected
        await ws.disconnect()


async def test_too_many_streams_on_one_socket(live_socket):
    async with live_socket() as ws:
        for n in range(consumers.MAX_STREAMS_PER_SOCKET):
            await subscribe(ws, f"test.room.{n}")
        await ws.send_json_to({"action": "subscribe", "stream": "test.room.x"})
        assert_error(await ws.receive_json_from(), "too_many_streams")
        await subscribe(ws, "test.room.0")  # re-subscribing is not a new stream


async def test_error_messages_follow_the_pages_language(live_socket):
    async with live_socket(path="/ws/live/?lang=en") as ws:
        await ws.send_json_to({"action": "dance"})
        assert (await ws.receive_json_from())["message"] == "Unknown action."


# --- publishing from inside a consumer -----------------------------------------
class ChatConsumer(consumers.LiveConsumer):
    """What an app's consumer does: a client action calls a service that
    publishes, in the database thread."""

    async def action_say(self, content):
        await database_sync_to_async(self.say)(content["text"])

    def say(self, text):
        with transaction.atomic():
            publish(ROOM, "message.posted", {"text": text})


async def test_publish_from_a_consumers_database_thread_reaches_every_socket(
    live_socket,
):
    app = AuthMiddlewareStack(ChatConsumer.as_asgi())
    speaker = WebsocketCommunicator(app, "/ws/chat/", headers=[ORIGIN])
    assert (await speaker.connect())[0]
    try:
        async with live_socket() as listener:
            await subscribe(listener)
            await subscribe(speaker)
            await speaker.send_json_to({"action": "say", "text": "Cześć"})
            for ws in (speaker, listener):
                frame = await ws_next(ws)
                assert (frame["seq"], frame["data"]) == (1, {"text": "Cześć"})
    finally:
        await speaker.disconnect()


async def wait_for(condition, timeout=2.0):
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


async def _connects(headers) -> bool:
    from cms.asgi import application

    ws = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _ = await ws.connect()
    await ws.disconnect()
    return connected


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        (b"testserver", b"http://testserver:8080"),  # another port, same host
        (b"testserver", b"https://evil"),
        (b"testserver", b"https://testserver"),  # the socket is plain ws://
        (b"testserver", b"http://evil.testserver"),
        (b"testserver", b"null"),
        (b"testserver", b"http://testserver/path"),
        (b"testserver", b"http://user@testserver"),
        (b"evil.example", b"http://evil.example"),  # not in ALLOWED_HOSTS
        (None, b"http://testserver"),
    ],
)
async def test_socket_from_another_scheme_host_or_port_is_refused(
    fresh_layer, host, origin
):
    headers = [(b"origin", origin)] + ([(b"host", host)] if host else [])
    assert not await _connects(headers)


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        (b"testserver", b"http://testserver"),
        (b"testserver", b"http://TestServer:80"),
        (b"localhost:8000", b"http://localhost:8000"),
    ],
)
async def test_socket_from_the_sites_own_origin_connects(fresh_layer, host, origin):
    assert await _connects([(b"host", host), (b"origin", origin)])


async def test_behind_a_tls_proxy_only_the_https_origin_connects(fresh_layer, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = [(b"host", b"testserver"), (b"x-forwarded-proto", b"https")]
    assert await _connects([*proxied, (b"origin", b"https://testserver")])
    assert not await _connects([*proxied, (b"origin", b"http://testserver")])
