"""The embedded default's channel layer (cms/live/layers.py): what Channels'
in-memory layer does, with a fan-out linear in the sockets."""

import asyncio

import pytest

from cms.live.layers import LiveInMemoryChannelLayer


async def test_a_group_send_reaches_every_member_once_with_its_own_copy():
    layer = LiveInMemoryChannelLayer(capacity=2)
    names = [await layer.new_channel() for _ in range(3)]
    for name in names:
        await layer.group_add("events.event.1", name)
    nested = {"type": "live.event", "data": {"n": 1}}
    await layer.group_send("events.event.1", {"type": "live.event", "text": "{}"})
    await layer.group_send("events.event.1", nested)
    for name in names:
        assert await layer.receive(name) == {"type": "live.event", "text": "{}"}
        got = await layer.receive(name)
        got["data"]["n"] = 2  # a receiver changing its copy changes no one else's
    assert nested["data"]["n"] == 1


async def test_a_full_socket_misses_the_frame_and_the_others_still_get_it():
    layer = LiveInMemoryChannelLayer(capacity=1)
    slow, quick = await layer.new_channel(), await layer.new_channel()
    for name in (slow, quick):
        await layer.group_add("g", name)
    await layer.group_send("g", {"type": "a"})
    assert await layer.receive(quick) == {"type": "a"}
    await layer.group_send("g", {"type": "b"})  # slow's queue is full
    assert await layer.receive(quick) == {"type": "b"}
    assert await layer.receive(slow) == {"type": "a"}


async def test_expired_messages_and_their_channels_still_go(monkeypatch):
    layer = LiveInMemoryChannelLayer(expiry=60)
    gone, kept = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("g", gone)
    await layer.group_add("g", kept)
    await layer.send(gone, {"type": "old"})
    import cms.live.layers as layers

    later = layers.time.time() + 61
    monkeypatch.setattr(layers.time, "time", lambda: later)
    layer._cleaned_at = float("-inf")  # the next clean-up is due
    await layer.group_send("g", {"type": "new"})
    assert gone not in layer.groups["g"]
    assert await layer.receive(kept) == {"type": "new"}


def test_a_message_of_the_wrong_type_is_refused():
    layer = LiveInMemoryChannelLayer()
    with pytest.raises(AssertionError):
        asyncio.run(layer.send("x.inmemory!abc", "not a dict"))
