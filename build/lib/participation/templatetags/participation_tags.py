"""Template helpers of the comment thread. Permission answers come from
participation.permissions; nothing is decided here."""

from django import template

from participation.permissions import (
    CommentPermissions,
    comment_permissions,
    public_comment_permissions,
)
from participation.sanitize import html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_perms(context, comment) -> CommentPermissions | None:
    """``{% comment_perms comment as can %}``: the viewer's actions on a comment,
    from the thread's precomputed permissions (no queries)."""
    thread = context.get("thread") or {}
    if thread.get("public"):
        return public_comment_permissions(comment)
    perms = thread.get("perms")
    if perms is None:
        return None
    return comment_permissions(perms, comment)


@register.filter
def as_text(value: str) -> str:
    """Stored comment HTML back to the plain text a textarea shows."""
    return html_to_text(value)
