"""Writes of the citizen café, one module per noun: ``tables``, ``rounds``
(starting one seats everyone through the rotation), ``ideas`` (written,
hidden, deleted), ``dots`` and the ``harvest`` sent to the linked
consultation. Callers import from here.

Each service checks permission, validates, writes and publishes on the
event's stream in the same transaction (``cms.live``), in that order.
Setup, starts and the harvest lock the event's row, so two facilitators'
clicks run one after the other; a dot locks the participant's registration,
so their dots per round cannot be overspent by two phones at once. Invalid
input raises ValidationError (keyed by form field), refusals PermissionDenied.
"""

from .dots import cafe_dot_toggle, dots_snapshot
from .harvest import behalf_label, cafe_harvest, harvest_text
from .ideas import (
    cafe_idea_add,
    cafe_idea_delete,
    cafe_idea_hide,
    clean_idea_text,
    hide_reason_text,
)
from .rounds import (
    ROUND_MINUTES_RANGE,
    cafe_participants,
    cafe_round_create,
    cafe_round_delete,
    cafe_round_finish,
    cafe_round_start,
    cafe_round_update,
)
from .tables import (
    TABLE_SIZE_RANGE,
    cafe_table_create,
    cafe_table_delete,
    cafe_table_update,
)

__all__ = [
    "ROUND_MINUTES_RANGE",
    "TABLE_SIZE_RANGE",
    "behalf_label",
    "cafe_dot_toggle",
    "cafe_harvest",
    "cafe_idea_add",
    "cafe_idea_delete",
    "cafe_idea_hide",
    "cafe_participants",
    "cafe_round_create",
    "cafe_round_delete",
    "cafe_round_finish",
    "cafe_round_start",
    "cafe_round_update",
    "cafe_table_create",
    "cafe_table_delete",
    "cafe_table_update",
    "clean_idea_text",
    "dots_snapshot",
    "harvest_text",
    "hide_reason_text",
]
