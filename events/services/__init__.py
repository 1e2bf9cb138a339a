"""Writes of the events app, one module per noun; callers import from here."""

from .changes import event_cancel, event_schedule_changed
from .registration import (
    registration_answers_erase,
    registration_cancel,
    registration_check_in,
    registration_check_in_undo,
    registration_create,
)

__all__ = [
    "event_cancel",
    "event_schedule_changed",
    "registration_answers_erase",
    "registration_cancel",
    "registration_check_in",
    "registration_check_in_undo",
    "registration_create",
]
