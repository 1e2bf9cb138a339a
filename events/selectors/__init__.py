"""Reads of the events app, one module per noun; callers import from here."""

from .cafe import cafe_seating, cafe_view, idea_payload, seat_key
from .pages import (
    event_attendance,
    event_filter_options,
    event_filters,
    event_page_facts,
    events_for_consultation,
    events_listed,
    events_upcoming,
)
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
    "event_attendance",
    "event_filter_options",
    "event_filters",
    "event_page_facts",
    "events_for_consultation",
    "events_listed",
    "events_upcoming",
    "cafe_seating",
    "cafe_view",
    "event_places",
    "idea_payload",
    "my_events",
    "registration_for",
    "registrations_for_facilitators",
    "registrations_for_user",
    "seat_key",
    "user_has_place",
    "user_registrations_export",
    "waiting_position",
]
