"""The one consumer base for live pages.

Protocol (JSON text frames):

client → server
  {"action": "subscribe", "stream": "<name>", "since": <seq>}
  {"action": "unsubscribe", "stream": "<name>"}
  {"action": "ping"}
server → client
  {"type": "subscribed", "stream": "<name>", "seq": <last seq>}
  {"type": "event", "stream": "<name>", "seq": <n>, "event": "<type>", "data": {...}}
  {"type": "reset", "stream": "<name>", "seq": <last seq>}  (too much missed: reload)
  {"type": "error", "code": "<code>", "message": "<reason>"}
  {"type": "pong"}

Events are delivered in sequence order without duplicates: the consumer remembers
the last sequence number it sent for each stream, drops what it has already sent,
and fills any gap from the database.
"""

import json
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext as _

from . import registry, selectors

MAX_STREAMS_PER_SOCKET = 20


class LiveError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@database_sync_to_async
def _may_read(user, name: str) -> bool:
    resolved = registry.resolve(name)
    if resolved is None:
        return False
    can_read, key = resolved
    return bool(can_read(user, key))


@database_sync_to_async
def _events_since(name: str, since: int, limit: int) -> list[dict]:
    return selectors.stream_events_since(name, since, limit)


@database_sync_to_async
def _last_seq(name: str) -> int:
    return selectors.stream_last_seq(name)


class LiveConsumer(AsyncWebsocketConsumer):
    """Subscribes a socket to streams it may read and relays their events.

    Apps subclass it for their own client actions: a frame with ``"action": "x"``
    is handled by ``async def action_x(self, content)``.
    """

    async def connect(self):
        self.sent_seq: dict[str, int] = {}
        self.frame_times: list[float] = []
        await self.accept()

    async def disconnect(self, code):
        for name in list(self.sent_seq):
            await self.channel_layer.group_discard(name, self.channel_name)

    # --- incoming frames -----------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        try:
            self._check_rate()
            content = self._decode(text_data, bytes_data)
            action = content.get("action")
            handler = (
                getattr(self, f"action_{action}", None)
                if isinstance(action, str) and action.isidentifier()
                else None
            )
            if handler is None:
                raise LiveError("unknown_action", _("Unknown action."))
            await handler(content)
        except LiveError as error:
            await self.send_json(
                {"type": "error", "code": error.code, "message": error.message}
            )

    def _check_rate(self) -> None:
        limit, period = settings.LIVE_RATE_LIMIT
        now = time.monotonic()
        self.frame_times = [t for t in self.frame_times if now - t < period]
        if len(self.frame_times) >= limit:
            raise LiveError("rate_limited", _("Too many messages, slow down."))
        self.frame_times.append(now)

    def _decode(self, text_data, bytes_data) -> dict:
        if bytes_data is not None or text_data is None:
            raise LiveError("malformed", _("Only JSON text frames are accepted."))
        if len(text_data.encode()) > settings.LIVE_MAX_FRAME_BYTES:
            raise LiveError("too_large", _("The message is too large."))
        try:
            content = json.loads(text_data)
        except ValueError:
            raise LiveError("malformed", _("The message is not valid JSON.")) from None
        if not isinstance(content, dict):
            raise LiveError("malformed", _("The message must be a JSON object."))
        return content

    async def action_ping(self, content):
        await self.send_json({"type": "pong"})

    async def action_subscribe(self, content):
        name = content.get("stream")
        since = content.get("since", 0)
        if not isinstance(name, str) or not name:
            raise LiveError("malformed", _("Give the stream to subscribe to."))
        if isinstance(since, bool) or not isinstance(since, int) or since < 0:
            raise LiveError("malformed", _("'since' must be a whole number ≥ 0."))
        if name not in self.sent_seq and len(self.sent_seq) >= MAX_STREAMS_PER_SOCKET:
            raise LiveError(
                "too_many_streams", _("Too many streams on one connection.")
            )
        if not await _may_read(self.scope.get("user"), name):
            raise LiveError("forbidden", _("You may not follow this stream."))
        # Join the group first, then read the backlog: an event committed in between
        # arrives twice (backlog and group) and the sequence check drops the copy.
        await self.channel_layer.group_add(name, self.channel_name)
        self.sent_seq[name] = since
        last = await _last_seq(name)
        await self.send_json({"type": "subscribed", "stream": name, "seq": last})
        await self._catch_up(name)

    async def action_unsubscribe(self, content):
        name = content.get("stream")
        if name in self.sent_seq:
            del self.sent_seq[name]
            await self.channel_layer.group_discard(name, self.channel_name)
        await self.send_json({"type": "unsubscribed", "stream": name})

    # --- outgoing events -------------------------------------------------------------
    async def _catch_up(self, name: str) -> None:
        limit = settings.LIVE_REPLAY_LIMIT
        frames = await _events_since(name, self.sent_seq[name], limit + 1)
        if len(frames) > limit:
            last = await _last_seq(name)
            self.sent_seq[name] = last
            await self.send_json({"type": "reset", "stream": name, "seq": last})
            return
        for frame in frames:
            await self._deliver(frame)

    async def _deliver(self, frame: dict) -> None:
        self.sent_seq[frame["stream"]] = frame["seq"]
        await self.send_json(frame)

    async def live_event(self, message):
        """Channel-layer handler for frames sent by ``publisher.publish``."""
        frame = message["frame"]
        name = frame["stream"]
        if name not in self.sent_seq:
            return
        sent = self.sent_seq[name]
        if frame["seq"] <= sent:
            return
        if frame["seq"] == sent + 1:
            await self._deliver(frame)
        else:
            # Notifications from several processes can overtake each other; the
            # database has them all in order.
            await self._catch_up(name)

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))
