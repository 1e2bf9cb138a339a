"""What the thread services share: text cleaning, the visibility check, the
row lock and the live event with the comment's public HTML."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.visibility import Viewer, viewer_for_user

from ..commentable import target_for
from ..models import Comment
from ..rendering import comment_public_html
from ..sanitize import (
    JUSTIFICATION_MAX_LENGTH,
    PROPOSED_WORDING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TextFormat,
    normalise_source,
    source_to_html,
    too_long_error,
)
from ..selectors import thread_counts

BEHALF_LABEL_MAX_LENGTH = Comment._meta.get_field("behalf_label").max_length


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
