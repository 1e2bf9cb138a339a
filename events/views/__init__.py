"""Views of the events app, one module per noun; urls.py imports from here."""

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
    "my_events",
    "register",
    "registrations",
    "registrations_csv",
]
