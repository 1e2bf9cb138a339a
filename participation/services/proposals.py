"""Writes of policy proposals: filing (a draft, then its edits), each step of
the workflow (one service per step, all through ``_step``), co-signatures and
following. Each checks the rule in ``permissions_proposals``, validates,
writes, records the step, publishes the live event in the same transaction and
enqueues the e-mails after the commit."""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit

from .. import permissions_proposals as rules
from ..models import (
    OpinionVerdict,
    Organisation,
    Proposal,
    ProposalAttachment,
    ProposalConcerns,
    ProposalFollow,
    ProposalSignature,
    ProposalState,
    ProposalTransition,
)
from ..proposal_live_events import PROPOSAL_SIGNATURES, PROPOSAL_UPDATED
from ..sanitize import (
    JUSTIFICATION_MAX_LENGTH,
    REASONING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TextFormat,
    normalise_source,
    source_to_html,
    too_long_error,
)
from ..spheres import Sphere
from ..tasks_proposals import proposal_step_notice_send

TITLE_MAX_LENGTH = Proposal._meta.get_field("title").max_length
CONCERNS_TITLE_MAX_LENGTH = Proposal._meta.get_field("concerns_title").max_length
REASON_MAX_LENGTH = 2000
# Attachments: what the office's own document library accepts
# (WAGTAILDOCS_EXTENSIONS: no HTML, SVG or scripts), at most this many and
# this big; served only as downloads by the proposal's own view.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 5


def _text(errors: dict, field: str, value: str, limit: int, required: str) -> dict:
    value = value or ""
    if len(value) > limit:
        errors[field] = [too_long_error(limit, len(value))]
        return {}
    html = source_to_html(value, TextFormat.MARKDOWN)
    if not html:
        errors[field] = [ValidationError(required, code="required")]
        return {}
    return {field: html, f"{field}_source": normalise_source(value)}


def _check_file(upload) -> str | None:
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    if extension not in settings.WAGTAILDOCS_EXTENSIONS:
        return _(
            "%(name)s: this kind of file is not accepted (allowed: %(kinds)s)."
        ) % {
            "name": upload.name,
            "kinds": ", ".join(settings.WAGTAILDOCS_EXTENSIONS),
        }
    if upload.size > ATTACHMENT_MAX_BYTES:
        return _("%(name)s is larger than %(size)s MB.") % {
            "name": upload.name,
            "size": ATTACHMENT_MAX_BYTES // (1024 * 1024),
        }
    return None


def _clean(
    *,
    title: str,
    problem: str,
    proposed_change: str,
    justification: str,
    sphere: str,
    concerns: str,
    concerns_title: str,
    files,
    existing_files: int = 0,
) -> dict:
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [ValidationError(_("Give the proposal a title."), "required")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [too_long_error(TITLE_MAX_LENGTH, len(title))]
    fields = {"title": title}
    fields |= _text(
        errors, "problem", problem, TEXT_MAX_LENGTH, _("Describe the problem.")
    )
    fields |= _text(
        errors,
        "proposed_change",
        proposed_change,
        TEXT_MAX_LENGTH,
        _("Describe the change you propose."),
    )
    fields |= _text(
        errors,
        "justification",
        justification,
        JUSTIFICATION_MAX_LENGTH,
        _("Justify the proposal."),
    )
    if sphere not in Sphere.values:
        errors["sphere"] = [ValidationError(_("Choose a sphere."), "invalid")]
    if concerns not in ProposalConcerns.values:
        errors["concerns"] = [ValidationError(_("Choose what it concerns."), "invalid")]
    concerns_title = (concerns_title or "").strip()
    if len(concerns_title) > CONCERNS_TITLE_MAX_LENGTH:
        errors["concerns_title"] = [
            too_long_error(CONCERNS_TITLE_MAX_LENGTH, len(concerns_title))
        ]
    files = list(files or ())
    if existing_files + len(files) > ATTACHMENTS_MAX:
        errors["attachments"] = [
            ValidationError(
                _("At most %(count)s attachments.") % {"count": ATTACHMENTS_MAX}
            )
        ]
    else:
        file_errors = [message for f in files if (message := _check_file(f))]
        if file_errors:
            errors["attachments"] = file_errors
    if errors:
        raise ValidationError(errors)
    return fields | {
        "sphere": sphere,
        "concerns": concerns,
        "concerns_title": concerns_title,
    }


def _attach(proposal: Proposal, files) -> None:
    for upload in files or ():
        ProposalAttachment.objects.create(
            proposal=proposal,
            file=upload,
            name=os.path.basename(upload.name)[:200],
            size=upload.size,
        )


@transaction.atomic
def proposal_create(
    *,
    user,
    title: str,
    problem: str,
    proposed_change: str,
    justification: str,
    sphere: str,
    concerns: str,
    concerns_title: str = "",
    consultation=None,
    on_behalf_of: Organisation | None = None,
    files=(),
) -> Proposal:
    """A new draft, filed by ``user`` for themselves or for ``on_behalf_of``
    (an organisation they represent). Only its authors see it until submitted."""
    if not rules.can_file_proposal(user):
        raise PermissionDenied(
            _("Log in and confirm your e-mail address to file a proposal.")
        )
    if on_behalf_of is not None and all(
        org.pk != on_behalf_of.pk for org in rules.organisations_for(user)
    ):
        raise PermissionDenied(_("You do not represent this organisation."))
    fields = _clean(
        title=title,
        problem=problem,
        proposed_change=proposed_change,
        justification=justification,
        sphere=sphere,
        concerns=concerns,
        concerns_title=concerns_title,
        files=files,
    )
    check_write_rate("proposal", user=user)
    proposal = Proposal.objects.create(
        **fields, consultation=consultation, author=user, on_behalf_of=on_behalf_of
    )
    _attach(proposal, files)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    user,
    title: str,
    problem: str,
    proposed_change: str,
    justification: str,
    sphere: str,
    concerns: str,
    concerns_title: str = "",
    consultation=None,
    files=(),
) -> Proposal:
    """The authors change their draft (and may add attachments)."""
    proposal = _lock(proposal)
    if not rules.can_edit_proposal(user, proposal):
        raise PermissionDenied(_("Only a draft can be changed, by its authors."))
    fields = _clean(
        title=title,
        problem=problem,
        proposed_change=proposed_change,
        justification=justification,
        sphere=sphere,
        concerns=concerns,
        concerns_title=concerns_title,
        files=files,
        existing_files=proposal.attachments.count(),
    )
    check_write_rate("proposal", user=user)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.consultation = consultation
    proposal.updated_at = timezone.now()
    proposal.save()
    _attach(proposal, files)
    return proposal


def _lock(proposal: Proposal) -> Proposal:
    # The state checks must see the row as it is now, not as the caller loaded it.
    return Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)


def _step(
    proposal: Proposal, *, action: str, user, reason: str = "", **changes
) -> Proposal:
    """Takes step ``action``: refuses it if the table does not allow it from the
    current state or for the user's role, records who, when and why, publishes
    ``proposal.updated`` and mails everyone who follows the proposal."""
    proposal = _lock(proposal)
    step = rules.STEPS[action]
    denied = rules.step_denied_reason(user, proposal, action)
    if denied is not None:
        raise PermissionDenied(denied)
    reason = (reason or "").strip()
    if step.reason_required and not reason:
        raise ValidationError({"reason": ValidationError(_("Say why."), "required")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": too_long_error(REASON_MAX_LENGTH, len(reason))}
        )
    now = timezone.now()
    from_state = proposal.state
    for name, value in changes.items():
        setattr(proposal, name, value)
    proposal.state = step.target
    proposal.updated_at = now
    proposal.save()
    organisation = proposal.on_behalf_of if step.role == rules.AUTHOR else None
    department = None
    if step.role != rules.AUTHOR:
        department = proposal.department or getattr(user, "department", None)
    transition = ProposalTransition.objects.create(
        proposal=proposal,
        action=action,
        from_state=from_state,
        to_state=step.target,
        actor=user,
        organisation=organisation,
        department=department,
        reason=reason,
        created_at=now,
    )
    publish(
        rules.proposal_stream(proposal),
        PROPOSAL_UPDATED,
        {"state": proposal.state, "action": action},
    )
    enqueue_on_commit(proposal_step_notice_send, transition_id=transition.pk)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, user) -> Proposal:
    """The authors file their draft: it becomes public and open to co-signing."""
    return _step(proposal, action="submit", user=user, submitted_at=timezone.now())


@transaction.atomic
def proposal_take_up(
    *, proposal: Proposal, user, department, reason: str = ""
) -> Proposal:
    """The office takes the proposal up and sends it to ``department``."""
    # Refused before validated: whoever may not take the step learns only that.
    proposal = _lock(proposal)
    denied = rules.step_denied_reason(user, proposal, "take_up")
    if denied is not None:
        raise PermissionDenied(denied)
    if department is None:
        raise ValidationError(
            {"department": ValidationError(_("Choose a department."), "required")}
        )
    return _step(
        proposal, action="take_up", user=user, reason=reason, department=department
    )


@transaction.atomic
def proposal_opinion_publish(
    *, proposal: Proposal, user, verdict: str, reasoning: str
) -> Proposal:
    """The department's opinion (positive, partly, negative) with its reasoning,
    signed by the department."""
    locked = _lock(proposal)
    denied = rules.step_denied_reason(user, locked, "publish_opinion")
    if denied is not None:
        raise PermissionDenied(denied)
    errors = {}
    if verdict not in OpinionVerdict.values:
        errors["verdict"] = [ValidationError(_("Choose the opinion."), "required")]
    reasoning = reasoning or ""
    if len(reasoning) > REASONING_MAX_LENGTH:
        errors["reasoning"] = [too_long_error(REASONING_MAX_LENGTH, len(reasoning))]
    html = source_to_html(reasoning, TextFormat.MARKDOWN)
    if not html and "reasoning" not in errors:
        errors["reasoning"] = [
            ValidationError(_("Give the reasoning of the opinion."), "required")
        ]
    if errors:
        raise ValidationError(errors)
    return _step(
        locked,
        action="publish_opinion",
        user=user,
        opinion_verdict=verdict,
        opinion_reasoning=html,
        opinion_reasoning_source=normalise_source(reasoning),
        opinion_department=locked.department,
        opinion_published_at=timezone.now(),
    )


@transaction.atomic
def proposal_accept(*, proposal: Proposal, user, reason: str) -> Proposal:
    """The office accepts the proposal after its opinion."""
    return _step(proposal, action="accept", user=user, reason=reason)


@transaction.atomic
def proposal_reject(*, proposal: Proposal, user, reason: str) -> Proposal:
    """The office rejects the proposal after its opinion."""
    return _step(proposal, action="reject", user=user, reason=reason)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user, reason: str) -> Proposal:
    """The authors withdraw a filed proposal before the office decides."""
    return _step(proposal, action="withdraw", user=user, reason=reason)


@transaction.atomic
def proposal_implement(*, proposal: Proposal, user, reason: str = "") -> Proposal:
    """The office reports an accepted proposal carried out."""
    return _step(proposal, action="implement", user=user, reason=reason)


# action -> its service, for the view that takes any step from one form.
STEP_SERVICES = {
    "submit": proposal_submit,
    "take_up": proposal_take_up,
    "publish_opinion": proposal_opinion_publish,
    "accept": proposal_accept,
    "reject": proposal_reject,
    "withdraw": proposal_withdraw,
    "implement": proposal_implement,
}


def signature_counts(proposal: Proposal) -> dict:
    """Active co-signatures: organisations and residents."""
    return ProposalSignature.objects.filter(
        proposal=proposal, withdrawn_at__isnull=True
    ).aggregate(
        organisations=Count("pk", filter=Q(organisation__isnull=False)),
        residents=Count("pk", filter=Q(organisation__isnull=True)),
    )


def _publish_counts(proposal: Proposal) -> None:
    publish(
        rules.proposal_stream(proposal), PROPOSAL_SIGNATURES, signature_counts(proposal)
    )


@transaction.atomic
def proposal_sign(
    *, proposal: Proposal, user, organisation: Organisation | None = None
) -> ProposalSignature:
    """``user`` co-signs for themselves or for ``organisation``. Once each: signing
    again what one already signed changes nothing; a withdrawn signature is
    given again."""
    proposal = _lock(proposal)
    denied = rules.signing_denied_reason(user, proposal, organisation)
    if denied is not None:
        raise PermissionDenied(denied)
    check_write_rate("proposal_signature", user=user)
    lookup = (
        {"organisation": organisation}
        if organisation is not None
        else {"user": user, "organisation": None}
    )
    signature = ProposalSignature.objects.filter(proposal=proposal, **lookup).first()
    if signature is None:
        signature = ProposalSignature.objects.create(
            proposal=proposal, user=user, organisation=organisation
        )
    elif signature.withdrawn_at is not None:
        signature.withdrawn_at = None
        signature.user = user
        signature.created_at = timezone.now()
        signature.save(update_fields=["withdrawn_at", "user", "created_at"])
    else:
        return signature
    ProposalFollow.objects.get_or_create(proposal=proposal, user=user)
    _publish_counts(proposal)
    return signature


@transaction.atomic
def proposal_unsign(
    *, proposal: Proposal, user, organisation: Organisation | None = None
) -> None:
    """Withdraws ``user``'s own signature, or ``organisation``'s (any of its
    representatives may)."""
    proposal = _lock(proposal)
    if proposal.state not in rules.SIGNING_STATES:
        raise PermissionDenied(_("Co-signing is closed for this proposal."))
    if organisation is not None and all(
        org.pk != organisation.pk for org in rules.organisations_for(user)
    ):
        raise PermissionDenied(_("You do not represent this organisation."))
    check_write_rate("proposal_signature", user=user)
    lookup = (
        {"organisation": organisation}
        if organisation is not None
        else {"user": user, "organisation": None}
    )
    changed = ProposalSignature.objects.filter(
        proposal=proposal, withdrawn_at__isnull=True, **lookup
    ).update(withdrawn_at=timezone.now())
    if changed:
        _publish_counts(proposal)


@transaction.atomic
def proposal_follow(*, proposal: Proposal, user, follow: bool) -> None:
    """Starts or stops the e-mails at each step for ``user``."""
    if not rules.can_view_proposal(user, proposal) or not user.is_authenticated:
        raise PermissionDenied(_("Log in to follow the proposal."))
    check_write_rate("follow", user=user)
    if follow:
        ProposalFollow.objects.get_or_create(proposal=proposal, user=user)
    else:
        ProposalFollow.objects.filter(proposal=proposal, user=user).delete()


__all__ = [
    "ProposalState",
    "STEP_SERVICES",
    "proposal_accept",
    "proposal_create",
    "proposal_follow",
    "proposal_implement",
    "proposal_opinion_publish",
    "proposal_reject",
    "proposal_sign",
    "proposal_submit",
    "proposal_take_up",
    "proposal_unsign",
    "proposal_update",
    "proposal_withdraw",
    "signature_counts",
]
