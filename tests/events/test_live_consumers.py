"""The live session over real sockets (cms.asgi.application): facilitator
commands, agenda, timer, polls, questions, late join and reconnect, bad frames
and limits."""

import contextlib
from datetime import datetime

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client

from cms.accounts.roles import FACILITATORS
from cms.live import sockets
from cms.live.models import StreamEvent
from cms.visibility import Viewer
from events.live_actions import COMMANDS
from events.models import (
    Ballot,
    LiveSession,
    Poll,
    PollStatus,
    Question,
    QuestionStatus,
    QuestionUpvote,
    SessionStatus,
)
from events.services import live as services
from participation.models import ModerationLogEntry
from tests.events.live_factories import guest_client, live_event, register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAME_ORIGIN = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


@pytest.fixture
async def layer():
    channel_layers.backends.clear()
    yield get_channel_layer()
    layer = get_channel_layer()
    await layer.flush()
    if hasattr(layer, "close_pools"):
        await layer.close_pools()
    channel_layers.backends.clear()


@pytest.fixture
def open_socket(layer):
    from cms.asgi import application

    @contextlib.asynccontextmanager
    async def open_(cookie: bytes | None = None, address="127.0.0.1"):
        headers = [*SAME_ORIGIN]
        if cookie:
            headers.append((b"cookie", cookie))
        ws = WebsocketCommunicator(application, "/ws/live/?lang=en", headers=headers)
        ws.scope["client"] = (address, 50000)
        connected, _ = await ws.connect()
        assert connected
        try:
            yield ws
        finally:
            await ws.disconnect()

    return open_


def cookie_of(client: Client) -> bytes:
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@database_sync_to_async
def login_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return cookie_of(client)


@database_sync_to_async
def guest_cookie(event) -> bytes:
    return cookie_of(guest_client(event))


@pytest.fixture
def room(facilitator, resident, make_user):
    """An event with its facilitator, a registered participant and a watcher."""
    event = live_event(facilitator)
    register(resident, event)
    return event


async def subscribe(ws, stream, since=None):
    frame = {"action": "subscribe", "stream": stream}
    if since is not None:
        frame["since"] = since
    await ws.send_json_to(frame)
    reply = await ws.receive_json_from(timeout=5)
    assert reply["type"] == "subscribed", reply
    return reply["seq"]


_ids = iter(range(1, 10**6))


async def ask(ws, name, data, key=None):
    frame = {"action": "request", "id": f"r{next(_ids)}", "name": name, "data": data}
    if key:
        frame["key"] = key
    await ws.send_json_to(frame)


async def answer(ws, timeout=5):
    """The next ack or error, skipping event frames."""
    while True:
        frame = await ws.receive_json_from(timeout=timeout)
        if frame["type"] in ("ack", "error"):
            return frame


async def next_event(ws, event_type, timeout=5):
    while True:
        frame = await ws.receive_json_from(timeout=timeout)
        if frame["type"] == "event" and frame["event"] == event_type:
            return frame


async def drain(ws) -> list[dict]:
    frames = []
    while not await ws.receive_nothing(timeout=0.15):
        frames.append(await ws.receive_json_from())
    return frames


def command_data(name, event, poll=None, question=None, item=None):
    extra = {
        "agenda_go": {"item": item},
        "timer_start": {"minutes": 5},
        "message_set": {"message": "Witamy"},
        "guests_allow": {"allowed": True},
        "poll_create": {"question": "Q?", "kind": "single", "options": ["A", "B"]},
        "poll_open": {"poll": poll},
        "poll_close": {"poll": poll},
        "poll_reveal": {"poll": poll},
        "question_pin": {"question": question, "pinned": True},
        "question_answer": {"question": question},
        "question_hide": {"question": question, "reason": "Poza tematem"},
    }.get(name, {})
    return {"event": event.pk, **extra}


@database_sync_to_async
def snapshot(event):
    """Everything a command could change."""
    session = LiveSession.objects.get(event=event)
    return (
        StreamEvent.objects.count(),
        session.status,
        session.current_item_id,
        session.item_deadline,
        session.message,
        session.guests_allowed,
        list(Poll.objects.values_list("pk", "status", "revealed")),
        list(Question.objects.values_list("pk", "status", "pinned")),
        ModerationLogEntry.objects.count(),
    )


@database_sync_to_async
def prepare_targets(event, facilitator, resident):
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="P?",
        kind="single",
        options=["A", "B"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    question = services.question_ask(viewer=Viewer(resident), event=event, text="Q?")
    item = event.agenda_items.first()
    return poll.pk, question.pk, item.pk


@pytest.mark.parametrize(
    "who", ["participant", "guest", "anonymous", "other_facilitator"]
)
async def test_every_command_is_refused_on_the_socket_for_anyone_but_facilitators(
    who, open_socket, room, facilitator, resident, make_user
):
    poll, question, item = await prepare_targets(room, facilitator, resident)
    if who == "participant":
        cookie = await login_cookie(resident)
    elif who == "guest":
        cookie = await guest_cookie(room)
    elif who == "anonymous":
        cookie = None
    else:
        other = await database_sync_to_async(make_user)(
            "other-f@example.org", groups=[FACILITATORS]
        )
        cookie = await login_cookie(other)
    before = await snapshot(room)
    async with open_socket(cookie) as ws:
        for name in COMMANDS:
            await ask(
                ws, f"events.{name}", command_data(name, room, poll, question, item)
            )
            reply = await answer(ws)
            assert reply["type"] == "error" and reply["code"] == "forbidden", (
                name,
                reply,
            )
    assert await snapshot(room) == before


async def test_every_command_works_for_the_facilitator(
    open_socket, room, facilitator, resident
):
    poll, question, item = await prepare_targets(room, facilitator, resident)
    cookie = await login_cookie(facilitator)
    order = [
        "session_start",
        "session_pause",
        "session_resume",
        "agenda_go",
        "timer_start",
        "message_set",
        "guests_allow",
        "poll_create",
        "poll_close",
        "poll_reveal",
        "poll_open",
        "question_pin",
        "question_answer",
        "question_hide",
        "session_end",
    ]
    assert set(order) == set(COMMANDS)
    async with open_socket(cookie) as ws:
        for name in order:
            await ask(
                ws, f"events.{name}", command_data(name, room, poll, question, item)
            )
            reply = await answer(ws)
            assert reply["type"] == "ack", (name, reply)
    session = await database_sync_to_async(LiveSession.objects.get)(event=room)
    assert session.status == SessionStatus.ENDED
    assert session.guests_allowed and session.message == "Witamy"
    hidden = await database_sync_to_async(Question.objects.get)(pk=question)
    assert hidden.status == QuestionStatus.HIDDEN
    reasons = await database_sync_to_async(
        lambda: list(ModerationLogEntry.objects.values_list("action", "reason"))
    )()
    assert ("hide", "Poza tematem") in reasons and len(reasons) == 3


async def test_agenda_and_timer_reach_participants_with_deadline_and_server_clock(
    open_socket, room, facilitator, resident
):
    item = await database_sync_to_async(lambda: room.agenda_items.last())()
    async with (
        open_socket(await login_cookie(facilitator)) as console,
        open_socket(await login_cookie(resident)) as phone,
    ):
        await subscribe(phone, room.live_stream())
        await ask(console, "events.session_start", {"event": room.pk})
        frame = await next_event(phone, "event.session")
        assert frame["data"]["status"] == "running"
        await ask(console, "events.agenda_go", {"event": room.pk, "item": item.pk})
        frame = await next_event(phone, "event.session")
        assert frame["data"]["item"] == {
            "id": item.pk,
            "title": "Budżet",
            "speaker": "Skarbnik",
            "planned_minutes": 20,
        }
        assert frame["data"]["deadline"] is None
        await ask(console, "events.timer_start", {"event": room.pk, "minutes": 7})
        frame = await next_event(phone, "event.session")
        deadline = datetime.fromisoformat(frame["data"]["deadline"])
        server_now = datetime.fromisoformat(frame["data"]["server_now"])
        assert abs((deadline - server_now).total_seconds() - 420) < 2
        # No ticks: nothing more arrives while the countdown runs.
        assert await phone.receive_nothing(timeout=0.3)


@database_sync_to_async
def open_poll(event, facilitator, kind="single"):
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="Który park?",
        kind=kind,
        options=["Północny", "Południowy", "Zachodni"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    return poll, [o.pk for o in poll.options.all()]


async def test_a_prepared_poll_reaches_every_console_and_not_the_room(
    open_socket, room, facilitator, resident
):
    """As the console's form sends it: the question and the options as text
    (one per line). Every open console gets the draft with its options; the
    room's stream carries nothing until it is opened."""
    async with (
        open_socket(await login_cookie(facilitator)) as console,
        open_socket(await login_cookie(resident)) as phone,
    ):
        await subscribe(console, room.console_stream())
        await subscribe(console, room.live_stream())
        await subscribe(phone, room.live_stream())
        await ask(
            console,
            "events.poll_create",
            {
                "event": room.pk,
                "question": "Który park odnowić?",
                "kind": "single",
                "options": "Północny\nPołudniowy\n",
            },
        )
        reply = await answer(console)
        assert reply["type"] == "ack", reply
        draft = await next_event(console, "event.poll")
        assert draft["stream"] == room.console_stream()
        assert draft["data"]["id"] == reply["data"]["id"]
        assert draft["data"]["status"] == "draft"
        assert draft["data"]["question"] == "Który park odnowić?"
        assert [o["label"] for o in draft["data"]["options"]] == [
            "Północny",
            "Południowy",
        ]
        assert await phone.receive_nothing(timeout=0.2)
        await ask(
            console, "events.poll_open", {"event": room.pk, "poll": draft["data"]["id"]}
        )
        opened = await next_event(phone, "event.poll")
        assert opened["data"]["status"] == "open"
        assert opened["data"]["counts"] is None


async def test_poll_votes_once_results_hidden_until_revealed_console_sees_counts(
    open_socket, room, facilitator, resident
):
    poll, options = await open_poll(room, facilitator)
    guest = await guest_cookie(room)
    async with (
        open_socket(await login_cookie(facilitator)) as console,
        open_socket(await login_cookie(resident)) as phone,
        open_socket(guest) as guest_phone,
        open_socket() as watcher,
    ):
        await subscribe(console, room.console_stream())
        await subscribe(watcher, room.live_stream())
        await ask(phone, "events.vote", {"poll": poll.pk, "options": [options[0]]})
        assert (await answer(phone))["type"] == "ack"
        tally = await next_event(watcher, "event.poll_tallies")
        assert tally["data"]["polls"][str(poll.pk)] == {"voters": 1, "counts": None}
        counts = await next_event(console, "event.console_tallies")
        assert counts["data"]["polls"][str(poll.pk)]["counts"] == {str(options[0]): 1}

        # The same person again, from any socket: refused, counted once.
        await ask(phone, "events.vote", {"poll": poll.pk, "options": [options[1]]})
        again = await answer(phone)
        assert again["type"] == "error" and again["code"] == "invalid"
        # Two options in a single-choice poll, options of no poll, a watcher.
        await ask(guest_phone, "events.vote", {"poll": poll.pk, "options": options[:2]})
        assert (await answer(guest_phone))["code"] == "invalid"
        await ask(guest_phone, "events.vote", {"poll": poll.pk, "options": [10**9]})
        assert (await answer(guest_phone))["code"] == "invalid"
        await ask(watcher, "events.vote", {"poll": poll.pk, "options": [options[0]]})
        assert (await answer(watcher))["code"] == "forbidden"
        await ask(
            guest_phone, "events.vote", {"poll": poll.pk, "options": [options[2]]}
        )
        assert (await answer(guest_phone))["type"] == "ack"

        await ask(console, "events.poll_reveal", {"event": room.pk, "poll": poll.pk})
        assert (await answer(console))["type"] == "ack"
        revealed = await next_event(watcher, "event.poll")
        assert revealed["data"]["revealed"] is True
        assert revealed["data"]["voters"] == 2
        assert revealed["data"]["counts"] == {str(options[0]): 1, str(options[2]): 1}
        await ask(console, "events.poll_close", {"event": room.pk, "poll": poll.pk})
        await answer(console)
        await ask(
            guest_phone, "events.vote", {"poll": poll.pk, "options": [options[0]]}
        )
        assert (await answer(guest_phone))["code"] == "invalid"
    assert await database_sync_to_async(Ballot.objects.filter(poll=poll).count)() == 2


async def test_the_database_refuses_a_second_ballot_and_upvote(
    room, facilitator, resident
):
    poll, options = await open_poll(room, facilitator)

    @database_sync_to_async
    def twice():
        Ballot.objects.create(poll=poll, user=resident)
        with pytest.raises(IntegrityError), transaction.atomic():
            Ballot.objects.create(poll=poll, user=resident)
        question = services.question_ask(viewer=Viewer(resident), event=room, text="?!")
        QuestionUpvote.objects.create(question=question, user=resident)
        with pytest.raises(IntegrityError), transaction.atomic():
            QuestionUpvote.objects.create(question=question, user=resident)
        with pytest.raises(IntegrityError), transaction.atomic():
            Ballot.objects.create(poll=poll)  # nobody

    await twice()


def test_many_votes_reach_watchers_as_a_few_snapshots(
    room, facilitator, make_user, settings
):
    """Sync test around the event loop (as the supports' one): the tally's
    flush needs the database thread the loop hands work to.

    Nothing here depends on the machine's speed. While the votes are cast the
    coalescing delay is an hour, so no timer can fire: every vote, each
    committed on its own, only joins the pending snapshot, and the watcher gets
    no frame at all (one frame per vote would show here). Then the pending
    snapshot is sent: one frame with the exact count. Last, with a short delay,
    one more vote shows the timer sends a snapshot by itself."""
    from asgiref.sync import async_to_sync

    from cms.asgi import application
    from cms.live import tallies

    poll, options = async_to_sync(open_poll)(room, facilitator)
    people = [make_user(f"v{i}@example.org") for i in range(26)]
    for person in people:
        register(person, room)
    vote = database_sync_to_async(services.ballot_cast)
    channel_layers.backends.clear()

    async def run():
        watcher = WebsocketCommunicator(
            application, "/ws/live/", headers=[*SAME_ORIGIN]
        )
        await watcher.connect()
        try:
            await subscribe(watcher, room.live_stream())
            settings.EVENT_LIVE_TALLY_SECONDS = 3600
            for person in people[:25]:
                await vote(
                    viewer=Viewer(person), poll_id=poll.pk, option_ids=[options[0]]
                )
            # All 25 are committed; a frame per vote would be queued by now.
            during = [f for f in await drain(watcher) if f["type"] == "event"]
            sent = await database_sync_to_async(tallies.flush)(room.live_stream())
            snapshot = await next_event(watcher, "event.poll_tallies")
            after = [f for f in await drain(watcher) if f["type"] == "event"]

            settings.EVENT_LIVE_TALLY_SECONDS = 0.05
            await vote(
                viewer=Viewer(people[25]), poll_id=poll.pk, option_ids=[options[1]]
            )
            timed = await next_event(watcher, "event.poll_tallies", timeout=10)
            return during, sent, snapshot, after, timed
        finally:
            await watcher.disconnect()
            tallies.bind_loop(None)

    during, sent, snapshot, after, timed = async_to_sync(run)()
    channel_layers.backends.clear()
    assert during == []
    assert sent == 1
    assert snapshot["data"]["polls"][str(poll.pk)] == {"voters": 25, "counts": None}
    assert after == []
    assert timed["data"]["polls"][str(poll.pk)]["voters"] == 26
    assert Ballot.objects.filter(poll=poll).count() == 26


async def test_questions_reorder_by_upvotes_and_hiding_is_logged(
    open_socket, room, facilitator, resident
):
    guest = await guest_cookie(room)
    async with (
        open_socket(await login_cookie(facilitator)) as console,
        open_socket(await login_cookie(resident)) as phone,
        open_socket(guest) as guest_phone,
    ):
        await subscribe(guest_phone, room.live_stream())
        await ask(
            phone,
            "events.question_ask",
            {"event": room.pk, "text": "<script>x</script>Kiedy?"},
        )
        assert (await answer(phone))["type"] == "ack"
        created = await next_event(guest_phone, "event.question")
        assert created["data"]["text"] == "xKiedy?"
        qid = created["data"]["id"]
        await ask(guest_phone, "events.question_upvote", {"question": qid})
        assert (await answer(guest_phone))["type"] == "ack"
        tally = await next_event(guest_phone, "event.question_tallies")
        assert tally["data"]["questions"] == {str(qid): 1}
        await ask(guest_phone, "events.question_upvote", {"question": qid})
        assert (await answer(guest_phone))["code"] == "invalid"
        await ask(
            console,
            "events.question_hide",
            {"event": room.pk, "question": qid, "reason": ""},
        )
        refused = await answer(console)
        assert refused["code"] == "invalid" and "reason" in refused["fields"]
        await ask(
            console,
            "events.question_hide",
            {"event": room.pk, "question": qid, "reason": "Obraźliwe"},
        )
        assert (await answer(console))["type"] == "ack"
        hidden = await next_event(guest_phone, "event.question")
        assert hidden["data"]["status"] == "hidden" and hidden["data"]["text"] == ""
    entry = await database_sync_to_async(
        lambda: ModerationLogEntry.objects.select_related("target_type").get()
    )()
    assert (entry.target_type.model, entry.target_id, entry.reason) == (
        "question",
        qid,
        "Obraźliwe",
    )
    assert entry.comment_id is None


async def test_late_join_and_reconnect_get_the_present_state_once(
    open_socket, room, facilitator, resident
):
    stream = room.live_stream()
    start = await database_sync_to_async(
        lambda: services.session_start(facilitator=facilitator, event=room)
    )()
    assert start.status == SessionStatus.RUNNING
    page_seq = await database_sync_to_async(
        lambda: StreamEvent.objects.filter(stream__name=stream).count()
    )()
    # Things happen between the page's render and its socket.
    poll, _options = await open_poll(room, facilitator)
    async with open_socket(await login_cookie(resident)) as phone:
        await subscribe(phone, stream, since=page_seq)
        replay = [f for f in await drain(phone) if f["type"] == "event"]
        assert [f["event"] for f in replay] == ["event.poll"]
        assert replay[0]["data"]["status"] == PollStatus.OPEN
        last_seen = replay[-1]["seq"]
    # Offline: a message and the poll closes.
    await database_sync_to_async(services.message_set)(
        facilitator=facilitator, event=room, message="Głosowanie zamknięte"
    )
    await database_sync_to_async(services.poll_close)(
        facilitator=facilitator, event=room, poll_id=poll.pk
    )
    async with open_socket(await login_cookie(resident)) as phone:
        await subscribe(phone, stream, since=last_seen)
        replay = [f for f in await drain(phone) if f["type"] == "event"]
    assert [f["seq"] for f in replay] == [last_seen + 1, last_seen + 2]
    assert replay[0]["data"]["message"] == "Głosowanie zamknięte"
    assert replay[1]["data"]["status"] == "closed"


async def test_bad_frames_get_error_frames_and_harm_no_one_else(
    open_socket, room, facilitator, resident, settings
):
    async with (
        open_socket(await login_cookie(resident)) as rogue,
        open_socket() as bystander,
    ):
        await subscribe(bystander, room.live_stream())
        await rogue.send_to(text_data="{not json")
        assert (await rogue.receive_json_from())["code"] == "malformed"
        await rogue.send_to(text_data="x" * (settings.LIVE_MAX_FRAME_BYTES + 1))
        assert (await rogue.receive_json_from())["code"] == "too_large"
        await ask(rogue, "events.no_such_thing", {})
        assert (await answer(rogue))["code"] == "unknown_action"
        await ask(rogue, "events.vote", {"poll": "drop table", "options": "x"})
        assert (await answer(rogue))["code"] == "invalid"
        await ask(rogue, "events.question_ask", {"event": room.pk, "text": "x" * 301})
        assert (await answer(rogue))["code"] == "invalid"
        for _ in range(60):
            await rogue.send_json_to({"action": "ping"})
        frames = await drain(rogue)
        assert sum(f.get("code") == "rate_limited" for f in frames) == 1
        # Meanwhile the room goes on.
        await database_sync_to_async(services.session_start)(
            facilitator=facilitator, event=room
        )
        frame = await next_event(bystander, "event.session")
        assert frame["data"]["status"] == "running"


async def test_question_flood_is_rate_limited_per_participant(
    open_socket, room, resident, settings
):
    settings.WRITE_RATE_LIMITS = {
        **settings.WRITE_RATE_LIMITS,
        "event_question": (3, 60),
    }
    async with open_socket(await login_cookie(resident)) as phone:
        codes = []
        for n in range(5):
            await ask(
                phone, "events.question_ask", {"event": room.pk, "text": f"Pytanie {n}"}
            )
            reply = await answer(phone)
            codes.append(reply.get("code", reply["type"]))
    assert codes == ["ack", "ack", "ack", "rate_limited", "rate_limited"]
    assert await database_sync_to_async(Question.objects.count)() == 3


async def test_a_full_room_behind_one_address_is_not_refused(settings):
    # 300 phones on the venue's Wi-Fi: one address, a session each.
    cache.clear()
    places = [
        await database_sync_to_async(sockets.claim)(
            [f"session:{n:032x}", "address:192.0.2.10"], f"socket-{n}"
        )
        for n in range(300)
    ]
    assert all(place is not None for place in places)
    assert settings.LIVE_SOCKET_LIMITS["address"] >= 600


async def test_the_event_stream_has_its_own_socket_cap(open_socket, room, settings):
    settings.EVENT_LIVE_LIMITS = {**settings.EVENT_LIVE_LIMITS, "sockets": 2}
    async with open_socket() as one, open_socket() as two, open_socket() as three:
        await subscribe(one, room.live_stream())
        await subscribe(two, room.live_stream())
        await three.send_json_to({"action": "subscribe", "stream": room.live_stream()})
        refused = await three.receive_json_from()
        assert refused["code"] == "stream_full"
        await one.send_json_to({"action": "unsubscribe", "stream": room.live_stream()})
        await one.receive_json_from()
        await subscribe(three, room.live_stream())


def test_a_vote_costs_at_most_five_queries(room, facilitator, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.live import actions

    poll, options = async_to_sync_call(open_poll, room, facilitator)
    voter = make_user("voter@example.org")
    register(voter, room)
    action = actions.get_action("events.vote")
    with CaptureQueriesContext(connection) as captured:
        actions.perform(
            action,
            viewer=Viewer(voter),
            data={"poll": poll.pk, "options": [options[0]]},
            key=None,
            language="pl",
            socket="s",
        )
    # The vote's own transaction; the tally snapshot after it is shared by
    # every vote of its period (here, with no delay, it follows at once).
    sqls = [q["sql"] for q in captured.captured_queries]
    vote = sqls[: sqls.index("COMMIT")]
    statements = [
        sql for sql in vote if not sql.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) <= 5, statements


def async_to_sync_call(function, *args):
    from asgiref.sync import async_to_sync

    return async_to_sync(function)(*args)
