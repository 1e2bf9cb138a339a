"""Reads of policy proposals: the filtered list, one proposal's page (its
signatures, progress to the threshold, timeline) in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..models import (
    Organisation,
    Proposal,
    ProposalFollow,
    ProposalSettings,
    ProposalSignature,
    ProposalState,
    ProposalTransition,
)

_ACTIVE = Q(signatures__withdrawn_at__isnull=True)


def _with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        organisation_signatures=Count(
            "signatures", filter=_ACTIVE & Q(signatures__organisation__isnull=False)
        ),
        resident_signatures=Count(
            "signatures", filter=_ACTIVE & Q(signatures__organisation__isnull=True)
        ),
    )


def proposals_public(
    *, state: str | None = None, sphere: str | None = None, organisation=None
) -> QuerySet:
    """Filed proposals (never drafts: the list is shared by every reader),
    newest first, with their active signature counts."""
    queryset = Proposal.objects.exclude(state=ProposalState.DRAFT).select_related(
        "on_behalf_of", "department"
    )
    if state:
        queryset = queryset.filter(state=state)
    if sphere:
        queryset = queryset.filter(sphere=sphere)
    if organisation is not None:
        queryset = queryset.filter(
            Q(on_behalf_of=organisation)
            | Q(
                signatures__organisation=organisation,
                signatures__withdrawn_at__isnull=True,
            )
        ).distinct()
    return _with_counts(queryset).order_by("-submitted_at", "-pk")


def proposals_drafts_for(user) -> QuerySet:
    """The drafts ``user`` may see (their own and their organisations')."""
    from ..permissions import organisations_for

    if not user.is_authenticated:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(state=ProposalState.DRAFT)
        .filter(Q(author=user) | Q(on_behalf_of__in=organisations_for(user)))
        .select_related("on_behalf_of")
        .order_by("-created_at")
    )


def organisations_with_proposals() -> QuerySet:
    """Organisations that filed a public proposal (the list's filter)."""
    return (
        Organisation.objects.filter(proposals__isnull=False)
        .exclude(proposals__state=ProposalState.DRAFT)
        .distinct()
        .order_by("name")
    )


def proposal_with_counts(pk: int) -> Proposal | None:
    return (
        _with_counts(
            Proposal.objects.select_related(
                "on_behalf_of", "department", "opinion_department", "author",
                "consultation",
            )
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip


@dataclass(frozen=True)
class Threshold:
    organisations: int
    organisations_needed: int
    residents: int
    residents_needed: int

    @property
    def reached(self) -> bool:
        return (
            self.organisations_needed > 0
            and self.organisations >= self.organisations_needed
        ) or (self.residents_needed > 0 and self.residents >= self.residents_needed)

    @property
    def organisations_percent(self) -> int:
        return _percent(self.organisations, self.organisations_needed)

    @property
    def residents_percent(self) -> int:
        return _percent(self.residents, self.residents_needed)


def _percent(count: int, needed: int) -> int:
    return 100 if needed <= 0 else min(100, round(100 * count / needed))


def proposal_settings(request=None) -> ProposalSettings:
    if request is not None:
        return ProposalSettings.for_request(request)
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return ProposalSettings.for_site(site) if site else ProposalSettings()


def threshold_for(proposal: Proposal, settings: ProposalSettings) -> Threshold:
    """Progress to the threshold; ``proposal`` annotated by these selectors."""
    return Threshold(
        organisations=proposal.organisation_signatures,
        organisations_needed=settings.organisations_threshold,
        residents=proposal.resident_signatures,
        residents_needed=settings.residents_threshold,
    )


def proposal_signatures(proposal: Proposal) -> dict:
    """Active co-signatures: organisations by name, and how many residents.
    Residents' names are not listed (personal data)."""
    organisations = [
        signature.organisation
        for signature in ProposalSignature.objects.filter(
            proposal=proposal,
            withdrawn_at__isnull=True,
            organisation__isnull=False,
        )
        .select_related("organisation")
        .order_by("created_at", "pk")
    ]
    return {"organisations": organisations}


def proposal_timeline(proposal: Proposal) -> list[ProposalTransition]:
    return list(
        ProposalTransition.objects.filter(proposal=proposal).select_related(
            "organisation", "department", "actor"
        )
    )


def viewer_signatures(proposal: Proposal, user) -> set:
    """What ``user`` signed on ``proposal``: None for themselves, organisation pks."""
    if not user.is_authenticated:
        return set()
    from ..permissions import organisations_for

    org_ids = [org.pk for org in organisations_for(user)]
    rows = ProposalSignature.objects.filter(
        proposal=proposal, withdrawn_at__isnull=True
    ).filter(Q(user=user, organisation__isnull=True) | Q(organisation_id__in=org_ids))
    return {row.organisation_id for row in rows}


def is_following(proposal: Proposal, user) -> bool:
    return (
        user.is_authenticated
        and ProposalFollow.objects.filter(proposal=proposal, user=user).exists()
    )
