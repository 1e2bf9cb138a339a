"""Live events of events (published by ``events.services``).

Stream: the event's ``live_stream()``, ``events.event.<pk>``; readable by whoever
may read the event's page. Each part of the live session declares its event
types here, with its payload, as consultations/live_events.py does.
"""

from cms.live.events import declare_events

EVENTS = declare_events("events")
