"""The consultation's live stream, through the real cms.asgi.application."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator

from consultations import services
from participation import services as participation

from .factories import act_editor, make_consultation, provision
from .test_services import ACT_TEXT_V2

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
async def socket():
    from cms.asgi import application

    channel_layers.backends.clear()
    communicator = WebsocketCommunicator(
        application,
        "/ws/live/",
        headers=[(b"host", b"testserver"), (b"origin", b"http://testserver")],
    )
    connected, _ = await communicator.connect()
    assert connected
    yield communicator
    await communicator.disconnect()
    channel_layers.backends.clear()


async def subscribe(ws, stream: str, since: int = 0) -> dict:
    await ws.send_json_to({"action": "subscribe", "stream": stream, "since": since})
    return await ws.receive_json_from()


async def test_readers_get_new_versions_and_comments_live(socket, make_user):
    resident = await database_sync_to_async(make_user)("anna@example.org")
    page = await database_sync_to_async(make_consultation)()
    stream = page.comment_stream()
    reply = await subscribe(socket, stream, since=1)  # v1's own event
    assert reply["type"] == "subscribed"

    @database_sync_to_async
    def publish_version_2():
        version = services.draft_act_version_create_from_text(
            act=page.draft_act, text=ACT_TEXT_V2, note="", user=act_editor()
        )
        services.version_publish(version=version, user=act_editor())

    await publish_version_2()
    frame = await socket.receive_json_from()
    assert frame["event"] == "act.version_published"
    assert frame["data"]["version"] == 2

    @database_sync_to_async
    def comment():
        key = str(provision(page, "§ 2 ust. 2").key)
        participation.comment_create(
            author=resident, target=page, text="Za rzadko.", anchor=key
        )
        return key

    key = await comment()
    frame = await socket.receive_json_from()
    assert frame["event"] == "comment.created"
    assert frame["data"]["counts"]["anchors"] == {key: 1}
    # The comment comes along, its provision named as on the page.
    assert "Za rzadko." in frame["data"]["html"]["pl"]
    assert "§ 2 ust. 2" in frame["data"]["html"]["pl"]

    @database_sync_to_async
    def comment_on_the_whole_act():
        participation.comment_create(author=resident, target=page, text="Całość.")

    await comment_on_the_whole_act()
    frame = await socket.receive_json_from()
    assert "Cały projekt" in frame["data"]["html"]["pl"]
    assert "Whole draft" in frame["data"]["html"]["en"]


async def test_unpublished_consultation_stream_is_refused(socket):
    @database_sync_to_async
    def unpublished():
        page = make_consultation()
        page.unpublish()
        return page

    page = await unpublished()
    reply = await subscribe(socket, page.comment_stream())
    assert reply["type"] == "error"


@pytest.mark.parametrize("spelling", ["0{pk}", "{pk}\n", "+{pk}"])
async def test_consultation_stream_is_only_read_under_its_canonical_name(
    socket, spelling
):
    page = await database_sync_to_async(make_consultation)()
    prefix = page.comment_stream().rpartition(".")[0]
    alias = f"{prefix}.{spelling.format(pk=page.pk)}"
    reply = await subscribe(socket, alias)
    assert reply["type"] == "error"
    # The canonical name still works on the same socket.
    reply = await subscribe(socket, page.comment_stream())
    assert reply["type"] == "subscribed"
