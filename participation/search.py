"""Public comments in site search, linked straight to the comment in its
thread. Registered by ``apps.py``.

Only comments everyone sees are indexed: visible, not withdrawn, and for a
reply, its comment too. Indexing runs right after the commit (``immediate``),
so a comment hidden by a moderator leaves the results at once. A comment's
entry follows its target page's visibility; a target that is not a page would
need a visibility rule of its own in the index, so such comments are left out
until one exists.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from cms.search.registry import IndexDocument, register_indexer, register_kind
from cms.search.text import html_to_text

from .commentable import target_for
from .models import Comment, CommentStatus
from .selectors.threads import COMMENT_PARAM, WHOLE_TARGET_FILTER

COMMENT = "comment"


def _is_public(comment: Comment) -> bool:
    return comment.status == CommentStatus.VISIBLE and comment.deleted_at is None


def comment_documents(comment: Comment) -> list[IndexDocument]:
    if not _is_public(comment):
        return []
    if comment.parent_id is not None and not _is_public(comment.parent):
        return []
    target = target_for(comment)
    if not isinstance(target, Page):
        return []
    label = target.comment_anchor_label(comment.anchor) if comment.anchor else ""
    text = "\n".join(
        part
        for part in (
            html_to_text(comment.text),
            html_to_text(comment.proposed_wording),
            html_to_text(comment.justification),
        )
        if part
    )
    return [
        IndexDocument(
            kind=COMMENT,
            # Where it is, not who wrote it: the index keeps no personal data.
            title=label or target.title,
            context=target.title if label else "",
            text=text,
            page=target,
            # Its page of the thread is found when followed: the thread grows.
            link=f"?anchor={comment.anchor or WHOLE_TARGET_FILTER}"
            f"&{COMMENT_PARAM}={comment.pk}#comment-{comment.pk}",
            date=comment.created_at,
            search_title=False,
        )
    ]


def register() -> None:
    register_kind(COMMENT, pgettext_lazy("search kind", "Comments"), order=30)
    register_indexer(
        Comment,
        documents=comment_documents,
        queryset=lambda: Comment.objects.public().select_related("parent"),
        # Hiding or withdrawing a comment takes its replies out too.
        dependents={Comment: lambda comment: list(comment.replies.all())},
        immediate=True,
    )
