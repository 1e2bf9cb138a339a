"""Which event types each app publishes.

Every app that publishes lists its events in one module, ``<app>/live_events.py``,
whose docstring documents the streams and payloads (the contract with the page
scripts, like ``cms/live/consumers.py`` documents the socket's frames), and whose
constants the services pass to ``publish()``. The module declares them here::

    COMMENT_CREATED = "comment.created"
    EVENTS = declare_events("participation", COMMENT_CREATED, ...)

An event type is ``<namespace>.<what happened>``; declaring it gives the app the
namespace, and ``publish()`` then refuses an undeclared type in a claimed
namespace ("comment.craeted" fails in the test of the service that sends it,
instead of silently reaching no page script). Namespaces nobody claims (the
tests' own events) are not checked.
"""

import re

EVENT_TYPE_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")

_declared: set[str] = set()
_owners: dict[str, str] = {}  # namespace -> app


def declare_events(app: str, *event_types: str) -> frozenset[str]:
    """Record that ``app`` publishes ``event_types``; returns them as a set."""
    for event_type in event_types:
        if not EVENT_TYPE_RE.fullmatch(event_type):
            raise ValueError(f"Invalid event type {event_type!r}: use 'noun.verb'")
        namespace = event_type.partition(".")[0]
        owner = _owners.setdefault(namespace, app)
        if owner != app:
            raise ValueError(
                f"Event namespace {namespace!r} belongs to {owner}, not {app}"
            )
        _declared.add(event_type)
    return frozenset(event_types)


def check_event_type(event_type: str) -> None:
    """ValueError if ``event_type`` is in a claimed namespace but not declared."""
    namespace = event_type.partition(".")[0]
    if namespace in _owners and event_type not in _declared:
        raise ValueError(
            f"Event type {event_type!r} is not declared in "
            f"{_owners[namespace]}/live_events.py"
        )
