"""The one consumer base for live pages.

Protocol (JSON text frames, at most ``settings.LIVE_MAX_FRAME_BYTES`` each):

client → server
  {"action": "subscribe", "stream": "<name>", "since": <seq>}
      ``since`` is the last seq the client has; omitted or null means "from now on,
      no replay". Subscribing again to the same stream replays from the new since.
  {"action": "unsubscribe", "stream": "<name>"}
  {"action": "ping"}
  {"action": "request", "id": "<request id>", "name": "<app>.<verb>",
   "data": {...}, "key": "<idempotency key>"}
      Calls an action an app registered (``cms.live.actions``). ``id`` (1-64 of
      ``A-Za-z0-9_.:-``) is the client's own, echoed in the answer; ``data`` is
      an object (omitted: {}); ``key`` (same shape, optional) makes the action
      happen at most once per person: a request with a key already carried out
      gets the first answer again, from any socket or server process, and
      changes nothing. Keys need a person: a signed-in user or a stored session.
      Requests on one socket are answered in order.
server → client
  {"type": "subscribed", "stream": "<name>", "seq": <last seq>}
  {"type": "event", "stream": "<name>", "seq": <n>, "event": "<type>", "data": {...}}
  {"type": "reset", "stream": "<name>", "seq": <last seq>}
      more than ``settings.LIVE_REPLAY_LIMIT`` events were missed, the missed
      ones are no longer stored (older than ``settings.LIVE_EVENT_RETENTION``,
      deleted by ``manage.py live_prune``), the replay would exceed a replay
      budget (below), or the client's since is ahead of the server: reload;
      events after ``seq`` follow live.
  {"type": "unsubscribed", "stream": "<name>"}
  {"type": "ack", "id": "<request id>", "data": <the action's result>}
  {"type": "error", "code": "<code>", "message": "<reason>"[, "stream": "<name>"]
   [, "id": "<request id>", "fields": {"<field>": ["<message>", ...]}]}
      codes: malformed, too_large, rate_limited, unknown_action, forbidden,
      too_many_streams, stream_full (the stream's own socket cap, below),
      too_many_sockets (see below), server_error; for
      requests also invalid (with ``fields``, which may be empty when the whole
      request is wrong) and session_required (a key on a socket without a
      session). An error that answers a request carries its ``id``; a failed
      request stores nothing and may be retried with the same key. The socket
      stays open after every error but too_many_sockets;
      past the rate limit (``settings.LIVE_RATE_LIMIT``) frames are dropped, and
      only the first of a burst is answered with "rate_limited". Actions may have
      their own limit per person, shared by all of that person's sockets, and a
      service's write limit (``settings.WRITE_RATE_LIMITS``) is answered with
      "rate_limited" too.
  {"type": "pong"}

Limits on what one client may cost the server:

- Sockets: a signed-in user, a session and a client address each hold at most
  ``settings.LIVE_SOCKET_LIMITS[kind]`` sockets at once, counted across server
  processes in the cache (``cms.live.sockets``; a crashed process's places expire
  after ``settings.LIVE_SOCKET_TTL``). The address cap is a high backstop only:
  a room of phones on a venue's Wi-Fi shares one address. A connection past a
  cap is accepted, gets {"type": "error", "code": "too_many_sockets", ...} and is
  closed with code 4429 (``CLOSE_TOO_MANY_SOCKETS``); live.js then waits its
  longest retry delay. A stream may have its own cap (``register_stream(...,
  socket_limit=)``, an event's room): a subscribe past it gets
  {"type": "error", "code": "stream_full", "stream": ...} and the socket
  stays open for its other streams.
- Replays: the frames a subscribe replays from the database count against
  ``settings.LIVE_REPLAY_BUDGET`` per ``settings.LIVE_REPLAY_PERIOD`` seconds:
  per socket, per person (user or session, across their sockets and processes)
  and per address. A subscribe whose replay would exceed one gets ``reset``
  instead (the page reloads). Gap fills after a lost notification are the
  server's doing and are not counted.

Events are delivered in sequence order without duplicates: the consumer remembers
the last sequence number it sent for each stream, drops what it has already sent,
and fills any gap from the database.

Who may follow a stream is asked when subscribing and again later (the stream's
read check, ``registry.register_stream``, with the viewer read afresh from the
session: a logout, a revoked role or a closed account count). A socket re-checks
its streams on a ping once ``settings.LIVE_RECHECK_SECONDS`` have passed, before
relaying an event if it has not checked for twice that long (a client that does
not ping), and at once when a page's visibility changes (``notify_visibility_changed``:
unpublished, restricted). A stream it may no longer read gets
  {"type": "error", "code": "forbidden", "message": "...", "stream": "<name>"}
and no more events.

The connection's language (for error messages) comes from ``?lang=`` in the URL,
as live.js sends it; otherwise the site's default language.
"""

import asyncio
import hashlib
import json
import logging
import time
from collections import deque
from urllib.parse import parse_qs

from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.ratelimit import rate_limit_hit
from cms.visibility import viewer_for_scope

from . import actions, registry, selectors, sockets
from .hub import hub_for

logger = logging.getLogger(__name__)

MAX_STREAMS_PER_SOCKET = 20
# Sequence numbers are 64-bit in the database; larger values cannot be queried.
MAX_SEQ = 2**63 - 1
# Channel layers forget group members after a day (``group_expiry``); sockets that
# stay open longer re-join on a ping now and then.
GROUP_REFRESH_SECONDS = 3600
# The close code of a connection over settings.LIVE_SOCKET_LIMITS (4000-4999 are
# the application's own); live.js waits its longest delay before trying again.
CLOSE_TOO_MANY_SOCKETS = 4429


def _clock() -> float:
    # One indirection so tests can move time without touching the event loop's.
    return time.monotonic()


class LiveError(Exception):
    def __init__(
        self,
        code: str,
        message,
        stream: str | None = None,
        *,
        request_id: str | None = None,
        fields: dict | None = None,
    ):
        super().__init__(code)
        self.code = code
        self.message = message
        self.stream = stream
        self.request_id = request_id
        self.fields = fields


# Channels group every socket joins to hear that some page's visibility changed.
VISIBILITY_GROUP = "live.visibility"


def _may_read(viewer, name: str) -> bool:
    resolved = registry.resolve(name)
    if resolved is None:
        return False
    can_read, key = resolved
    try:
        return bool(can_read(viewer, key))
    except Exception:
        # A check that chokes on a key (e.g. "abc" where a pk is expected) must
        # refuse, not take the socket down. Fail closed, but leave a trace.
        logger.exception("Read check for stream %s failed", name)
        return False


_perform = database_sync_to_async(actions.perform)


@database_sync_to_async
def _may_subscribe(scope, name: str) -> bool:
    return _may_read(viewer_for_scope(scope), name)


@database_sync_to_async
def _unreadable(scope, names: list[str]) -> list[str]:
    """Which of ``names`` the socket's person may no longer read, asked with the
    session and account as they are now (one viewer for all streams)."""
    viewer = viewer_for_scope(scope, fresh=True)
    return [name for name in names if not _may_read(viewer, name)]


def notify_visibility_changed() -> None:
    """Tell every socket to re-check what it follows (after commit). Sync code:
    Wagtail's signals call it when a page is unpublished or restricted. A lost
    notice costs at most ``LIVE_RECHECK_SECONDS``: sockets re-check anyway."""
    transaction.on_commit(_send_recheck, robust=True)


def _send_recheck() -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(VISIBILITY_GROUP, {"type": "live.recheck"})


@database_sync_to_async
def _backlog(name: str, since: int, limit: int) -> tuple[int, list[dict]]:
    return selectors.stream_backlog(name, since, limit)


def _replay_budget_left(idents: list[str], frames: int) -> bool:
    """Charge ``frames`` replayed frames to each of ``idents`` (the socket's person
    and address, counted in the shared cache across sockets and processes)."""
    budget = settings.LIVE_REPLAY_BUDGET
    period = settings.LIVE_REPLAY_PERIOD
    allowed = True
    for ident in idents:
        kind = ident.split(":", 1)[0]
        limit = budget["address" if kind == "address" else "person"]
        # Every ident is charged, even after one refuses: each counts what was asked.
        allowed &= rate_limit_hit(
            f"live.replay:{ident}", limit=limit, period=period, cost=frames
        )
    return allowed


# Cache calls from the event loop: off the loop and off the one database thread
# (thread_sensitive=False), which every subscriber's gap fill queues on.
_charge_replay = sync_to_async(_replay_budget_left, thread_sensitive=False)
_claim_places = sync_to_async(sockets.claim, thread_sensitive=False)
_claim_stream_place = sync_to_async(sockets.claim_one, thread_sensitive=False)
_refresh_places = sync_to_async(sockets.refresh, thread_sensitive=False)
_release_places = sync_to_async(sockets.release, thread_sensitive=False)


def _socket_idents(scope) -> list[str]:
    """Who holds this socket, for the socket caps and replay budgets: the
    signed-in user, the session (its key hashed: it is a credential) and the
    client's address. A forged session cookie names no session (the auth
    middleware loaded it and found nothing), so it cannot dodge the caps."""
    idents = []
    user = scope.get("user")
    if getattr(user, "is_authenticated", False):
        idents.append(f"user:{user.pk}")
    key = getattr(scope.get("session"), "session_key", None)
    if key:
        idents.append(f"session:{hashlib.sha256(key.encode()).hexdigest()[:32]}")
    client = scope.get("client")
    if client:
        idents.append(f"address:{client[0]}")
    return idents


class LiveConsumer(AsyncWebsocketConsumer):
    """Subscribes a socket to streams it may read and relays their events.

    Apps give clients something to do by registering actions
    (``cms.live.actions.register_action``), answered on this same socket. The
    frame handlers themselves are ``action_<x>`` methods: a frame with
    ``"action": "x"`` is handled by ``async def action_x(self, content)``; raise
    ``LiveError`` to answer with an error frame.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_seq: dict[str, int] = {}
        # When each followed stream's read check last passed.
        self.checked_at: dict[str, float] = {}
        self.frame_times: deque[float] = deque()
        self.rate_warned = False
        self.groups_joined_at = _clock()
        self.language = settings.LANGUAGE_CODE
        self.idents: list[str] = []
        # The cache keys of this socket's places in the socket caps.
        self.places: list[str] = []
        # stream -> this socket's place under that stream's own cap
        self.stream_places: dict[str, str] = {}
        self.places_task: asyncio.Task | None = None
        self.admitted = False
        # Frames replayed on subscribe in the current window (LIVE_REPLAY_PERIOD).
        self.replayed = 0
        self.replay_window = 0
        # For the stream hub (cms.live.hub): handlers running now, and events
        # it forwarded to this socket's channel that are not handled yet.
        self.busy = 0
        self.forwards_waiting = 0

    async def connect(self):
        self.language = self._requested_language()
        self.idents = _socket_idents(self.scope)
        places = await _claim_places(self.idents, self.channel_name)
        await self.accept()
        if places is None:
            # Accepted first so the client learns why (a refused handshake is
            # only "1006" to a browser), then closed with our own code.
            await self.send_error(
                LiveError("too_many_sockets", _("Too many open connections."))
            )
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)
            return
        self.admitted = True
        self.places = places
        self.places_task = asyncio.create_task(self._keep_places())
        await self.channel_layer.group_add(VISIBILITY_GROUP, self.channel_name)

    async def _keep_places(self) -> None:
        # Refreshed by the server, not by the client's pings: a silent socket
        # keeps its place, and a crashed process loses its places within the TTL.
        while True:
            await asyncio.sleep(settings.LIVE_SOCKET_TTL / 3)
            try:
                await _refresh_places(
                    [*self.places, *self.stream_places.values()], self.channel_name
                )
            except Exception:
                logger.exception("Could not refresh a live socket's places")

    async def disconnect(self, code):
        if self.places_task is not None:
            self.places_task.cancel()
            self.places_task = None
        if self.places or self.stream_places:
            places = [*self.places, *self.stream_places.values()]
            self.places, self.stream_places = [], {}
            await _release_places(places, self.channel_name)
        await self.channel_layer.group_discard(VISIBILITY_GROUP, self.channel_name)
        for name in list(self.sent_seq):
            await hub_for(self.channel_layer).unfollow(name, self)
        self.sent_seq.clear()
        self.checked_at.clear()

    def _requested_language(self) -> str:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        requested = (query.get("lang") or [""])[0]
        available = {code for code, _name in settings.LANGUAGES}
        return requested if requested in available else settings.LANGUAGE_CODE

    @property
    def user(self):
        return self.scope.get("user") or AnonymousUser()

    # --- incoming frames -----------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        if not self.admitted:
            return  # refused, closing: frames sent meanwhile go unanswered
        try:
            if not self._within_rate():
                if self.rate_warned:
                    return  # one warning per burst is enough
                self.rate_warned = True
                raise LiveError("rate_limited", _("Too many messages, slow down."))
            content = self._decode(text_data, bytes_data)
            await self._handler(content.get("action"))(content)
        except LiveError as error:
            await self.send_error(error)
        except StopConsumer:
            raise
        except Exception:
            # A bug in one action must not cut the page off its other streams.
            logger.exception("Live consumer failed on a frame")
            await self.send_error(
                LiveError("server_error", _("Something went wrong on our side."))
            )

    def _within_rate(self) -> bool:
        limit, period = settings.LIVE_RATE_LIMIT
        now = _clock()
        while self.frame_times and now - self.frame_times[0] >= period:
            self.frame_times.popleft()
        if len(self.frame_times) >= limit:
            return False
        self.frame_times.append(now)
        self.rate_warned = False
        return True

    def _decode(self, text_data, bytes_data) -> dict:
        if text_data is None:
            raise LiveError("malformed", _("Only JSON text messages are accepted."))
        if len(text_data.encode("utf-8", "surrogatepass")) > (
            settings.LIVE_MAX_FRAME_BYTES
        ):
            raise LiveError("too_large", _("The message is too large."))
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: a few thousand nested brackets fit in one frame.
            raise LiveError("malformed", _("The message is not valid JSON.")) from None
        if not isinstance(content, dict):
            raise LiveError("malformed", _("The message must be a JSON object."))
        return content

    def _handler(self, action):
        handler = None
        if isinstance(action, str) and action.isidentifier():
            handler = getattr(self, f"action_{action}", None)
        if not callable(handler):
            raise LiveError("unknown_action", _("Unknown action."))
        return handler

    async def action_ping(self, content):
        if _clock() - self.groups_joined_at > GROUP_REFRESH_SECONDS:
            self.groups_joined_at = _clock()
            # The streams' groups hold the process's hub, which refreshes them.
            await self.channel_layer.group_add(VISIBILITY_GROUP, self.channel_name)
        due = _clock() - settings.LIVE_RECHECK_SECONDS
        await self._recheck([n for n, at in self.checked_at.items() if at <= due])
        await self.send_json({"type": "pong"})

    async def _recheck(self, names: list[str]) -> None:
        """Drop the streams the person may no longer read, with an error frame."""
        if not names:
            return
        refused = set(await _unreadable(self.scope, names))
        now = _clock()
        for name in names:
            if name not in self.sent_seq:
                continue  # unsubscribed meanwhile
            if name in refused:
                await self._drop(name)
                await self.send_error(
                    LiveError("forbidden", _("You may not follow this stream."), name)
                )
            else:
                self.checked_at[name] = now

    async def _drop(self, name: str) -> None:
        self.sent_seq.pop(name, None)
        self.checked_at.pop(name, None)
        place = self.stream_places.pop(name, None)
        if place is not None:
            await _release_places([place], self.channel_name)
        await hub_for(self.channel_layer).unfollow(name, self)

    async def _take_stream_place(self, name: str) -> None:
        """A place under the stream's own socket cap, if it has one."""
        limit = registry.socket_limit(name)
        if limit is None or name in self.stream_places:
            return
        place = await _claim_stream_place(f"stream:{name}", self.channel_name, limit)
        if place is None:
            raise LiveError(
                "stream_full", _("Too many people follow this live page."), name
            )
        self.stream_places[name] = place

    async def live_recheck(self, message):
        """Channel-layer handler: some page's visibility changed."""
        await self._recheck(list(self.sent_seq))

    async def action_subscribe(self, content):
        name = content.get("stream")
        since = content.get("since")
        if not registry.is_valid_name(name):
            raise LiveError("malformed", _("Give a valid stream name."))
        if since is not None and (
            isinstance(since, bool)
            or not isinstance(since, int)
            or not 0 <= since <= MAX_SEQ
        ):
            raise LiveError(
                "malformed", _("'since' must be a whole number, 0 or more."), name
            )
        if name not in self.sent_seq and len(self.sent_seq) >= MAX_STREAMS_PER_SOCKET:
            raise LiveError(
                "too_many_streams", _("Too many streams on one connection."), name
            )
        if not await _may_subscribe(self.scope, name):
            raise LiveError("forbidden", _("You may not follow this stream."), name)
        if name not in self.sent_seq:
            await self._take_stream_place(name)
        self.checked_at[name] = _clock()
        # Follow first, then read the backlog: an event committed in between
        # arrives twice (backlog and hub) and the sequence check drops the copy.
        # While this handler runs the hub forwards to the socket's channel,
        # where events wait until it returns.
        if name not in self.sent_seq:
            await hub_for(self.channel_layer).follow(name, self)
        if since is None:
            last, frames = await _backlog(name, MAX_SEQ, 0)
            since = last
        elif self._socket_replay_spent():
            # Known without the database: read the last seq only, not the
            # backlog a storm of re-subscribes would have it read again and again.
            last, frames = await _backlog(name, MAX_SEQ, 0)
            self.sent_seq[name] = since
            await self.send_json({"type": "subscribed", "stream": name, "seq": last})
            if since != last:
                await self._reset(name, last)
            return
        else:
            last, frames = await _backlog(name, since, settings.LIVE_REPLAY_LIMIT + 1)
        self.sent_seq[name] = since
        await self.send_json({"type": "subscribed", "stream": name, "seq": last})
        if since > last:
            # The client knows a future this server never had (a restored
            # database, a page from another site): start again from here.
            await self._reset(name, last)
        else:
            await self._send_backlog(name, since, last, frames, charged=True)

    async def action_unsubscribe(self, content):
        name = content.get("stream")
        if not registry.is_valid_name(name):
            raise LiveError("malformed", _("Give a valid stream name."))
        if name in self.sent_seq:
            await self._drop(name)
        await self.send_json({"type": "unsubscribed", "stream": name})

    async def action_request(self, content):
        request_id = content.get("id")
        if not actions.is_token(request_id):
            raise LiveError(
                "malformed", _("The request id must be 1 to 64 letters, digits or -_.:")
            )
        try:
            action, data, key = actions.parse_request(content)
            result = await _perform(
                action,
                viewer=viewer_for_scope(self.scope),
                data=data,
                key=key,
                language=self.language,
                socket=self.channel_name,
            )
        except actions.ActionError as error:
            raise LiveError(
                error.code, error.message, request_id=request_id, fields=error.fields
            ) from None
        except Exception:
            logger.exception("Live action %r failed", content.get("name"))
            raise LiveError(
                "server_error",
                _("Something went wrong on our side."),
                request_id=request_id,
            ) from None
        await self.send_json({"type": "ack", "id": request_id, "data": result})

    # --- outgoing events -------------------------------------------------------------
    async def _catch_up(self, name: str) -> None:
        """Send what the database has after the last seq sent, or a reset."""
        since = self.sent_seq[name]
        last, frames = await _backlog(name, since, settings.LIVE_REPLAY_LIMIT + 1)
        await self._send_backlog(name, since, last, frames)

    async def _send_backlog(
        self,
        name: str,
        since: int,
        last: int,
        frames: list[dict],
        *,
        charged: bool = False,
    ) -> None:
        """Replay ``frames`` or answer reset. ``charged``: the client asked for
        this replay (a subscribe), so it counts against the replay budgets; gap
        fills after a lost notification are the server's doing and do not."""
        top = max(last, frames[-1]["seq"]) if frames else last
        if len(frames) > settings.LIVE_REPLAY_LIMIT:
            await self._reset(name, top)
            return
        if since < last and (not frames or frames[0]["seq"] != since + 1):
            # Seqs are gap-free, so a missing next one means live_prune deleted
            # it: the client is behind the retained window and must reload.
            await self._reset(name, top)
            return
        if charged and frames and not await self._may_replay(len(frames)):
            # Reloading the page costs one render; replaying on demand is what
            # ten re-subscribing sockets used to turn into latency for everyone.
            await self._reset(name, top)
            return
        for frame in frames:
            await self._deliver(frame)

    def _socket_replay_spent(self) -> bool:
        window = int(time.time() // settings.LIVE_REPLAY_PERIOD)
        return (
            window == self.replay_window
            and self.replayed >= settings.LIVE_REPLAY_BUDGET["socket"]
        )

    async def _may_replay(self, frames: int) -> bool:
        """Within this socket's replay budget and its person's and address's."""
        window = int(time.time() // settings.LIVE_REPLAY_PERIOD)
        if window != self.replay_window:
            self.replay_window, self.replayed = window, 0
        self.replayed += frames
        if self.replayed > settings.LIVE_REPLAY_BUDGET["socket"]:
            return False
        if not self.idents:
            return True
        return await _charge_replay(self.idents, frames)

    async def _reset(self, name: str, seq: int) -> None:
        self.sent_seq[name] = seq
        await self.send_json({"type": "reset", "stream": name, "seq": seq})

    async def _deliver(self, frame: dict, text: str | None = None) -> None:
        name = frame["stream"]
        if name not in self.sent_seq or frame["seq"] <= self.sent_seq[name]:
            return
        self.sent_seq[name] = frame["seq"]
        if text is not None:
            # Encoded once by the publisher for every subscriber.
            await self.send(text_data=text)
        else:
            await self.send_json(frame)

    async def dispatch(self, message):
        # Channels hops to its one database thread before every handler to close
        # stale connections: per event and per subscriber, all queued behind any
        # slow query. Relaying an event needs no connection (a gap fill goes
        # through database_sync_to_async, which does its own housekeeping), and
        # skipping the hop doubles fan-out throughput (bench/live_fanout.py).
        self.busy += 1
        try:
            if message.get("type") == "live.event":
                # Every event on this socket's own channel is one the hub
                # forwarded (the stream groups hold the hub, not the socket).
                self.forwards_waiting = max(0, self.forwards_waiting - 1)
                await self.live_event(message)
            else:
                await super().dispatch(message)
        finally:
            self.busy -= 1

    # --- the stream hub's side (cms.live.hub.Follower) ------------------------------
    def relays_directly(self, message: dict) -> bool:
        """Whether the hub may send ``message`` to this socket itself: the
        fast path, taken only when it is exactly what ``live_event`` would
        do, and nothing sent here before is still waiting."""
        if self.busy or self.forwards_waiting or "text" not in message:
            return False
        name = message["stream"]
        sent = self.sent_seq.get(name)
        if sent is None:
            return True  # unsubscribed meanwhile: relay() drops it
        return (
            message["seq"] == sent + 1
            and self.checked_at[name] > _clock() - 2 * settings.LIVE_RECHECK_SECONDS
        )

    async def relay(self, message: dict) -> None:
        name = message["stream"]
        if name not in self.sent_seq:
            return
        self.sent_seq[name] = message["seq"]
        await self.send(text_data=message["text"])

    def forwarded(self) -> None:
        self.forwards_waiting += 1

    async def live_event(self, message):
        """Channel-layer handler for frames sent by ``publisher.publish``:
        ``frame`` and ``text``, the frame already encoded as JSON (once for
        all subscribers, not once per socket), with its ``stream`` and
        ``seq``; or, from older senders, ``frame`` alone."""
        frame = message.get("frame") or {
            "stream": message["stream"],
            "seq": message["seq"],
        }
        name = frame["stream"]
        if name not in self.sent_seq:
            return  # unsubscribed meanwhile
        sent = self.sent_seq[name]
        if frame["seq"] <= sent:
            return  # already sent from the backlog
        if self.checked_at[name] <= _clock() - 2 * settings.LIVE_RECHECK_SECONDS:
            # A client that never pings is re-checked here, at a cost of one
            # trip to the database per stream and period.
            await self._recheck([name])
            if name not in self.sent_seq:
                return
        if frame["seq"] == sent + 1:
            await self._deliver(frame, message.get("text"))
        else:
            # A notification was lost (a full channel, another process overtaking):
            # the database has them all, in order.
            await self._catch_up(name)

    async def send_error(self, error: LiveError) -> None:
        with translation.override(self.language):
            message = str(error.message)
        frame = {"type": "error", "code": error.code, "message": message}
        if error.stream is not None:
            frame["stream"] = error.stream
        if error.request_id is not None:
            frame["id"] = error.request_id
        if error.fields is not None:
            frame["fields"] = error.fields
        await self.send_json(frame)

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))
