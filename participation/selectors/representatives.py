"""Reads about organisations' representatives: an organisation's team and its
pending requests (for its admins and staff), the log, and a person's own
organisations and requests ("Moje organizacje"). Each returns rows with what
the page shows already joined: the query count does not grow with the rows."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from .. import permissions
from ..models import (
    Organisation,
    OrganisationMembership,
    RepresentationLogEntry,
    RepresentationRequest,
    RepresentativeRole,
    RequestStatus,
)

LOG_PAGE_SIZE = 100


def representatives_of(organisation: Organisation) -> QuerySet:
    """The organisation's verified representatives, admins first."""
    return (
        OrganisationMembership.objects.filter(organisation=organisation, verified=True)
        .select_related("user")
        .order_by("role", "created_at", "pk")  # "admin" sorts before "member"
    )


def pending_requests_of(organisation: Organisation) -> QuerySet:
    return (
        RepresentationRequest.objects.filter(
            organisation=organisation, status=RequestStatus.PENDING
        )
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )


def representation_log(organisation: Organisation, *, limit: int = LOG_PAGE_SIZE):
    """The newest ``limit`` steps about the organisation's representatives."""
    return list(
        RepresentationLogEntry.objects.filter(organisation=organisation)
        .select_related("actor", "subject")
        .order_by("-created_at", "-pk")[:limit]
    )


def admin_count(organisation: Organisation) -> int:
    return OrganisationMembership.objects.filter(
        organisation=organisation, verified=True, role=RepresentativeRole.ADMIN
    ).count()


def representation_request_for(pk: int) -> RepresentationRequest | None:
    return (
        RepresentationRequest.objects.select_related(
            "user", "organisation", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )


def pending_request_of(user, organisation: Organisation):
    if not permissions.is_signed_in(user):
        return None
    return (
        RepresentationRequest.objects.filter(
            user=user, organisation=organisation, status=RequestStatus.PENDING
        )
        .order_by("-created_at")
        .first()
    )


def requests_to_decide(user) -> QuerySet:
    """Pending requests ``user`` decides: those of the organisations they are
    an admin of; for staff also those of every organisation that has no admin
    (left so by a deleted account, or never given one)."""
    admin_of = [
        org_id
        for org_id, membership in permissions.memberships_of(user).items()
        if membership.role == RepresentativeRole.ADMIN
    ]
    pending = RepresentationRequest.objects.filter(
        status=RequestStatus.PENDING
    ).select_related("user", "organisation")
    if permissions.is_organisations_staff(user):
        has_admin = OrganisationMembership.objects.filter(
            organisation=OuterRef("organisation"),
            verified=True,
            role=RepresentativeRole.ADMIN,
        )
        pending = pending.filter(Q(organisation__in=admin_of) | ~Exists(has_admin))
    else:
        pending = pending.filter(organisation__in=admin_of)
    return pending.order_by("created_at", "pk")


@dataclass(frozen=True)
class MyOrganisations:
    memberships: list
    pending: list
    decided: list
    to_decide: list


def my_organisations(user) -> MyOrganisations:
    """Everything of "Moje organizacje" in four queries."""
    memberships = list(
        OrganisationMembership.objects.filter(user=user, verified=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    requests = list(
        RepresentationRequest.objects.filter(user=user)
        .exclude(status=RequestStatus.WITHDRAWN)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
    return MyOrganisations(
        memberships=memberships,
        pending=[r for r in requests if r.status == RequestStatus.PENDING],
        # The latest decisions; an approved one is already in ``memberships``.
        decided=[r for r in requests if r.status == RequestStatus.REFUSED][:10],
        to_decide=list(requests_to_decide(user)),
    )
