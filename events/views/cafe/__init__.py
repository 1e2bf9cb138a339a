"""Thin views of the citizen café, one module per screen or noun: the
facilitator's page with its seating list and harvest (``console``), its
``tables`` and ``rounds``, a participant's or host's table page with ideas and
dots (``ideas``) and the harvest wall (``projector``). Every form posts and
redirects without JavaScript; cafe.js does the same over the live socket.
urls.py uses ``views.cafe.<view>``: the views are re-exported here."""

from ._common import host_candidates
from .console import cafe, harvest, seating
from .ideas import dot, idea_add, idea_delete, idea_hide, my_table
from .projector import join_qr, wall
from .rounds import round_delete, round_finish, round_save, round_start
from .tables import table_delete, table_save

__all__ = [
    "cafe",
    "dot",
    "harvest",
    "host_candidates",
    "idea_add",
    "idea_delete",
    "idea_hide",
    "join_qr",
    "my_table",
    "round_delete",
    "round_finish",
    "round_save",
    "round_start",
    "seating",
    "table_delete",
    "table_save",
    "wall",
]
