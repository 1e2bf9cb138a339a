"""Reads of participation, one module per noun: ``comments`` (a thread's
comments and counts), ``threads`` (the thread a host page includes),
``moderation`` (the queue and log), ``export`` (a user's data).

Other apps import from here; the names below are what they use.
"""

from .comments import (
    SORT_NEWEST,
    SORT_OLDEST,
    SORT_SUPPORTED,
    SORT_UNANSWERED,
    SORTS,
    THREAD_PAGE_SIZE,
    comment_counts_by_anchor,
    comment_for_viewer,
    response_progress,
    thread_counts,
    thread_for_target,
    thread_page_for_target,
)
from .export import comments_for_user_export, user_participation_export
from .moderation import (
    comments_flagged,
    comments_hidden,
    comments_recent,
    moderation_log,
    open_flag_count,
)
from .threads import (
    ANSWERED_FILTERS,
    COMMENT_PARAM,
    PAGE_PARAM,
    WHOLE_TARGET_FILTER,
    set_anchor_labels,
    thread_base,
    thread_context,
)

__all__ = [
    "ANSWERED_FILTERS",
    "COMMENT_PARAM",
    "PAGE_PARAM",
    "SORTS",
    "SORT_NEWEST",
    "SORT_OLDEST",
    "SORT_SUPPORTED",
    "SORT_UNANSWERED",
    "THREAD_PAGE_SIZE",
    "WHOLE_TARGET_FILTER",
    "comment_counts_by_anchor",
    "comment_for_viewer",
    "comments_flagged",
    "comments_for_user_export",
    "comments_hidden",
    "comments_recent",
    "moderation_log",
    "open_flag_count",
    "response_progress",
    "set_anchor_labels",
    "thread_base",
    "thread_context",
    "thread_counts",
    "thread_for_target",
    "thread_page_for_target",
    "user_participation_export",
]

# Policy proposals: read by their own views; other apps (an organisation's
# page, the digest) import the list from here.
from .proposals import proposals_public as proposals_public  # noqa: E402
