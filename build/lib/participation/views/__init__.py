"""Thin views of the comment thread: check permission, validate, call one service
or selector, redirect (POST-redirect-GET with a message) or answer JSON to fetch()
requests. Everything works without JavaScript.

Host pages take the thread's context from ``participation.selectors.thread_context``."""

from .comments import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_flag,
    comment_reply,
    comment_support,
)
from .moderation import (
    comment_flags_dismiss,
    comment_hide,
    comment_unhide,
    moderation_queue,
)
from .preview import comment_preview
from .responses import official_response
from .thread import comment_fragment

__all__ = [
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_flag",
    "comment_flags_dismiss",
    "comment_preview",
    "comment_fragment",
    "comment_hide",
    "comment_reply",
    "comment_support",
    "comment_unhide",
    "moderation_queue",
    "official_response",
]
