"""Fixtures for driving the real ASGI application over WebSockets."""

import contextlib

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client

from cms.live.registry import register_stream, unregister_stream

ORIGIN = (b"origin", b"http://testserver")
# What a browser on http://testserver/ sends: the socket's Host and the page's origin.
SAME_ORIGIN = [(b"host", b"testserver"), ORIGIN]


@pytest.fixture
async def fresh_layer():
    """A new channel layer per test: channels_redis keeps connection pools per
    event loop, and every async test has its own loop."""
    channel_layers.backends.clear()
    yield get_channel_layer()
    layer = get_channel_layer()
    await layer.flush()
    if hasattr(layer, "close_pools"):
        await layer.close_pools()
    channel_layers.backends.clear()


@pytest.fixture
def test_streams():
    """Stream prefixes only the tests know: "test.room.<key>" is public,
    "test.private" needs a signed-in user, "test.broken.<key>" has a failing check."""

    def broken(viewer, key):
        raise ValueError(f"no such room {key}")

    register_stream("test.room", lambda viewer, key: key != "closed")
    register_stream("test.private", lambda viewer, key: viewer.user.is_authenticated)
    register_stream("test.broken", broken)
    yield
    for prefix in ("test.room", "test.private", "test.broken"):
        unregister_stream(prefix)


@database_sync_to_async
def session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def live_socket(fresh_layer, test_streams):
    """Opens sockets on cms.asgi.application; all are disconnected at the end."""
    from cms.asgi import application

    @contextlib.asynccontextmanager
    async def open_socket(*, cookie: bytes | None = None, path="/ws/live/"):
        headers = [*SAME_ORIGIN]
        if cookie:
            headers.append((b"cookie", cookie))
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        try:
            yield communicator
        finally:
            await communicator.disconnect()

    return open_socket
