"""Coalesced tallies: counts that change often (supports now, poll votes and
results soon) reach open pages as a few snapshots a second, never one frame
per vote to every client.

An app registers a snapshot builder for an event type in ``AppConfig.ready()``:

    register_tally("comment.tallies", build)   # build(stream, keys) -> payload
    register_tally("event.poll_tallies", build, seconds="EVENT_LIVE_TALLY_SECONDS")

and its service calls ``tally_changed(stream, "comment.tallies", key)`` inside
the write's transaction. After commit the key joins the stream's pending set;
at most every ``settings.LIVE_TALLY_SECONDS`` (or the setting named by
``seconds``, read each time, so tests can override it) the builder reads the current
counts of the pending keys from the database and ``publish()`` sends one event
with all of them. The snapshot is read after the writes it covers, so the last
snapshot always tells the truth; a client that misses one gets a later one, or
replays it from the database like any event.

The delay runs on the server's event loop, which ``bind_loop`` records from the
ASGI application. Where there is none (management commands, tasks, tests with
``LIVE_TALLY_SECONDS = 0``), the snapshot is published at once after commit.
"""

import asyncio
import contextvars
import logging
import threading
from collections.abc import Callable

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import transaction

from .publisher import publish

logger = logging.getLogger(__name__)

TallyBuilder = Callable[[str, set], dict]

_builders: dict[str, TallyBuilder] = {}
_delays: dict[str, str] = {}  # event type -> name of the setting with its delay
_lock = threading.Lock()
_pending: dict[tuple[str, str], set] = {}
_loop: asyncio.AbstractEventLoop | None = None


def register_tally(
    event_type: str, build: TallyBuilder, *, seconds: str = "LIVE_TALLY_SECONDS"
) -> None:
    """``build(stream, keys)`` returns the payload of one snapshot event;
    ``seconds`` names the setting that holds the delay between snapshots."""
    _builders[event_type] = build
    _delays[event_type] = seconds


def bind_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Remember the server's event loop (the ASGI application calls this;
    None forgets it)."""
    global _loop
    _loop = loop


def tally_changed(stream: str, event_type: str, key) -> None:
    """Note that ``key``'s count on ``stream`` changed; a snapshot follows after
    commit (nothing if the write rolls back)."""
    if event_type not in _builders:
        raise ValueError(f"No tally registered for {event_type!r}")
    transaction.on_commit(lambda: _add(stream, event_type, key))


def _add(stream: str, event_type: str, key) -> None:
    delay = getattr(settings, _delays.get(event_type, "LIVE_TALLY_SECONDS"))
    loop = _loop
    if delay <= 0 or loop is None or loop.is_closed():
        _flush_now(stream, event_type, {key})
        return
    with _lock:
        keys = _pending.get((stream, event_type))
        if keys is not None:
            keys.add(key)  # a snapshot is already on its way
            return
        _pending[(stream, event_type)] = {key}
    try:
        # A fresh context: this runs in a sync_to_async worker thread, whose
        # context tells asgiref that its one database thread is busy; copied
        # into the flush task, it makes database_sync_to_async refuse
        # ("Single thread executor already being used, would deadlock").
        loop.call_soon_threadsafe(
            _call_later,
            loop,
            delay,
            stream,
            event_type,
            context=contextvars.Context(),
        )
    except RuntimeError:
        # The loop closed in between (a server shutting down): send it now.
        with _lock:
            keys = _pending.pop((stream, event_type), set())
        _flush_now(stream, event_type, keys)


def _call_later(loop, delay: float, stream: str, event_type: str) -> None:
    loop.call_later(
        delay, _schedule_flush, stream, event_type, context=contextvars.Context()
    )


def _schedule_flush(stream: str, event_type: str) -> None:
    asyncio.ensure_future(_flush_later(stream, event_type))


async def _flush_later(stream: str, event_type: str) -> None:
    with _lock:
        keys = _pending.pop((stream, event_type), set())
    if keys:
        await database_sync_to_async(_flush_now)(stream, event_type, keys)


def flush(stream: str | None = None) -> int:
    """Publish the pending snapshots (of ``stream``, or all) now instead of at
    the end of their delay, and return how many were sent. Sync (it reads the
    database): for a shutdown hook, or a test that must not depend on how fast
    its machine is. A timer still waiting finds nothing left to send."""
    with _lock:
        due = [key for key in _pending if stream is None or key[0] == stream]
        batches = [(key, _pending.pop(key)) for key in due]
    for (name, event_type), keys in batches:
        _flush_now(name, event_type, keys)
    return len(batches)


def _flush_now(stream: str, event_type: str, keys: set) -> None:
    try:
        with transaction.atomic():
            payload = _builders[event_type](stream, keys)
            if payload:
                publish(stream, event_type, payload)
    except Exception:
        # Counts are in the database already; the next snapshot carries them.
        logger.exception("Could not publish %s on %s", event_type, stream)
