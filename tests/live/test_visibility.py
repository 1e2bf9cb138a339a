"""A socket is asked again whether it may still read what it follows: when a
page is unpublished or restricted, when a role is revoked, after a logout."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group
from django.test import Client

from cms.accounts.permissions import is_moderator
from cms.accounts.roles import MODERATORS
from cms.live import consumers
from cms.live.publisher import publish
from cms.live.registry import register_stream, unregister_stream
from tests.consultations.factories import make_consultation

from .conftest import session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

apublish = database_sync_to_async(publish)


@pytest.fixture
def moderators_stream():
    register_stream("test.mods", lambda viewer, key: is_moderator(viewer.user))
    yield "test.mods"
    unregister_stream("test.mods")


@pytest.fixture
def clock(monkeypatch):
    now = [10_000.0]
    monkeypatch.setattr(consumers, "_clock", lambda: now[0])
    return now


async def subscribe(ws, stream):
    # From now on: no replay of what the page already showed.
    await ws.send_json_to({"action": "subscribe", "stream": stream})
    reply = await ws.receive_json_from()
    assert reply["type"] == "subscribed", reply


async def assert_refused(ws, stream):
    frame = await ws.receive_json_from()
    assert frame["type"] == "error", frame
    assert frame["code"] == "forbidden"
    assert frame["stream"] == stream
    # ... and no more events.
    await apublish(stream, "message.posted", {"n": 1})
    assert await ws.receive_nothing(timeout=0.3)


async def test_unpublishing_a_page_cuts_its_stream_off_at_once(live_socket, make_user):
    resident = await database_sync_to_async(make_user)()
    page = await database_sync_to_async(make_consultation)()
    stream = page.comment_stream()
    async with live_socket(cookie=await session_cookie_for(resident)) as ws:
        await subscribe(ws, stream)
        await database_sync_to_async(page.unpublish)()
        await assert_refused(ws, stream)


async def test_a_view_restriction_cuts_the_stream_off_for_those_left_out(
    live_socket, make_user
):
    from wagtail.models import PageViewRestriction

    resident = await database_sync_to_async(make_user)()
    page = await database_sync_to_async(make_consultation)()
    stream = page.comment_stream()
    async with (
        live_socket() as anonymous,
        live_socket(cookie=await session_cookie_for(resident)) as signed_in,
    ):
        await subscribe(anonymous, stream)
        await subscribe(signed_in, stream)
        await database_sync_to_async(PageViewRestriction.objects.create)(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        await assert_refused(anonymous, stream)
        # The signed-in reader passes the login restriction and keeps hearing.
        event = await signed_in.receive_json_from()
        assert event["type"] == "event" and event["event"] == "message.posted"


async def test_a_revoked_role_stops_the_stream_within_the_recheck_period(
    live_socket, make_user, moderators_stream, clock, settings
):
    moderator = await database_sync_to_async(make_user)(
        "moderator@example.org", groups=[MODERATORS]
    )
    async with live_socket(cookie=await session_cookie_for(moderator)) as ws:
        await subscribe(ws, moderators_stream)

        def revoke():
            moderator.groups.remove(Group.objects.get(name=MODERATORS))

        await database_sync_to_async(revoke)()
        # Within the period the socket trusts its last check...
        clock[0] += settings.LIVE_RECHECK_SECONDS - 1
        await ws.send_json_to({"action": "ping"})
        assert await ws.receive_json_from() == {"type": "pong"}
        # ... and on the first ping after it, asks again.
        clock[0] += 1
        await ws.send_json_to({"action": "ping"})
        frame = await ws.receive_json_from()
        assert frame["code"] == "forbidden" and frame["stream"] == moderators_stream
        assert await ws.receive_json_from() == {"type": "pong"}
        await assert_refused_quietly(ws, moderators_stream)


async def assert_refused_quietly(ws, stream):
    await apublish(stream, "message.posted", {"n": 2})
    assert await ws.receive_nothing(timeout=0.3)


async def test_a_socket_that_never_pings_is_rechecked_before_an_event(
    live_socket, make_user, moderators_stream, clock, settings
):
    moderator = await database_sync_to_async(make_user)(
        "moderator@example.org", groups=[MODERATORS]
    )
    async with live_socket(cookie=await session_cookie_for(moderator)) as ws:
        await subscribe(ws, moderators_stream)
        await database_sync_to_async(
            lambda: moderator.groups.remove(Group.objects.get(name=MODERATORS))
        )()
        clock[0] += 2 * settings.LIVE_RECHECK_SECONDS
        await apublish(moderators_stream, "message.posted", {"n": 1})
        frame = await ws.receive_json_from()
        assert frame["type"] == "error" and frame["code"] == "forbidden"
        assert await ws.receive_nothing(timeout=0.3)


async def test_logging_out_elsewhere_narrows_an_open_socket(
    live_socket, make_user, clock, settings
):
    resident = await database_sync_to_async(make_user)()

    def login_client():
        client = Client()
        client.force_login(resident)
        return client

    client = await database_sync_to_async(login_client)()
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    async with live_socket(cookie=cookie) as ws:
        await subscribe(ws, "test.private.1")
        await database_sync_to_async(client.post)("/konto/logout/")
        clock[0] += settings.LIVE_RECHECK_SECONDS
        await ws.send_json_to({"action": "ping"})
        frame = await ws.receive_json_from()
        assert frame["code"] == "forbidden" and frame["stream"] == "test.private.1"
