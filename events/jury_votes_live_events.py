"""Live events of a jury's recommendations and votes, on the event's
``live_stream()`` (readable by whoever may read the event's page). Page
script: ``events/static/events/jury_votes.js``.

  jury.recommendation  {"id", "number", "title", "vote_status":
                        "draft|open|closed", "voters": <n>,
                        "result": {"yes", "no", "abstain", "passed",
                                   "threshold_percent",
                                   "abstentions_counted"}|null}
      A recommendation was proposed or amended, or its vote opened or
      closed. ``result`` only once the vote is closed: while it is open
      nobody, facilitators included, sees how the votes go.
  jury.voters          {"recommendations": {"<id>": <voters>}}
      Jurors voted: how many have, never how. Coalesced by
      ``cms.live.tallies``, never one frame per vote.
  jury.drafting        {"drafting": "not_started|open|closed"}
      The facilitators opened or closed drafting.
  jury.groups          {"item": <agenda item id>, "groups": <n>}
      The panel was split into small groups for an agenda item, a juror was
      moved or a group renamed, or a replacement took a juror's places. No
      names: each screen fetches its own view of the groups (a juror sees
      their group, the console and projector all of them).

There is nothing on the console stream: the facilitators see what the room
sees.
"""

from cms.live.events import declare_events

RECOMMENDATION = "jury.recommendation"
VOTERS = "jury.voters"
DRAFTING = "jury.drafting"
GROUPS = "jury.groups"

EVENTS = declare_events("events", RECOMMENDATION, VOTERS, DRAFTING, GROUPS)
