"""Writes of the events app, one module per noun; callers import from here."""

from .cafe import (
    cafe_dot_toggle,
    cafe_harvest,
    cafe_idea_add,
    cafe_idea_delete,
    cafe_idea_hide,
    cafe_round_create,
    cafe_round_delete,
    cafe_round_finish,
    cafe_round_start,
    cafe_round_update,
    cafe_table_create,
    cafe_table_delete,
    cafe_table_update,
)
from .changes import event_cancel, event_schedule_changed
from .registration import (
    registration_answers_erase,
    registration_cancel,
    registration_check_in,
    registration_check_in_undo,
    registration_create,
    registration_places_changed,
)

__all__ = [
    "cafe_dot_toggle",
    "cafe_harvest",
    "cafe_idea_add",
    "cafe_idea_delete",
    "cafe_idea_hide",
    "cafe_round_create",
    "cafe_round_delete",
    "cafe_round_finish",
    "cafe_round_start",
    "cafe_round_update",
    "cafe_table_create",
    "cafe_table_delete",
    "cafe_table_update",
    "event_cancel",
    "event_schedule_changed",
    "registration_answers_erase",
    "registration_cancel",
    "registration_check_in",
    "registration_check_in_undo",
    "registration_create",
    "registration_places_changed",
]
