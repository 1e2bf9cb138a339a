"""Views of the events app, one module per noun; urls.py imports from here."""

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
    "cancel",
    "check_in",
    "event_calendar",
    "events_feed",
    "my_events",
    "register",
    "registrations",
    "registrations_csv",
]
