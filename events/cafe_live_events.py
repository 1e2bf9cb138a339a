"""Live events of the citizen café (published by ``events.services.cafe`` on
the event's stream, ``events.event.<pk>``, readable by whoever may read the
event's page). Kept apart from ``events/live_events.py``, which the live
session's events fill; both declare for the "events" app.

cafe.round_started
    {"round": {"id", "number", "duration_minutes", "started_at", "deadline"},
     "now": <server time, ISO>, "tables": [{"id", "number", "topic"}],
     "seats": {"<seat key>": <table id>}}
    Seat keys are per person and event (``events.selectors.cafe.seat_key``,
    an HMAC with the site's secret): each page knows its reader's key, so a
    phone finds its own table while the stream names nobody.
cafe.round_finished
    {"round": {"id", "number"}}
cafe.idea_created
    {"idea": {"id", "table", "table_number", "topic", "round", "text",
     "by_host", "dots", "dots_label": {"<lang>": "3 kropki"}}}; ``text`` is
    plain text: put it in with textContent.
cafe.idea_removed
    {"idea": <id>, "table": <id>}: hidden by a moderator or deleted by its
    author; every screen takes it away (the reason stays in the console).
cafe.dots
    a coalesced snapshot (``cms.live.tallies``):
    {"dots": {"<idea id>": {"count": n, "label": {"<lang>": "..."}}}}
cafe.harvested
    {"ideas": [<idea id>, ...]}: sent to the consultation as comments.
cafe.setup_changed
    {}: tables or rounds were added, changed or removed (pages offer a reload).

On the facilitators' console stream (``events.console.<pk>``) only:
cafe.attendance_changed
    {}: someone checked in (or not), registered, cancelled or was promoted;
    the console fetches its seating list again (names never go on a stream).
"""

from cms.live.events import declare_events

ROUND_STARTED = "cafe.round_started"
ROUND_FINISHED = "cafe.round_finished"
IDEA_CREATED = "cafe.idea_created"
IDEA_REMOVED = "cafe.idea_removed"
DOTS = "cafe.dots"
HARVESTED = "cafe.harvested"
SETUP_CHANGED = "cafe.setup_changed"
ATTENDANCE_CHANGED = "cafe.attendance_changed"

EVENTS = declare_events(
    "events",
    ROUND_STARTED,
    ROUND_FINISHED,
    IDEA_CREATED,
    IDEA_REMOVED,
    DOTS,
    HARVESTED,
    SETUP_CHANGED,
    ATTENDANCE_CHANGED,
)
