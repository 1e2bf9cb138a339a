"""Live events of comment threads (published by ``participation.services``).

Stream: the thread's target, ``target.comment_stream()`` (a consultation's is
``consultations.consultation.<pk>``; readable by whoever may see the target,
``Commentable.visible_to``). Page script:
``participation/static/participation/thread.js``.

Every payload but the tallies carries ``counts``, the thread's numbers after the
change, and ``html``, the comment as the public sees it, rendered once per
language (``participation.rendering.comment_public_html``): the ``<article>``
without its replies, every reader-dependent control present but ``hidden``
(``data-control="reply|support|edit|delete|flag"``), no CSRF token and no return
address. A page shows the controls its reader has, from the thread's
``data-reader-*``; only readers who see more (moderators, officials:
``data-reader-fetch``) fetch the comment rendered for them::

    "counts": {"anchors": {"<anchor>": <public top-level comments>, ...},
               "answered": <of those, with an official response>,
               "top_level": <public top-level comments>}
    "html":   {"pl": "<article ...>", "en": "<article ...>"}

  comment.created     {"id": <pk>, "parent_id": <pk> | null, "anchor": "<anchor>",
                       "counts": {...}, "html": {...}}
      A comment or reply was posted. "" is the whole target as anchor.
  comment.updated     {"id": <pk>, "counts": {...}, "html": {...}}
      A comment changed in any way a reader sees (edited, withdrawn by its
      author, hidden or restored by a moderator). A hidden comment's ``html``
      holds the moderator's reason, not its text.
  response.published  {"comment_id": <pk>, "counts": {...}, "html": {...}}
      An official response to a comment was published or changed.
  comment.tallies     {"supports": {"<pk>": {"count": <n>,
                                              "label": {"pl": "3 poparcia", ...}}}}
      Support counts of the comments whose support changed, read after the
      changes; coalesced by ``cms.live.tallies`` into at most one event per
      ``settings.LIVE_TALLY_SECONDS`` and stream, never one per click.
"""

from cms.live.events import declare_events

COMMENT_CREATED = "comment.created"
COMMENT_UPDATED = "comment.updated"
RESPONSE_PUBLISHED = "response.published"
COMMENT_TALLIES = "comment.tallies"

EVENTS = declare_events(
    "participation",
    COMMENT_CREATED,
    COMMENT_UPDATED,
    RESPONSE_PUBLISHED,
    COMMENT_TALLIES,
)
