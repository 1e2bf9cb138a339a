"""One channel-layer member per server process and stream, fanning its events
out to that process's sockets.

Without it every socket joins the stream's group itself: an event to 1,000
sockets is 1,000 messages through the channel layer (with Redis, 1,000 pushes
and pops through the server) and 1,000 wake-ups of 1,000 consumer loops, each
creating a task to wait for the next message. Here the process joins each
stream's group once, with a channel of its own, and relays an event to every
local follower in one loop: one message per process and stream, whatever the
number of sockets (bench/event_live.py has the figures).

A socket gets the frame straight from the hub only when that cannot change
what it would have sent by itself: it is idle (no handler of its own running,
which may be reading the backlog of a subscribe), nothing forwarded to it is
still waiting, and the frame is the next in sequence with the read check not
due. Otherwise the hub forwards the message to the socket's own channel, where
the consumer handles it after what it is doing, as it handled every event
before: the gap fill from the database, the late re-check, the duplicate drop
all stay in one place (``LiveConsumer.live_event``).

A hub belongs to one event loop and one channel layer (tests run several of
each); it runs while its process has followers and stops with the last.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import Protocol

logger = logging.getLogger(__name__)

# Channel layers forget group members after a day (``group_expiry``): a hub
# that runs longer re-joins its groups now and then.
GROUP_REFRESH_SECONDS = 3600


class Follower(Protocol):
    channel_name: str

    def relays_directly(self, message: dict) -> bool: ...

    async def relay(self, message: dict) -> None: ...

    def forwarded(self) -> None: ...


class StreamHub:
    def __init__(self, layer) -> None:
        self.layer = layer
        self.followers: dict[str, set[Follower]] = {}
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.joined_at = time.monotonic()
        # Held while groups are joined or left, so that a follower's join is
        # complete (the group holds the hub) before its subscribe reads the
        # backlog, and a stopping hub cannot race a starting one.
        self.lock = asyncio.Lock()

    async def follow(self, name: str, follower: Follower) -> None:
        async with self.lock:
            if self.channel is None:
                # The layer's default prefix: channels_redis receives every
                # process-local channel through one shared loop on it.
                self.channel = await self.layer.new_channel()
                self.task = asyncio.get_running_loop().create_task(self._run())
                self.joined_at = time.monotonic()
            followers = self.followers.get(name)
            if followers is None:
                followers = self.followers[name] = set()
                await self.layer.group_add(name, self.channel)
            followers.add(follower)

    async def unfollow(self, name: str, follower: Follower) -> None:
        async with self.lock:
            followers = self.followers.get(name)
            if followers is None or follower not in followers:
                return
            followers.discard(follower)
            if followers:
                return
            del self.followers[name]
            await self.layer.group_discard(name, self.channel)
            if not self.followers:
                self._stop()

    def _stop(self) -> None:
        if self.task is not None and self.task is not asyncio.current_task():
            self.task.cancel()
        self.task = None
        self.channel = None

    async def _run(self) -> None:
        channel = self.channel
        while self.channel == channel:
            try:
                message = await self.layer.receive(channel)
                if time.monotonic() - self.joined_at > GROUP_REFRESH_SECONDS:
                    await self._rejoin()
                if message.get("type") == "live.event":
                    await self.relay(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                # One bad message or a layer hiccup must not stop every
                # socket's events; the sockets catch up from the database.
                logger.exception("Live hub failed on a message")
                await asyncio.sleep(0.1)

    async def _rejoin(self) -> None:
        self.joined_at = time.monotonic()
        async with self.lock:
            for name in list(self.followers):
                await self.layer.group_add(name, self.channel)

    async def relay(self, message: dict) -> None:
        for follower in list(self.followers.get(message.get("stream"), ())):
            try:
                if follower.relays_directly(message):
                    await follower.relay(message)
                else:
                    await self.layer.send(follower.channel_name, message)
                    follower.forwarded()
            except Exception:
                # A full channel or a socket closing meanwhile: that socket
                # fills the gap from the database on its next event.
                logger.debug("Live hub could not reach %s", follower.channel_name)


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hub_for(layer) -> StreamHub:
    """The running loop's hub for ``layer``."""
    loop = asyncio.get_running_loop()
    by_layer = _hubs.setdefault(loop, {})
    hub = by_layer.get(id(layer))
    if hub is None or hub.layer is not layer:
        hub = by_layer[id(layer)] = StreamHub(layer)
    return hub
