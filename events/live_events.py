"""Live events of events (published by ``events.services``).

Streams:

- the event's ``live_stream()``, ``events.event.<pk>``: readable by whoever
  may read the event's page (participants, guests, the projector, anyone
  watching). Page scripts: ``events/static/events/live_session.js``.
- the console's ``console_stream()``, ``events.console.<pk>``: readable only
  by the event's facilitators; it carries what the room must not see yet (a
  poll's counts before they are revealed).

Each payload is the whole present state of the thing it names, so a frame
replayed after a reconnect, or applied twice, leaves a screen right:

  event.session        {"status": "not_started|running|paused|ended",
                        "item": {"id", "title", "speaker", "planned_minutes"}|null,
                        "deadline": "<ISO 8601>"|null, "server_now": "<ISO 8601>",
                        "message": "<text>", "guests_allowed": <bool>}
      The session changed (started, paused, resumed, ended, moved to an
      agenda item, a countdown set, a message, guests let in or not). The
      countdown is the deadline and the server's clock when the frame was
      made: screens count down against their own clock corrected by the
      difference, so they agree within a second without ticks on the socket.
  event.poll           {"id", "question", "kind": "single|multiple",
                        "status": "draft|open|closed", "revealed": <bool>,
                        "options": [{"id", "label"}], "voters": <n>,
                        "counts": {"<option id>": <n>}|null}
      A poll was created, opened, closed or revealed. ``counts`` only once
      revealed.
  event.poll_tallies   {"polls": {"<id>": {"voters": <n>,
                                           "counts": {...}|null}}}
      Ballots changed; coalesced by ``cms.live.tallies`` into at most one event
      per ``settings.EVENT_LIVE_TALLY_SECONDS`` and stream, never one per vote.
  event.question       {"id", "text", "status": "visible|answered|hidden",
                        "pinned": <bool>, "upvotes": <n>, "created_at": "<ISO>"}
      A question was asked, pinned or unpinned, answered or hidden. A hidden
      question's text is "" (the reason stays in the moderation log).
  event.question_tallies {"questions": {"<id>": <upvotes>}}
      Upvotes changed, coalesced like the poll tallies.

On the console stream only:

  event.poll            (the shape above, ``counts`` {} and ``status`` "draft")
      A poll was prepared: the room sees it once it is opened.

  event.console_tallies {"polls": {"<id>": {"voters": <n>, "counts": {...}}}}
      The poll tallies with counts whether revealed or not.
"""

from cms.live.events import declare_events

SESSION = "event.session"
POLL = "event.poll"
POLL_TALLIES = "event.poll_tallies"
QUESTION = "event.question"
QUESTION_TALLIES = "event.question_tallies"
CONSOLE_TALLIES = "event.console_tallies"

EVENTS = declare_events(
    "events",
    SESSION,
    POLL,
    POLL_TALLIES,
    QUESTION,
    QUESTION_TALLIES,
    CONSOLE_TALLIES,
)
