"""Live events of a thread: written with the change, sent after commit."""

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
    target, resident, neighbour, moderator, official
):
    comment = services.comment_create(author=resident, target=target, text="A")
    services.comment_edit(user=resident, comment=comment, text="B")
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
        "comment.supported",
        "response.published",
        "comment.updated",
        "comment.updated",
        "comment.updated",
    ]
    assert all("counts" in payload for _, payload in published)
    assert published[2][1]["support_count"] == 1
    assert published[3][1]["comment_id"] == comment.pk
    assert published[3][1]["counts"]["answered"] == 1
    assert published[-1][1]["counts"] == {"anchors": {}, "answered": 0, "top_level": 0}


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
        assert frame["data"] == {
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
        application, "/ws/live/", headers=[(b"origin", b"http://testserver")]
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
