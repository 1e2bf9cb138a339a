"""Views of the events app, one module per noun; urls.py imports from here."""

from . import cafe  # noqa: F401  (urls.py uses views.cafe.<view>)
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
