"""Which streams exist and who may read them.

Each app registers a stream prefix with a permission function in its
``AppConfig.ready()``. A stream name is ``<prefix>`` or ``<prefix>.<key>``; the
function receives the viewer (``cms.visibility.Viewer``: user and session) and
the key ("" for the bare prefix), and answers as the app's ``can_view`` does for
the object the stream belongs to. It runs in a sync context (the consumer calls
it through ``database_sync_to_async``) when a socket subscribes and again
whenever the socket re-checks what it follows.
"""

import re
from collections.abc import Callable

StreamReadCheck = Callable[[object, str], bool]

# Channels group names allow [A-Za-z0-9-_.] and must stay under 100 characters.
# Every pattern is used with ``fullmatch``: "$" with ``match`` also accepts a
# trailing "\n", which would give one stream two names.
STREAM_NAME_RE = re.compile(r"[A-Za-z0-9_.-]{1,90}")
# A key is the last dotted part of a name: a dot in it would make ``resolve`` split
# the name somewhere else than ``stream_name`` joined it.
STREAM_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
STREAM_PREFIX_RE = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")

_registry: dict[str, StreamReadCheck] = {}
# prefix -> how many sockets may follow one stream of it at once
_socket_limits: dict[str, Callable[[], int]] = {}


def register_stream(
    prefix: str,
    can_read: StreamReadCheck,
    *,
    socket_limit: Callable[[], int] | None = None,
) -> None:
    """Declare that streams ``prefix`` and ``prefix.<key>`` exist and who may read
    them: ``can_read(viewer, key)`` (key "" for the bare prefix).

    ``socket_limit()``, if given, is how many sockets may follow one such
    stream at once, across server processes (an event's room): a subscribe
    past it is answered with the error ``stream_full``. Read at each
    subscribe, so it may come from settings."""
    if not STREAM_NAME_RE.fullmatch(prefix) or not STREAM_PREFIX_RE.fullmatch(prefix):
        raise ValueError(f"Invalid stream prefix {prefix!r}")
    _registry[prefix] = can_read
    if socket_limit is not None:
        _socket_limits[prefix] = socket_limit
    else:
        _socket_limits.pop(prefix, None)


def unregister_stream(prefix: str) -> None:
    """Forget a prefix (for tests that register their own)."""
    _registry.pop(prefix, None)
    _socket_limits.pop(prefix, None)


def socket_limit(name: str) -> int | None:
    """How many sockets may follow stream ``name`` at once; None: no cap."""
    if name in _registry:
        prefix = name
    else:
        prefix = name.rpartition(".")[0]
    limit = _socket_limits.get(prefix)
    return limit() if limit is not None else None


def stream_name(prefix: str, key: object = "") -> str:
    """The one way to build a stream (and Channels group) name."""
    if not isinstance(prefix, str) or not STREAM_PREFIX_RE.fullmatch(prefix):
        raise ValueError(f"Invalid stream prefix {prefix!r}")
    if key is None or isinstance(key, bool):
        raise ValueError(f"Invalid stream key {key!r}")
    key = str(key)
    if key and not STREAM_KEY_RE.fullmatch(key):
        raise ValueError(f"Invalid stream key {key!r}")
    name = f"{prefix}.{key}" if key else prefix
    if not STREAM_NAME_RE.fullmatch(name):
        raise ValueError(f"Invalid stream name {name!r}")
    return name


def is_valid_name(name: object) -> bool:
    return isinstance(name, str) and bool(STREAM_NAME_RE.fullmatch(name))


def resolve(name: str) -> tuple[StreamReadCheck, str] | None:
    """The read check and key for a stream name, or None if no app owns it."""
    if not is_valid_name(name):
        return None
    if name in _registry:
        return _registry[name], ""
    prefix, _, key = name.rpartition(".")
    if prefix in _registry and key:
        return _registry[prefix], key
    return None
