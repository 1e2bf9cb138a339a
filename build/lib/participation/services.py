"""Writes to comment threads. Each service checks permission, validates, writes,
records who did what, publishes the live event in the same transaction and
enqueues the e-mail task for after the commit. Invalid input raises ValidationError
(field errors keyed by form field name), forbidden actions PermissionDenied;
nothing is half-saved.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.live.tallies import tally_changed
from cms.ratelimit import RATE_LIMITED as RATE_LIMITED  # callers test for it
from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit
from cms.visibility import Viewer, viewer_for_user

from . import live_events, permissions
from .commentable import target_content_type, target_for
from .models import (
    Comment,
    CommentFlag,
    CommentStatus,
    CommentSupport,
    Decision,
    FlagCategory,
    ModerationAction,
    ModerationLogEntry,
    OfficialResponse,
    OfficialResponseRevision,
    Organisation,
)
from .rendering import TALLIES_EVENT, comment_public_html
from .sanitize import (
    FLAG_REASON_MAX_LENGTH,
    HIDE_REASON_MAX_LENGTH,
    JUSTIFICATION_MAX_LENGTH,
    PROPOSED_WORDING_MAX_LENGTH,
    REASONING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TextFormat,
    normalise_source,
    source_to_html,
    too_long_error,
)
from .selectors import thread_counts
from .tasks import moderation_notice_send, reply_notice_send, response_notice_send

BEHALF_LABEL_MAX_LENGTH = Comment._meta.get_field("behalf_label").max_length


# --- helpers ----------------------------------------------------------------------
def _clean_texts(*, text: str, proposed_wording: str, justification: str) -> dict:
    """Validates the three text fields together and returns the model fields:
    each text as typed (``*_source``) and as clean HTML, and their format.
    Proposed wording stays plain: its "2. W okresie…" numbering is legal text,
    not a Markdown list (participation.sanitize)."""
    errors: dict[str, list] = {}
    values = {
        "text": (text or "", TEXT_MAX_LENGTH, TextFormat.MARKDOWN),
        "proposed_wording": (
            proposed_wording or "",
            PROPOSED_WORDING_MAX_LENGTH,
            TextFormat.PLAIN,
        ),
        "justification": (
            justification or "",
            JUSTIFICATION_MAX_LENGTH,
            TextFormat.MARKDOWN,
        ),
    }
    cleaned = {"source_format": TextFormat.MARKDOWN}
    for field, (value, limit, text_format) in values.items():
        if len(value) > limit:
            errors[field] = [too_long_error(limit, len(value))]
            continue
        cleaned[field] = source_to_html(value, text_format)
        cleaned[f"{field}_source"] = normalise_source(value)
    if "text" not in errors and not cleaned["text"]:
        errors["text"] = [ValidationError(_("Write your comment."), code="required")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _reason(value: str, *, field: str, limit: int, required_message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(required_message, "required")})
    if len(value) > limit:
        raise ValidationError({field: too_long_error(limit, len(value))})
    return value


def _check_visible(target, *, user, viewer: Viewer | None) -> None:
    """The one visibility rule, asked by every service: ``viewer`` is the
    request's (its session may hold a page password); without one, the user
    alone (a task, a socket action)."""
    if viewer is None:
        viewer = viewer_for_user(user)
    if not target.visible_to(viewer):
        raise PermissionDenied(_("This discussion no longer exists."))


def _target_of(comment: Comment, *, user, viewer: Viewer | None = None):
    target = target_for(comment)
    if target is None:
        raise PermissionDenied(_("This discussion no longer exists."))
    _check_visible(target, user=user, viewer=viewer)
    return target


def _lock(comment: Comment) -> Comment:
    # Re-read inside the transaction: the state checks below must see the row as it
    # is now, not as the caller loaded it.
    return (
        # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "parent", "on_behalf_of")
        .get(pk=comment.pk)
    )


def _publish(target, event: str, data: dict, *, comment: Comment) -> None:
    """The event with what every reader sees: the thread's counts and the
    comment's public HTML in each language (rendered once here, not once per
    reader: pages put it in place without asking the server)."""
    publish(
        target.comment_stream(),
        event,
        {
            **data,
            "counts": thread_counts(target=target),
            "html": comment_public_html(comment=comment, target=target),
        },
    )


# --- comments ---------------------------------------------------------------------
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


# --- moderation -------------------------------------------------------------------
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


# --- official responses -----------------------------------------------------------
def _response_revision_keep(response: OfficialResponse, *, decision, source) -> None:
    """Keeps the decision ``response`` holds before it changes: the public
    comment shows what the office decided earlier, and who signed it."""
    if (response.decision, response.reasoning_source) == (
        decision,
        normalise_source(source),
    ):
        return
    OfficialResponseRevision.objects.create(
        response=response,
        decision=response.decision,
        reasoning=response.reasoning,
        reasoning_source=response.reasoning_source,
        source_format=response.source_format,
        department=response.department,
        official=response.official,
        created_at=response.updated_at,
    )


@transaction.atomic
def official_response_publish(
    *,
    official,
    comment: Comment,
    decision: str,
    reasoning: str,
    viewer: Viewer | None = None,
) -> OfficialResponse:
    """Publishes (or corrects) the office's answer to a top-level comment, signed
    with the official's department, and e-mails the comment's author."""
    comment = _lock(comment)
    target = _target_of(comment, user=official, viewer=viewer)
    if not permissions.can_respond_officially(official, comment, target):
        raise PermissionDenied(_("You cannot answer this comment for the office."))
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = [ValidationError(_("Choose a decision."), "invalid")]
    raw = reasoning or ""
    if len(raw) > REASONING_MAX_LENGTH:
        errors["reasoning"] = [too_long_error(REASONING_MAX_LENGTH, len(raw))]
    elif not raw.strip():
        errors["reasoning"] = [ValidationError(_("Explain the decision."), "required")]
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    response = OfficialResponse.objects.filter(comment=comment).first()
    updated = response is not None
    if response is None:
        response = OfficialResponse(comment=comment, created_at=now)
    else:
        _response_revision_keep(response, decision=decision, source=raw)
    response.decision = decision
    response.reasoning = source_to_html(raw, TextFormat.MARKDOWN)
    response.reasoning_source = normalise_source(raw)
    response.source_format = TextFormat.MARKDOWN
    response.official = official
    response.department = official.department
    response.updated_at = now
    response.save()
    _publish(
        target,
        live_events.RESPONSE_PUBLISHED,
        {"comment_id": comment.pk},
        comment=comment,
    )
    enqueue_on_commit(response_notice_send, response_id=response.pk, updated=updated)
    return response


# --- accounts ---------------------------------------------------------------------
def account_deleted(user) -> None:
    """Account deletion hook (runs in accounts' transaction). Comments stay, signed
    "Deleted user" by the accounts app; the person stops representing any
    organisation."""
    user.organisation_memberships.all().delete()
