"""What one person, session, address and socket may hold and make the server
replay: the socket caps (settings.LIVE_SOCKET_LIMITS) and the replay budgets
(settings.LIVE_REPLAY_BUDGET), through the real cms.asgi.application."""

import asyncio
import contextlib

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from cms.live import sockets
from cms.live.consumers import CLOSE_TOO_MANY_SOCKETS
from cms.live.publisher import publish

from .conftest import SAME_ORIGIN, session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOM = "test.room.1"


@pytest.fixture
def open_socket(fresh_layer, test_streams):
    """Opens a socket that may be refused; yields (socket, refusal frame or None)."""
    from cms.asgi import application

    @contextlib.asynccontextmanager
    async def open_one(*, cookie: bytes | None = None, address: str | None = None):
        headers = [*SAME_ORIGIN] + ([(b"cookie", cookie)] if cookie else [])
        ws = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        if address:
            ws.scope["client"] = (address, 50000)
        connected, _ = await ws.connect()
        assert connected
        refusal = None
        if not await ws.receive_nothing(0.05):
            refusal = await ws.receive_json_from()
            closed = await ws.receive_output()
            assert closed == {"type": "websocket.close", "code": CLOSE_TOO_MANY_SOCKETS}
        try:
            yield ws, refusal
        finally:
            await ws.disconnect()

    return open_one


def assert_refused(refusal) -> None:
    assert refusal is not None
    assert refusal["type"] == "error" and refusal["code"] == "too_many_sockets"
    assert refusal["message"] == "Zbyt wiele otwartych połączeń."


async def assert_answers(ws) -> None:
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}


@pytest.fixture
async def cookies(make_user):
    """Two logins (two browsers) of one person, and another person's login."""
    make = database_sync_to_async(make_user)
    me, them = await make("ja@example.org"), await make("oni@example.org")
    return (
        await session_cookie_for(me),
        await session_cookie_for(me),
        await session_cookie_for(them),
    )


@database_sync_to_async
def anonymous_session_cookie() -> bytes:
    session = SessionStore()
    session["visited"] = True
    session.save()
    return f"sessionid={session.session_key}".encode()


# --- socket caps ----------------------------------------------------------------
async def test_a_user_past_the_socket_cap_is_refused_with_a_close_code(
    open_socket, cookies, settings
):
    settings.LIVE_SOCKET_LIMITS = {"user": 2, "session": 10, "address": 500}
    mine, other_login, theirs = cookies
    # Two logins of one user (two browsers) share the user's cap.
    async with open_socket(cookie=mine) as (first, refused_first):
        async with open_socket(cookie=other_login) as (_second, refused_second):
            assert refused_first is None and refused_second is None
            async with open_socket(cookie=mine) as (_third, refusal):
                assert_refused(refusal)
            async with open_socket(cookie=theirs) as (other, other_refusal):
                assert other_refusal is None
                await assert_answers(other)
            await assert_answers(first)
        # A closed socket gives its place back.
        async with open_socket(cookie=mine) as (again, refusal):
            assert refusal is None
            await assert_answers(again)


async def test_a_session_past_the_socket_cap_is_refused(open_socket, settings):
    settings.LIVE_SOCKET_LIMITS = {"user": 10, "session": 1, "address": 500}
    cookie = await anonymous_session_cookie()
    async with open_socket(cookie=cookie) as (_ws, refusal):
        assert refusal is None
        async with open_socket(cookie=cookie) as (_again, refusal):
            assert_refused(refusal)
        async with open_socket(cookie=await anonymous_session_cookie()) as (
            _other,
            refusal,
        ):
            assert refusal is None


async def test_one_address_is_capped_only_at_its_high_backstop(open_socket, settings):
    settings.LIVE_SOCKET_LIMITS = {"user": 10, "session": 10, "address": 3}
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(3):
            _ws, refusal = await stack.enter_async_context(
                open_socket(address="10.0.0.7")
            )
            assert refusal is None
        _ws, refusal = await stack.enter_async_context(open_socket(address="10.0.0.7"))
        assert_refused(refusal)
        _ws, refusal = await stack.enter_async_context(open_socket(address="10.0.0.8"))
        assert refusal is None


async def test_places_of_a_crashed_process_expire(open_socket, settings):
    settings.LIVE_SOCKET_LIMITS = {"user": 10, "session": 10, "address": 2}
    settings.LIVE_SOCKET_TTL = 1
    # A process that died holding both places never releases them.
    await database_sync_to_async(sockets.claim)(["address:10.0.0.9"], "dead-1")
    await database_sync_to_async(sockets.claim)(["address:10.0.0.9"], "dead-2")
    async with open_socket(address="10.0.0.9") as (_ws, refusal):
        assert_refused(refusal)
    await asyncio.sleep(1.2)
    async with open_socket(address="10.0.0.9") as (ws, refusal):
        assert refusal is None
        await assert_answers(ws)


async def test_a_live_socket_keeps_its_place_past_the_ttl(open_socket, settings):
    settings.LIVE_SOCKET_LIMITS = {"user": 10, "session": 10, "address": 1}
    # Whole seconds: Redis keeps expiries in whole seconds (0.6 s would be 0).
    settings.LIVE_SOCKET_TTL = 1  # refreshed every third of a second
    async with open_socket(address="10.0.0.10") as (ws, refusal):
        assert refusal is None
        await asyncio.sleep(1.8)
        async with open_socket(address="10.0.0.10") as (_other, refusal):
            assert_refused(refusal)
        await assert_answers(ws)


# --- replay budgets -------------------------------------------------------------
async def subscribe(ws, since=0) -> None:
    await ws.send_json_to({"action": "subscribe", "stream": ROOM, "since": since})
    assert (await ws.receive_json_from())["type"] == "subscribed"


@database_sync_to_async
def publish_many(count: int) -> None:
    for n in range(count):
        publish(ROOM, "message.posted", {"n": n})


async def test_a_socket_past_its_replay_budget_gets_reset_instead(
    open_socket, settings
):
    settings.LIVE_REPLAY_BUDGET = {"socket": 6, "person": 100, "address": 100}
    await publish_many(4)
    async with open_socket() as (ws, _refusal):
        await subscribe(ws)
        assert [(await ws.receive_json_from())["seq"] for _ in range(4)] == [1, 2, 3, 4]
        await subscribe(ws)  # 8 frames > 6
        assert await ws.receive_json_from() == {
            "type": "reset",
            "stream": ROOM,
            "seq": 4,
        }
        assert await ws.receive_nothing(0.1)
        # Live events still flow; a fresh socket has its own budget.
        await publish_many(1)
        assert (await ws.receive_json_from())["seq"] == 5
    async with open_socket() as (ws, _refusal):
        await subscribe(ws)
        assert (await ws.receive_json_from())["type"] == "event"


async def test_a_persons_replay_budget_is_shared_by_their_sockets(
    open_socket, cookies, settings
):
    settings.LIVE_REPLAY_BUDGET = {"socket": 100, "person": 6, "address": 100}
    mine, _other_login, theirs = cookies
    await publish_many(4)
    async with (
        open_socket(cookie=mine) as (phone, _),
        open_socket(cookie=mine) as (laptop, _),
        open_socket(cookie=theirs) as (other, _),
    ):
        await subscribe(phone)
        assert len([await phone.receive_json_from() for _ in range(4)]) == 4
        await subscribe(laptop)
        assert (await laptop.receive_json_from())["type"] == "reset"
        await subscribe(other)
        assert (await other.receive_json_from())["type"] == "event"
        # Subscribing from "now on" replays nothing and costs nothing.
        await laptop.send_json_to({"action": "subscribe", "stream": "test.room.2"})
        assert (await laptop.receive_json_from())["type"] == "subscribed"
        assert await laptop.receive_nothing(0.1)
