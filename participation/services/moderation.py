"""Moderators hide and restore comments and dismiss flags; each step is logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue_on_commit
from cms.visibility import Viewer

from .. import live_events, permissions
from ..models import Comment, CommentStatus, ModerationAction, ModerationLogEntry
from ..sanitize import HIDE_REASON_MAX_LENGTH
from ..tasks import moderation_notice_send
from ._common import _lock, _publish, _reason, _target_of


@transaction.atomic
def comment_hide(
    *, moderator, comment: Comment, reason: str, viewer: Viewer | None = None
) -> Comment:
    """Hides a comment from the public with a reason everyone sees; resolves its
    reports, logs the action and e-mails the author the reason."""
    comment = _lock(comment)
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can hide comments."))
    if not permissions.can_hide(moderator, comment):
        raise ValidationError(_("This comment cannot be hidden."), code="invalid")
    reason = _reason(
        reason,
        field="reason",
        limit=HIDE_REASON_MAX_LENGTH,
        required_message=_(
            "Give the reason for hiding; the author and readers see it."
        ),
    )
    target = _target_of(comment, user=moderator, viewer=viewer)
    comment.status = CommentStatus.HIDDEN
    comment.hidden_reason = reason
    comment.hidden_by = moderator
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at"])
    comment.flags.filter(resolved=False).update(resolved=True)
    ModerationLogEntry.objects.create(
        comment=comment,
        moderator=moderator,
        action=ModerationAction.HIDE,
        reason=reason,
    )
    _publish(target, live_events.COMMENT_UPDATED, {"id": comment.pk}, comment=comment)
    enqueue_on_commit(moderation_notice_send, comment_id=comment.pk, hidden=True)
    return comment


@transaction.atomic
def comment_unhide(
    *, moderator, comment: Comment, reason: str = "", viewer: Viewer | None = None
) -> Comment:
    """Makes a hidden comment public again; logs it and tells the author."""
    comment = _lock(comment)
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can restore comments."))
    if not permissions.can_unhide(moderator, comment):
        raise ValidationError(_("This comment is not hidden."), code="invalid")
    target = _target_of(comment, user=moderator, viewer=viewer)
    comment.status = CommentStatus.VISIBLE
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.hidden_at = None
    comment.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at"])
    ModerationLogEntry.objects.create(
        comment=comment,
        moderator=moderator,
        action=ModerationAction.UNHIDE,
        reason=(reason or "").strip()[:HIDE_REASON_MAX_LENGTH],
    )
    _publish(target, live_events.COMMENT_UPDATED, {"id": comment.pk}, comment=comment)
    enqueue_on_commit(moderation_notice_send, comment_id=comment.pk, hidden=False)
    return comment


@transaction.atomic
def comment_flags_dismiss(
    *, moderator, comment: Comment, reason: str = "", viewer: Viewer | None = None
) -> int:
    """Closes a comment's open reports without hiding it; returns how many."""
    comment = _lock(comment)
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can dismiss reports."))
    _target_of(comment, user=moderator, viewer=viewer)
    dismissed = comment.flags.filter(resolved=False).update(resolved=True)
    if not dismissed:
        raise ValidationError(_("This comment has no open reports."), code="invalid")
    ModerationLogEntry.objects.create(
        comment=comment,
        moderator=moderator,
        action=ModerationAction.DISMISS_FLAGS,
        reason=(reason or "").strip()[:HIDE_REASON_MAX_LENGTH],
    )
    return dismissed
