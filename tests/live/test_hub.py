"""The stream hub: one channel-layer member per process and stream, relaying to
that process's sockets (cms.live.hub)."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer

from cms.live import selectors
from cms.live.hub import hub_for
from cms.live.publisher import publish

from .test_consumers import ROOM, receive_events, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

apublish = database_sync_to_async(publish)


async def group_members(layer, name: str) -> int:
    """How many channels the layer would send a group message to."""
    if isinstance(layer, InMemoryChannelLayer):
        return len(layer.groups.get(name, {}))
    key = layer._group_key(name)
    connection = layer.connection(layer.consistent_hash(name))
    return await connection.zcard(key)


async def test_many_sockets_on_one_stream_are_one_group_member(live_socket):
    layer = get_channel_layer()
    async with live_socket() as a, live_socket() as b, live_socket() as c:
        for ws in (a, b, c):
            await subscribe(ws)
        # One message per event through the layer, whatever the sockets.
        assert await group_members(layer, ROOM) == 1
        for n in (1, 2):
            await apublish(ROOM, "message.posted", {"n": n})
        for ws in (a, b, c):
            frames = await receive_events(ws, 2)
            assert [(f["seq"], f["data"]["n"]) for f in frames] == [(1, 1), (2, 2)]
            assert await ws.receive_nothing(0.1)


async def test_the_last_socket_leaving_takes_the_process_out_of_the_group(
    live_socket,
):
    layer = get_channel_layer()
    async with live_socket() as a:
        await subscribe(a)
        async with live_socket() as b:
            await subscribe(b)
        # b left, a still follows.
        assert await group_members(layer, ROOM) == 1
        await apublish(ROOM, "message.posted", {"n": 1})
        assert (await receive_events(a, 1))[0]["seq"] == 1
        await a.send_json_to({"action": "unsubscribe", "stream": ROOM})
        assert (await a.receive_json_from())["type"] == "unsubscribed"
        assert await group_members(layer, ROOM) == 0
        hub = hub_for(layer)
        assert hub.task is None and hub.followers == {}
        await apublish(ROOM, "message.posted", {"n": 2})
        assert await a.receive_nothing(0.2)
    # A new follower starts the hub again.
    async with live_socket() as c:
        await subscribe(c, since=2)
        await apublish(ROOM, "message.posted", {"n": 3})
        assert (await receive_events(c, 1))[0]["seq"] == 3


async def test_a_socket_busy_subscribing_gets_events_once_in_order_while_others_get_them_at_once(  # noqa: E501
    live_socket, monkeypatch
):
    """Events published while one socket reads its backlog reach the idle
    sockets straight from the hub, and the busy one once each, in order,
    after its subscribe (forwarded to its own channel meanwhile)."""
    original = selectors.stream_backlog
    published = []

    def backlog_with_commits_around(name, since, limit):
        if not published:
            published.append(publish(name, "message.posted", {"n": 1}).seq)
        backlog = original(name, since, limit)
        if len(published) == 1:
            published.append(publish(name, "message.posted", {"n": 2}).seq)
        return backlog

    async with live_socket() as idle:
        await subscribe(idle)
        monkeypatch.setattr(selectors, "stream_backlog", backlog_with_commits_around)
        async with live_socket() as busy:
            await subscribe(busy)
            for ws in (idle, busy):
                frames = await receive_events(ws, 2)
                assert [f["seq"] for f in frames] == [1, 2]
                assert await ws.receive_nothing(0.2)
            monkeypatch.setattr(selectors, "stream_backlog", original)
            await apublish(ROOM, "message.posted", {"n": 3})
            for ws in (idle, busy):
                assert [f["seq"] for f in await receive_events(ws, 1)] == [3]


async def test_a_burst_reaches_every_socket_complete_and_in_order(live_socket):
    async with (
        live_socket() as a,
        live_socket() as b,
    ):
        await subscribe(a)
        await subscribe(b)
        for n in range(1, 31):
            await apublish(ROOM, "message.posted", {"n": n})
        for ws in (a, b):
            frames = await receive_events(ws, 30)
            assert [f["seq"] for f in frames] == list(range(1, 31))
            assert await ws.receive_nothing(0.1)


async def test_a_socket_that_disconnects_mid_stream_does_not_stop_the_others(
    live_socket,
):
    async with live_socket() as stays:
        await subscribe(stays)
        async with live_socket() as leaves:
            await subscribe(leaves)
            await apublish(ROOM, "message.posted", {"n": 1})
        await apublish(ROOM, "message.posted", {"n": 2})
        frames = await receive_events(stays, 2)
        assert [f["seq"] for f in frames] == [1, 2]
