"""Official responses to comments, with their revisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue_on_commit
from cms.visibility import Viewer

from .. import live_events, permissions
from ..models import Comment, Decision, OfficialResponse, OfficialResponseRevision
from ..sanitize import (
    REASONING_MAX_LENGTH,
    TextFormat,
    normalise_source,
    source_to_html,
    too_long_error,
)
from ..tasks import response_notice_send
from ._common import _lock, _publish, _target_of


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
