"""Live events of consultations (published by ``consultations.services``).

Stream: the consultation's ``comment_stream()``, ``consultations.consultation.<pk>``,
shared with its comment thread (``participation/live_events.py``); readable by
whoever may read the consultation.
Page script: ``consultations/static/consultations/consultation.js``.

  act.version_published  {"version": <version number>, "act": <draft act pk>}
      A new version of the draft act became the text residents comment on:
      the page offers to reload it.
"""

from cms.live.events import declare_events

ACT_VERSION_PUBLISHED = "act.version_published"

EVENTS = declare_events("consultations", ACT_VERSION_PUBLISHED)
