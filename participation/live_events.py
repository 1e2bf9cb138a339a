"""Live events of comment threads (published by ``participation.services``).

Stream: the thread's target, ``target.comment_stream()`` (a consultation's is
``consultations.consultation.<pk>``; readable by whoever may read the target).
Page script: ``participation/static/participation/thread.js``.

Every payload carries ``counts``, the thread's numbers after the change, so a
page updates its counters without asking::

    "counts": {"anchors": {"<anchor>": <public top-level comments>, ...},
               "answered": <of those, with an official response>,
               "top_level": <public top-level comments>}

  comment.created     {"id": <pk>, "parent_id": <pk> | null, "anchor": "<anchor>",
                       "counts": {...}}
      A comment or reply was posted. "" is the whole target as anchor.
  comment.updated     {"id": <pk>, "counts": {...}}
      A comment changed in any way a reader sees (edited, withdrawn by its
      author, hidden or restored by a moderator): fetch it again.
  comment.supported   {"id": <pk>, "support_count": <n>, "counts": {...}}
      Someone added or withdrew support.
  response.published  {"comment_id": <pk>, "counts": {...}}
      An official response to a comment was published or updated.

Payloads hold ids and numbers only: what the comment says is fetched through the
views, which apply the visibility rules for the person asking.
"""

from cms.live.events import declare_events

COMMENT_CREATED = "comment.created"
COMMENT_UPDATED = "comment.updated"
COMMENT_SUPPORTED = "comment.supported"
RESPONSE_PUBLISHED = "response.published"

EVENTS = declare_events(
    "participation",
    COMMENT_CREATED,
    COMMENT_UPDATED,
    COMMENT_SUPPORTED,
    RESPONSE_PUBLISHED,
)
