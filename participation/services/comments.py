"""Writing, editing, deleting, supporting and flagging comments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.tallies import tally_changed
from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit
from cms.visibility import Viewer

from .. import live_events, permissions
from ..commentable import target_content_type
from ..models import Comment, CommentFlag, CommentSupport, FlagCategory, Organisation
from ..rendering import TALLIES_EVENT
from ..sanitize import FLAG_REASON_MAX_LENGTH, too_long_error
from ..tasks import reply_notice_send
from ._common import (
    BEHALF_LABEL_MAX_LENGTH,
    _check_visible,
    _clean_texts,
    _lock,
    _publish,
    _reason,
    _target_of,
)


@transaction.atomic
def comment_create(
    *,
    author,
    target,
    text: str,
    anchor: str = "",
    parent: Comment | None = None,
    proposed_wording: str = "",
    justification: str = "",
    on_behalf_of: Organisation | None = None,
    behalf_label: str = "",
    behalf_url: str = "",
    viewer: Viewer | None = None,
) -> Comment:
    """Publishes a comment on ``target`` (about ``anchor``, "" = the whole target),
    or a reply to ``parent``. A reply to a reply joins the top-level comment and
    replies take their parent's anchor. E-mails the parent's author about replies.

    ``behalf_label`` (and ``behalf_url``, a path on this site) make it a
    comment on behalf of a group that is no organisation, e.g. a citizen café
    whose ideas its facilitator sends on. Only other apps' services pass them,
    after their own permission checks; such comments come in batches, so they
    count against the "group_comment" write limit, not "comment"."""
    _check_visible(target, user=author, viewer=viewer)
    reason = permissions.comment_denied_reason(author, target)
    if reason is not None:
        raise PermissionDenied(reason)
    content_type = target_content_type(target)

    if parent is not None:
        parent = _lock(parent)
        if parent.target_type_id != content_type.pk or parent.target_id != target.pk:
            raise ValidationError(
                _("You can only reply to a comment in this discussion."),
                code="invalid_parent",
            )
        if not permissions.can_reply(author, parent, target):
            raise PermissionDenied(_("You cannot reply to this comment."))
        if parent.parent_id is not None:
            parent = _lock(parent.parent)
        anchor = parent.anchor
    else:
        anchor = anchor or ""
        if target.comment_anchor_label(anchor) is None:
            raise ValidationError(
                {
                    "anchor": ValidationError(
                        _("Choose a provision from the list."), "invalid"
                    )
                }
            )

    if on_behalf_of is not None and on_behalf_of not in permissions.organisations_for(
        author
    ):
        raise ValidationError(
            {
                "on_behalf_of": ValidationError(
                    _("You cannot write on behalf of this organisation."), "invalid"
                )
            }
        )
    behalf_label = (behalf_label or "").strip()
    behalf_url = behalf_url or ""
    if behalf_label and (parent is not None or on_behalf_of is not None):
        raise ValueError("A group's comment is neither a reply nor an organisation's")
    if len(behalf_label) > BEHALF_LABEL_MAX_LENGTH or (
        behalf_url and (not behalf_url.startswith("/") or behalf_url.startswith("//"))
    ):
        raise ValueError("behalf_label too long or behalf_url not a path here")
    cleaned = _clean_texts(
        text=text, proposed_wording=proposed_wording, justification=justification
    )
    if behalf_label:
        check_write_rate("group_comment", user=author)
    else:
        check_write_rate("reply" if parent is not None else "comment", user=author)

    comment = Comment.objects.create(
        target_type=content_type,
        target_id=target.pk,
        anchor=anchor,
        parent=parent,
        author=author,
        on_behalf_of=on_behalf_of,
        behalf_label=behalf_label,
        behalf_url=behalf_url if behalf_label else "",
        **cleaned,
    )
    _publish(
        target,
        live_events.COMMENT_CREATED,
        {"id": comment.pk, "parent_id": comment.parent_id, "anchor": comment.anchor},
        comment=comment,
    )
    if parent is not None:
        enqueue_on_commit(reply_notice_send, reply_id=comment.pk)
    return comment


@transaction.atomic
def comment_edit(
    *,
    user,
    comment: Comment,
    text: str,
    proposed_wording: str = "",
    justification: str = "",
    viewer: Viewer | None = None,
) -> Comment:
    """Lets the author correct a comment within COMMENT_EDIT_WINDOW_SECONDS; the
    comment is then marked as edited."""
    comment = _lock(comment)
    if not permissions.can_edit_comment(user, comment):
        raise PermissionDenied(_("You can no longer edit this comment."))
    target = _target_of(comment, user=user, viewer=viewer)
    cleaned = _clean_texts(
        text=text, proposed_wording=proposed_wording, justification=justification
    )
    check_write_rate("edit", user=user)
    for field, value in cleaned.items():
        setattr(comment, field, value)
    comment.edited_at = timezone.now()
    comment.save(update_fields=[*cleaned, "edited_at"])
    _publish(target, live_events.COMMENT_UPDATED, {"id": comment.pk}, comment=comment)
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment, viewer: Viewer | None = None) -> Comment:
    """Withdraws a comment at its author's request. The row stays, shown as
    "deleted by the author", so replies and responses keep their context."""
    comment = _lock(comment)
    if not permissions.can_delete_comment(user, comment):
        raise PermissionDenied(_("You cannot delete this comment."))
    target = _target_of(comment, user=user, viewer=viewer)
    check_write_rate("delete", user=user)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    _publish(target, live_events.COMMENT_UPDATED, {"id": comment.pk}, comment=comment)
    return comment


@transaction.atomic
def comment_support(
    *, user, comment: Comment, support: bool, viewer: Viewer | None = None
) -> int:
    """Adds (``support=True``) or withdraws the user's support; idempotent.
    Returns the comment's support count."""
    comment = _lock(comment)
    target = _target_of(comment, user=user, viewer=viewer)
    if not permissions.can_support(user, comment, target):
        raise PermissionDenied(_("You cannot support this comment."))
    # Every toggle counts, changed or not: each one locks the comment's row.
    check_write_rate("support", user=user)
    if support:
        changed = CommentSupport.objects.get_or_create(comment=comment, user=user)[1]
    else:
        changed = CommentSupport.objects.filter(comment=comment, user=user).delete()[0]
    if not changed:
        return comment.support_count
    # Recount rather than increment: the stored number cannot drift.
    comment.support_count = CommentSupport.objects.filter(comment=comment).count()
    comment.save(update_fields=["support_count"])
    # Supports come in bursts: open pages get a snapshot of the counts a few
    # times a second, not one event per click (cms.live.tallies).
    tally_changed(target.comment_stream(), TALLIES_EVENT, comment.pk)
    return comment.support_count


@transaction.atomic
def comment_flag(
    *,
    user,
    comment: Comment,
    reason: str = "",
    category: str = FlagCategory.OTHER,
    viewer: Viewer | None = None,
) -> CommentFlag:
    """Reports a comment to the moderators, once per person: a preset
    ``category`` and optional words, required when the category is "other"."""
    comment = _lock(comment)
    _target_of(comment, user=user, viewer=viewer)
    if not permissions.can_flag(user, comment):
        raise PermissionDenied(_("You cannot report this comment."))
    if category not in FlagCategory.values:
        raise ValidationError(
            {"category": ValidationError(_("Choose what is wrong."), "invalid")}
        )
    if category == FlagCategory.OTHER:
        reason = _reason(
            reason,
            field="reason",
            limit=FLAG_REASON_MAX_LENGTH,
            required_message=_("Say what is wrong with this comment."),
        )
    else:
        reason = (reason or "").strip()
        if len(reason) > FLAG_REASON_MAX_LENGTH:
            raise ValidationError(
                {"reason": too_long_error(FLAG_REASON_MAX_LENGTH, len(reason))}
            )
    if CommentFlag.objects.filter(comment=comment, user=user).exists():
        raise ValidationError(
            _("You have already reported this comment."), code="duplicate"
        )
    check_write_rate("flag", user=user)
    return CommentFlag.objects.create(
        comment=comment, user=user, category=category, reason=reason
    )
