"""The embedded default's channel layer: Channels' in-memory layer, made to
fan one frame out to a thousand sockets in time linear in the sockets.

Channels' ``InMemoryChannelLayer`` runs ``_clean_expired`` on every
``receive()`` and ``group_send()``: a walk over every channel's queue and every
group's members. Each socket's consumer is always waiting in ``receive()``, so
a frame to N sockets costs N walks over N queues: with 1,000 sockets a
million queue checks per frame, the largest cost in a profile of
bench/event_live.py (4.5 s of 25 s of the server's CPU). It also makes a task
and a deep copy of the message per member.

Here the clean-up runs at most once a second (messages expire after a minute
and groups after a day, so a second's delay changes nothing anyone sees), a
group send puts the message on each member's queue directly, and a message of
plain scalars (what ``cms.live.publisher`` sends: the frame already encoded as
one string) is copied shallowly: a string cannot be changed by the receiver.
Anything else is deep-copied as before.
"""

import asyncio
import time
from copy import deepcopy

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer

_SCALARS = (str, int, float, bool, type(None))


def _copy(message: dict) -> dict:
    if all(isinstance(value, _SCALARS) for value in message.values()):
        return dict(message)
    return deepcopy(message)


class LiveInMemoryChannelLayer(InMemoryChannelLayer):
    clean_interval = 1.0  # seconds between walks over every queue and group

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cleaned_at = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._cleaned_at < self.clean_interval:
            return
        self._cleaned_at = now
        super()._clean_expired()

    def _put(self, channel: str, message: dict) -> None:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(
                maxsize=self.get_capacity(channel)
            )
        try:
            queue.put_nowait((time.time() + self.expiry, _copy(message)))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        assert "__asgi_channel__" not in message
        self._put(channel, message)

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, ())):
            try:
                self._put(channel, message)
            except ChannelFull:
                pass  # as Channels does: that socket misses it and catches up
