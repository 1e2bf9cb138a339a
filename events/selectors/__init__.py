"""Reads of the events app, one module per noun; callers import from here."""

from .registration import (
    event_places,
    my_events,
    registration_for,
    registrations_for_facilitators,
    registrations_for_user,
    user_has_place,
    user_registrations_export,
    waiting_position,
)

__all__ = [
    "event_places",
    "my_events",
    "registration_for",
    "registrations_for_facilitators",
    "registrations_for_user",
    "user_has_place",
    "user_registrations_export",
    "waiting_position",
]
