"""Representatives of organisations: asking to represent one, the admins' (or
staff's) decision, roles, removal, leaving, and what an account deletion does.

Every change takes a lock on the organisation's row first, so two admins acting
at once are serialised: the last-admin rule below is checked on what is, not on
what each of them loaded. Every step writes a RepresentationLogEntry.

The last-admin rule: an organisation that has an admin representative keeps
one. Its last admin cannot leave, be made a member or be removed (not even by
staff) until another representative is made admin; ``representative_leave``
takes a ``successor`` to hand over and leave in one step. Two exceptions, where
there is no one to hand over to or refusing is not ours to do: the only
representative may leave, and an account deletion always goes through (the
longest-standing remaining representative becomes admin). An organisation
left without an admin has its requests decided by staff
(``selectors.representatives.requests_to_decide`` lists them for staff).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.permissions import forget_user_facts
from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit

from .. import permissions
from ..models import (
    Organisation,
    OrganisationMembership,
    RepresentationAction,
    RepresentationLogEntry,
    RepresentationRequest,
    RepresentativeRole,
    RequestStatus,
)
from ..models.representatives import (
    DECISION_REASON_MAX_LENGTH,
    REQUEST_MESSAGE_MAX_LENGTH,
)
from ..sanitize import too_long_error
from ..tasks import representation_decision_send
from ._common import _reason


def _lock_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _log(
    organisation: Organisation, action: str, *, actor, subject, note: str = ""
) -> RepresentationLogEntry:
    return RepresentationLogEntry.objects.create(
        organisation=organisation,
        action=action,
        actor=actor,
        subject=subject,
        note=note,
    )


def _admin_count(organisation: Organisation) -> int:
    return OrganisationMembership.objects.filter(
        organisation=organisation, verified=True, role=RepresentativeRole.ADMIN
    ).count()


def _is_last_admin(membership: OrganisationMembership) -> bool:
    return membership.is_admin and _admin_count(membership.organisation) == 1


def _require_manager(actor, organisation: Organisation) -> None:
    if not permissions.can_manage_representatives(actor, organisation):
        raise PermissionDenied(
            _("Only the organisation's admins and the office can do that.")
        )


def _lock_membership(membership: OrganisationMembership) -> OrganisationMembership:
    _lock_organisation(membership.organisation)
    try:
        return OrganisationMembership.objects.select_related(
            "organisation", "user"
        ).get(pk=membership.pk)
    except OrganisationMembership.DoesNotExist:
        raise PermissionDenied(_("This person no longer represents it.")) from None


def _lock_request(request: RepresentationRequest) -> RepresentationRequest:
    _lock_organisation(request.organisation)
    request = RepresentationRequest.objects.select_related("organisation", "user").get(
        pk=request.pk
    )
    if not request.is_pending:
        raise ValidationError(
            _("This request has already been decided."), code="decided"
        )
    return request


def _last_admin_error() -> ValidationError:
    return ValidationError(
        _(
            "You are the organisation's last admin: make another representative "
            "an admin first."
        ),
        code="last_admin",
    )


@transaction.atomic
def representation_request(
    *, user, organisation: Organisation, message: str = ""
) -> RepresentationRequest:
    """``user`` asks to represent ``organisation``, with an optional message to
    whoever decides. Pending until an admin of the organisation or staff decide.
    One pending request per person and organisation; rate-limited."""
    reason = permissions.representation_request_denied_reason(user, organisation)
    if reason is not None:
        raise PermissionDenied(reason)
    message = (message or "").strip()
    if len(message) > REQUEST_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": too_long_error(REQUEST_MESSAGE_MAX_LENGTH, len(message))}
        )
    organisation = _lock_organisation(organisation)
    pending = RepresentationRequest.objects.filter(
        user=user, organisation=organisation, status=RequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationError(
            _("You have already asked; wait for the decision."), code="pending"
        )
    check_write_rate("representation_request", user=user)
    try:
        with transaction.atomic():
            request = RepresentationRequest.objects.create(
                user=user, organisation=organisation, message=message
            )
    except IntegrityError:
        # A concurrent request of the same person won the race.
        raise ValidationError(
            _("You have already asked; wait for the decision."), code="pending"
        ) from None
    _log(organisation, RepresentationAction.REQUESTED, actor=user, subject=user)
    return request


@transaction.atomic
def representation_request_withdraw(*, user, request: RepresentationRequest) -> None:
    """The requester takes back a pending request."""
    if request.user_id != user.pk:
        raise PermissionDenied(_("This is not your request."))
    request = _lock_request(request)
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    _log(request.organisation, RepresentationAction.WITHDRAWN, actor=user, subject=user)


@transaction.atomic
def representation_approve(
    *,
    actor,
    request: RepresentationRequest,
    role: str = RepresentativeRole.MEMBER,
) -> OrganisationMembership:
    """An admin of the organisation (or staff) approves a pending request: the
    requester becomes a verified representative with ``role``. E-mails them."""
    _require_manager(actor, request.organisation)
    if role not in RepresentativeRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    check_write_rate("representation_decision", user=actor)
    request = _lock_request(request)
    membership, _created = OrganisationMembership.objects.update_or_create(
        user=request.user,
        organisation=request.organisation,
        defaults={"verified": True, "role": role},
    )
    request.status = RequestStatus.APPROVED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    _log(
        request.organisation,
        RepresentationAction.APPROVED,
        actor=actor,
        subject=request.user,
        note=RepresentativeRole(role).label,
    )
    forget_user_facts(request.user)
    enqueue_on_commit(representation_decision_send, request_id=request.pk)
    return membership


@transaction.atomic
def representation_refuse(
    *, actor, request: RepresentationRequest, reason: str
) -> RepresentationRequest:
    """An admin of the organisation (or staff) refuses a pending request, with a
    reason the requester is shown and e-mailed."""
    _require_manager(actor, request.organisation)
    reason = _reason(
        reason,
        field="reason",
        limit=DECISION_REASON_MAX_LENGTH,
        required_message=_("Say why you refuse: the person will read it."),
    )
    check_write_rate("representation_decision", user=actor)
    request = _lock_request(request)
    request.status = RequestStatus.REFUSED
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    _log(
        request.organisation,
        RepresentationAction.REFUSED,
        actor=actor,
        subject=request.user,
        note=reason,
    )
    enqueue_on_commit(representation_decision_send, request_id=request.pk)
    return request


@transaction.atomic
def representative_role_set(
    *, actor, membership: OrganisationMembership, role: str
) -> OrganisationMembership:
    """Makes a representative an admin or a member. The last admin cannot be
    made a member."""
    _require_manager(actor, membership.organisation)
    if role not in RepresentativeRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    check_write_rate("representation_decision", user=actor)
    membership = _lock_membership(membership)
    if membership.role == role:
        return membership
    if role == RepresentativeRole.MEMBER and _is_last_admin(membership):
        raise _last_admin_error()
    membership.role = role
    membership.save(update_fields=["role"])
    _log(
        membership.organisation,
        RepresentationAction.PROMOTED
        if role == RepresentativeRole.ADMIN
        else RepresentationAction.DEMOTED,
        actor=actor,
        subject=membership.user,
    )
    forget_user_facts(membership.user)
    return membership


@transaction.atomic
def representative_remove(*, actor, membership: OrganisationMembership) -> None:
    """An admin (or staff) removes a representative; never the last admin."""
    _require_manager(actor, membership.organisation)
    check_write_rate("representation_decision", user=actor)
    membership = _lock_membership(membership)
    if membership.user_id == actor.pk:
        raise ValidationError(
            _("To stop representing the organisation yourself, leave it."),
            code="self",
        )
    if _is_last_admin(membership):
        raise _last_admin_error()
    membership.delete()
    _log(
        membership.organisation,
        RepresentationAction.REMOVED,
        actor=actor,
        subject=membership.user,
    )
    forget_user_facts(membership.user)


@transaction.atomic
def representative_leave(
    *,
    user,
    membership: OrganisationMembership,
    successor: OrganisationMembership | None = None,
) -> None:
    """``user`` stops representing the organisation. The last admin leaves only
    by handing over: ``successor``, another representative of the same
    organisation, is made admin in the same step."""
    if membership.user_id != user.pk:
        raise PermissionDenied(_("You can only leave for yourself."))
    check_write_rate("representation_decision", user=user)
    membership = _lock_membership(membership)
    organisation = membership.organisation
    others = OrganisationMembership.objects.filter(
        organisation=organisation, verified=True
    ).exclude(pk=membership.pk)
    # The only representative leaves freely: there is no one to hand over to,
    # and keeping them would be worse (they would delete the account instead).
    if _is_last_admin(membership) and others.exists():
        if successor is None:
            raise ValidationError({"successor": _last_admin_error()})
        successor = (
            OrganisationMembership.objects.filter(
                pk=successor.pk, organisation=organisation, verified=True
            )
            .exclude(user=user)
            .select_related("user")
            .first()
        )
        if successor is None:
            raise ValidationError(
                {"successor": _("Choose one of the organisation's representatives.")}
            )
        successor.role = RepresentativeRole.ADMIN
        successor.save(update_fields=["role"])
        _log(
            organisation,
            RepresentationAction.PROMOTED,
            actor=user,
            subject=successor.user,
        )
        forget_user_facts(successor.user)
    membership.delete()
    _log(organisation, RepresentationAction.LEFT, actor=user, subject=user)
    forget_user_facts(user)


def representatives_account_deleted(user) -> None:
    """Account deletion (inside accounts' transaction): the person stops
    representing every organisation and their pending requests are withdrawn.
    Where they were the last admin, the longest-standing remaining
    representative becomes admin; with none left, staff decide the
    organisation's requests. Each step is logged."""
    RepresentationRequest.objects.filter(
        user=user, status=RequestStatus.PENDING
    ).update(status=RequestStatus.WITHDRAWN, decided_at=timezone.now())
    memberships = list(
        OrganisationMembership.objects.filter(user=user).select_related("organisation")
    )
    for membership in memberships:
        organisation = _lock_organisation(membership.organisation)
        last_admin = _is_last_admin(membership)
        membership.delete()
        _log(
            organisation, RepresentationAction.ACCOUNT_DELETED, actor=user, subject=user
        )
        if not last_admin:
            continue
        heir = (
            OrganisationMembership.objects.filter(
                organisation=organisation, verified=True
            )
            .order_by("created_at", "pk")
            .select_related("user")
            .first()
        )
        if heir is not None:
            heir.role = RepresentativeRole.ADMIN
            heir.save(update_fields=["role"])
            _log(
                organisation,
                RepresentationAction.PROMOTED,
                actor=None,
                subject=heir.user,
                note=_("The previous admin deleted their account."),
            )
