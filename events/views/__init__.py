"""Views of the events app, one module per noun; urls.py imports from here."""

from . import (  # noqa: F401  (urls.py uses views.cafe.<view>, views.jury.<view>)
    cafe,
    jury,
    jury_letters,
)
from .live import (
    ask,
    command,
    console,
    join,
    participant_view,
    projector,
    upvote,
    vote,
)
from .pages import event_calendar, events_feed
from .registration import (
    cancel,
    check_in,
    my_events,
    register,
    registrations,
    registrations_csv,
)

__all__ = [
    "ask",
    "command",
    "console",
    "join",
    "participant_view",
    "projector",
    "upvote",
    "vote",
    "cancel",
    "check_in",
    "event_calendar",
    "events_feed",
    "my_events",
    "register",
    "registrations",
    "registrations_csv",
]
