"""Which streams exist and who may read them.

Each app registers a stream prefix with a permission function in its
``AppConfig.ready()``. A stream name is ``<prefix>`` or ``<prefix>.<key>``; the
function receives the user and the key ("" for the bare prefix).
"""

import re
from collections.abc import Callable

StreamReadCheck = Callable[[object, str], bool]

# Channels group names allow [A-Za-z0-9-_.] and must stay under 100 characters.
STREAM_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,90}$")

_registry: dict[str, StreamReadCheck] = {}


def register_stream(prefix: str, can_read: StreamReadCheck) -> None:
    if not STREAM_NAME_RE.match(prefix):
        raise ValueError(f"Invalid stream prefix {prefix!r}")
    _registry[prefix] = can_read


def stream_name(prefix: str, key: object = "") -> str:
    """The one way to build a stream (and Channels group) name."""
    name = f"{prefix}.{key}" if key != "" else prefix
    if not STREAM_NAME_RE.match(name):
        raise ValueError(f"Invalid stream name {name!r}")
    return name


def resolve(name: str) -> tuple[StreamReadCheck, str] | None:
    """The read check and key for a stream name, or None if no app owns it."""
    if not isinstance(name, str) or not STREAM_NAME_RE.match(name):
        return None
    if name in _registry:
        return _registry[name], ""
    prefix, _, key = name.rpartition(".")
    if prefix in _registry:
        return _registry[prefix], key
    return None
