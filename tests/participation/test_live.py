"""Live events of a thread: written with the change, sent after commit."""

import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from cms.live.models import Stream, StreamEvent
from participation import services
from participation.models import Comment


def stream_events(target) -> list[tuple[str, dict]]:
    return [
        (event.type, event.payload)
        for event in StreamEvent.objects.filter(
            stream__name=target.comment_stream()
        ).order_by("seq")
    ]


@pytest.mark.django_db
def test_every_service_publishes_its_event_type(
    target, resident, neighbour, moderator, official, django_capture_on_commit_callbacks
):
    comment = services.comment_create(author=resident, target=target, text="A")
    services.comment_edit(user=resident, comment=comment, text="B")
    # Support counts go out as a snapshot once the write has committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_support(user=neighbour, comment=comment, support=True)
    services.official_response_publish(
        official=official, comment=comment, decision="accepted", reasoning="Tak"
    )
    services.comment_hide(moderator=moderator, comment=comment, reason="Test")
    services.comment_unhide(moderator=moderator, comment=comment)
    services.comment_delete(user=resident, comment=comment)

    published = stream_events(target)

    assert [kind for kind, _ in published] == [
        "comment.created",
        "comment.updated",
        "comment.tallies",
        "response.published",
        "comment.updated",
        "comment.updated",
        "comment.updated",
    ]
    tallies = published[2][1]
    assert tallies["supports"][str(comment.pk)]["count"] == 1
    assert tallies["supports"][str(comment.pk)]["label"] == {
        "pl": "1 poparcie",
        "en": "1 support",
    }
    for kind, payload in published:
        if kind != "comment.tallies":
            assert "counts" in payload
            assert set(payload["html"]) == {"pl", "en"}
    assert published[3][1]["comment_id"] == comment.pk
    assert published[3][1]["counts"]["answered"] == 1
    assert published[-1][1]["counts"] == {"anchors": {}, "answered": 0, "top_level": 0}


@pytest.mark.django_db
def test_events_carry_the_comment_as_the_public_sees_it(target, resident, moderator):
    """Rendered once for all readers: the text, the author, no reader's controls
    shown, no CSRF token; a hidden comment's text is not in it."""
    from bs4 import BeautifulSoup

    comment = services.comment_create(
        author=resident, target=target, text="Więcej drzew <b>przy szkole</b>"
    )
    created = stream_events(target)[-1][1]
    article = BeautifulSoup(created["html"]["pl"], "html.parser").article
    assert article["id"] == f"comment-{comment.pk}"
    assert "Więcej drzew <b>przy szkole</b>" in article.get_text()
    assert "Anna Mieszkanka" in article.get_text()
    assert article["data-author-id"] == str(resident.pk)
    assert not article.select('input[name="csrfmiddlewaretoken"]')
    controls = article.select("[data-control]")
    assert {c["data-control"] for c in controls} >= {"reply", "support", "flag"}
    assert all(c.has_attr("hidden") for c in controls)
    assert "Odpowiedz" in created["html"]["pl"]
    assert "Reply" in created["html"]["en"]
    # Polish words in the English rendering say so; not in the Polish one.
    english = BeautifulSoup(created["html"]["en"], "html.parser")
    assert english.select_one(".comment-text")["lang"] == "pl"
    assert not article.select_one(".comment-text").has_attr("lang")
    # The provision is named as the server-rendered thread names it.
    label = article.select_one(".comment-provision").get_text(strip=True)
    assert label == dict(target.comment_anchor_choices())[""]

    services.comment_hide(moderator=moderator, comment=comment, reason="Spam")
    hidden = stream_events(target)[-1][1]["html"]["pl"]
    assert "Więcej drzew" not in hidden
    assert "Spam" in hidden


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_supports_becomes_one_snapshot(
    target, resident, make_user, settings
):
    """On the server's event loop, ten supports in a row reach open pages as one
    snapshot event, read after the last of them."""
    import asyncio

    from asgiref.sync import async_to_sync

    from cms.live import tallies

    settings.LIVE_TALLY_SECONDS = 0.2
    comment = services.comment_create(author=resident, target=target, text="A")
    supporters = [make_user(f"s{n}@example.org") for n in range(10)]
    before = len(stream_events(target))
    support = database_sync_to_async(services.comment_support)

    async def burst() -> float:
        tallies.bind_loop(asyncio.get_running_loop())
        try:
            started = time.monotonic()
            for user in supporters:
                await support(user=user, comment=comment, support=True)
            elapsed = time.monotonic() - started
            await asyncio.sleep(0.6)
            return elapsed
        finally:
            tallies.bind_loop(None)

    elapsed = async_to_sync(burst)()

    published = stream_events(target)[before:]
    assert {kind for kind, _ in published} == {"comment.tallies"}
    # One snapshot per period at most, however many supports it covers...
    assert len(published) <= elapsed / settings.LIVE_TALLY_SECONDS + 1
    assert len(published) < len(supporters)
    # ... and the last one tells the truth.
    assert published[-1][1]["supports"][str(comment.pk)]["count"] == 10


@pytest.mark.django_db
def test_event_is_part_of_the_transaction_and_rolls_back_with_it(target, resident):
    services.comment_create(author=resident, target=target, text="Pierwsza")

    with pytest.raises(RuntimeError), transaction.atomic():
        services.comment_create(author=resident, target=target, text="Druga")
        assert len(stream_events(target)) == 2
        raise RuntimeError("the caller's transaction fails later")

    assert Comment.objects.count() == 1
    assert [kind for kind, _ in stream_events(target)] == ["comment.created"]
    assert Stream.objects.get(name=target.comment_stream()).last_seq == 1


@pytest.mark.django_db
def test_invalid_create_leaves_no_event(target, resident):
    with pytest.raises(ValidationError):
        services.comment_create(author=resident, target=target, text="", anchor="p9")

    assert stream_events(target) == []
    assert not Stream.objects.filter(name=target.comment_stream(), last_seq__gt=0)


# --- over a real WebSocket --------------------------------------------------------
@pytest.fixture
async def fresh_layer():
    channel_layers.backends.clear()
    yield get_channel_layer()
    await get_channel_layer().flush()
    channel_layers.backends.clear()


@database_sync_to_async
def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_subscriber_hears_comment_created_only_after_commit(
    fresh_layer, make_target, resident, neighbour
):
    from cms.asgi import application

    target = await database_sync_to_async(make_target)()
    stream = target.comment_stream()
    ws = WebsocketCommunicator(
        application,
        "/ws/live/",
        headers=[
            (b"host", b"testserver"),
            (b"origin", b"http://testserver"),
            (b"cookie", await session_cookie(neighbour)),
        ],
    )
    connected, _ = await ws.connect()
    assert connected
    try:
        await ws.send_json_to({"action": "subscribe", "stream": stream, "since": 0})
        assert (await ws.receive_json_from())["type"] == "subscribed"

        holder = {}

        def create_then_pause():
            with transaction.atomic():
                holder["comment"] = services.comment_create(
                    author=resident, target=target, text="Na żywo", anchor="p1"
                )
                holder["before_commit"] = StreamEvent.objects.filter(
                    stream__name=stream
                ).count()

        await database_sync_to_async(create_then_pause)()
        frame = await ws.receive_json_from(timeout=5)

        comment = holder["comment"]
        assert holder["before_commit"] == 1
        assert frame["type"] == "event"
        assert frame["stream"] == stream
        assert frame["seq"] == 1
        assert frame["event"] == "comment.created"
        # The subscriber gets the comment itself: no request back for it.
        data = frame["data"]
        assert "Na żywo" in data.pop("html")["pl"]
        assert data == {
            "id": comment.pk,
            "parent_id": None,
            "anchor": "p1",
            "counts": {"anchors": {"p1": 1}, "answered": 0, "top_level": 1},
        }
        assert await ws.receive_nothing()
    finally:
        await ws.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_rolled_back_comment_never_reaches_subscribers(
    fresh_layer, make_target, resident
):
    from cms.asgi import application

    target = await database_sync_to_async(make_target)()
    ws = WebsocketCommunicator(
        application,
        "/ws/live/",
        headers=[(b"host", b"testserver"), (b"origin", b"http://testserver")],
    )
    await ws.connect()
    try:
        await ws.send_json_to(
            {"action": "subscribe", "stream": target.comment_stream(), "since": 0}
        )
        assert (await ws.receive_json_from())["type"] == "subscribed"

        def create_and_fail():
            with pytest.raises(RuntimeError), transaction.atomic():
                services.comment_create(author=resident, target=target, text="Nie")
                raise RuntimeError("rolled back")

        await database_sync_to_async(create_and_fail)()

        assert await ws.receive_nothing(timeout=0.5)
    finally:
        await ws.disconnect()
