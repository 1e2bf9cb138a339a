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


@register.inclusion_tag(
    "participation/representatives/includes/organisation_box.html", takes_context=True
)
def representatives_box(context, organisation) -> dict:
    """``{% representatives_box organisation %}`` on the organisation's page:
    its representatives' public names, and for the viewer the "ask to
    represent" link, their pending request, or the admins' link."""
    from participation import permissions
    from participation.selectors import representatives as selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "organisation": organisation,
        "members": list(selectors.representatives_of(organisation)),
        "signed_in": permissions.is_signed_in(user),
        "member": permissions.memberships_of(user).get(organisation.pk),
        "pending": selectors.pending_request_of(user, organisation),
        "manager": permissions.can_manage_representatives(user, organisation),
        "request": request,
    }
