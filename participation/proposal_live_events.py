"""Live events of policy proposals (published by
``participation.services.proposals``).

Stream: ``participation.proposal.<pk>`` (``permissions_proposals.proposal_stream``;
readable by whoever may see the proposal). The proposal's comment thread uses
the same stream, so its ``comment.*`` events (``participation.live_events``)
arrive there too. Page script: ``participation/static/participation/proposal.js``,
which answers both events below by fetching the proposal's status fragment
(``proposals:status``) and putting it in place: the fragment is rendered for
the reader, so no personal data and no reader-dependent control travels in the
frame::

  proposal.updated     {"state": "<ProposalState>", "action": "<step>"}
      The proposal took a step of its workflow (submitted, taken up, opinion
      published, accepted, rejected, withdrawn, implemented).
  proposal.signatures  {"organisations": <n>, "residents": <n>}
      A co-signature was given or withdrawn; the counts after the change.
"""

from cms.live.events import declare_events

PROPOSAL_UPDATED = "proposal.updated"
PROPOSAL_SIGNATURES = "proposal.signatures"

EVENTS = declare_events("participation", PROPOSAL_UPDATED, PROPOSAL_SIGNATURES)
