"""Reads of a citizen jury: the organisers' overview and applicant list
(personal data), a resident's own applications, the public page and its
protocol, the account export.

The public reads (``jury_public_view``) never touch the contact fields: they
return pool numbers, strata and counts only, so no template can show a name
by mistake. Each read prefetches what its page shows: query counts do not
grow with the applicants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from ..models import (
    ApplicationStatus,
    EventPage,
    JuryAnswer,
    JuryApplication,
    JuryDraw,
    JuryLetterRun,
    JuryPanel,
    JurySeat,
    JuryStratum,
    JuryStratumValue,
    SeatRole,
)

ACTIVE = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.DROPPED,
)


def jury_for(event: EventPage) -> JuryPanel | None:
    """The event's jury (None: not a jury, or not set up yet)."""
    return JuryPanel.objects.filter(event=event).select_related("event").first()


def jury_draw(jury: JuryPanel) -> JuryDraw | None:
    return JuryDraw.objects.filter(jury=jury).first()


def jury_letter_run(jury: JuryPanel) -> JuryLetterRun | None:
    """The letters' print run (None: never printed)."""
    return JuryLetterRun.objects.filter(jury=jury).first()


def strata_with_values(jury: JuryPanel) -> list[JuryStratum]:
    """The features in order, each with its values in order."""
    return list(
        jury.strata.prefetch_related(
            Prefetch(
                "values", queryset=JuryStratumValue.objects.order_by("position", "pk")
            )
        )
    )


@dataclass
class ValueRow:
    value: JuryStratumValue
    applicants: int = 0
    panel: int = 0


@dataclass
class StratumRow:
    stratum: JuryStratum
    values: list[ValueRow] = field(default_factory=list)

    @property
    def share_total(self) -> float:
        return float(sum(row.value.population_share for row in self.values))


def strata_counts(jury: JuryPanel) -> list[StratumRow]:
    """Each feature's values with how many applicants (not withdrawn) and how
    many jurors (panel seats now) have them: two queries, whatever the pool."""
    counts = JuryStratumValue.objects.filter(stratum__jury=jury).annotate(
        n_applicants=Count(
            "answers",
            filter=Q(answers__application__status__in=ACTIVE),
            distinct=True,
        ),
        n_panel=Count(
            "answers",
            filter=Q(answers__application__seat__role=SeatRole.PANEL),
            distinct=True,
        ),
    )
    by_value = {v.pk: (v.n_applicants, v.n_panel) for v in counts}
    rows = []
    for stratum in strata_with_values(jury):
        row = StratumRow(stratum)
        for value in stratum.values.all():
            applicants, panel = by_value.get(value.pk, (0, 0))
            row.values.append(ValueRow(value, applicants, panel))
        rows.append(row)
    return rows


@dataclass
class Overview:
    addresses: int
    invitations: int
    applications: int
    by_stream: dict
    withdrawn: int


def jury_overview(jury: JuryPanel) -> Overview:
    """The organisers' figures: list, letters, applications (one query each)."""
    counts = jury.applications.aggregate(
        active=Count("pk", filter=~Q(status=ApplicationStatus.WITHDRAWN)),
        code=Count(
            "pk", filter=Q(stream="code") & ~Q(status=ApplicationStatus.WITHDRAWN)
        ),
        open=Count(
            "pk", filter=Q(stream="open") & ~Q(status=ApplicationStatus.WITHDRAWN)
        ),
        withdrawn=Count("pk", filter=Q(status=ApplicationStatus.WITHDRAWN)),
    )
    return Overview(
        addresses=jury.addresses.count(),
        invitations=jury.invitations.count(),
        applications=counts["active"],
        by_stream={"code": counts["code"], "open": counts["open"]},
        withdrawn=counts["withdrawn"],
    )


def _answers_prefetch() -> Prefetch:
    return Prefetch(
        "answers",
        queryset=JuryAnswer.objects.select_related("stratum", "value").order_by(
            "stratum__position", "stratum__pk"
        ),
    )


def applications_for_organisers(jury: JuryPanel):
    """Every application with its answers, letter, account and seat: personal
    data, for the jury's organisers only."""
    return (
        jury.applications.select_related("user", "invitation", "seat")
        .prefetch_related(_answers_prefetch())
        .order_by("status", "created_at", "pk")
    )


def applications_for_user(user):
    """A person's applications (withdrawn ones too), newest jury first."""
    if not getattr(user, "is_authenticated", False):
        return JuryApplication.objects.none()
    return (
        JuryApplication.objects.filter(user=user)
        .select_related("jury", "jury__event", "seat", "jury__draw")
        .prefetch_related(_answers_prefetch())
        .order_by("-jury__event__starts_at", "pk")
    )


def application_for(user, jury: JuryPanel) -> JuryApplication | None:
    """The person's live (not withdrawn) application to ``jury``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        jury.applications.filter(user=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("seat")
        .prefetch_related(_answers_prefetch())
        .first()
    )


# --- the public page ----------------------------------------------------------------
@dataclass
class PublicSeat:
    number: str
    role: str
    reserve_rank: int | None
    features: list[str]


@dataclass
class PublicView:
    jury: JuryPanel
    strata: list[StratumRow]
    draw: JuryDraw | None
    panel: list[PublicSeat]
    reserve: list[PublicSeat]
    dropped: list[PublicSeat]
    replacements: list
    files: list[str]
    probability_min: float | None = None
    probability_max: float | None = None
    probability_mean: float | None = None
    probability_rows: list[tuple[str, float]] = field(default_factory=list)

    @property
    def drawn(self) -> bool:
        return self.draw is not None and self.draw.status == "done"


def jury_public_view(jury: JuryPanel) -> PublicView:
    """What anyone may see: the question, the strata with their shares, the
    panel's composition, the draw's commitment and, once drawn, its protocol
    (seed, settings, versions, seats by pool number, probabilities, files,
    replacements). No names, no contact details, no addresses."""
    draw = jury_draw(jury)
    seats = []
    if draw is not None and draw.status == "done":
        seats = list(
            jury.seats.select_related("application")
            .prefetch_related(
                Prefetch(
                    "application__answers",
                    queryset=JuryAnswer.objects.select_related(
                        "value", "stratum"
                    ).order_by("stratum__position", "stratum__pk"),
                )
            )
            .order_by("reserve_rank", "application__number")
        )

    def public(seat) -> PublicSeat:
        return PublicSeat(
            number=seat.application.number,
            role=seat.role,
            reserve_rank=seat.reserve_rank,
            features=[a.value.name for a in seat.application.answers.all()],
        )

    view = PublicView(
        jury=jury,
        strata=strata_counts(jury),
        draw=draw,
        panel=[public(s) for s in seats if s.role == SeatRole.PANEL],
        reserve=sorted(
            (public(s) for s in seats if s.role == SeatRole.RESERVE),
            key=lambda s: s.reserve_rank or 0,
        ),
        dropped=[public(s) for s in seats if s.role == SeatRole.DROPPED],
        replacements=list(jury.replacements.all()),
        files=list(draw.files.values_list("name", flat=True)) if draw else [],
    )
    if draw is not None and draw.status == "done" and draw.probabilities:
        values = sorted(draw.probabilities.items())
        probabilities = [p for _n, p in values]
        view.probability_min = min(probabilities)
        view.probability_max = max(probabilities)
        view.probability_mean = sum(probabilities) / len(probabilities)
        view.probability_rows = values
    return view


# --- the account export -------------------------------------------------------------
def user_jury_applications_export(user) -> list[dict]:
    """The juries section of the account's data export: the person's own
    applications with everything they gave."""
    return [
        {
            "jury": application.jury.event.title,
            "event_url": application.jury.event.url or "",
            "pool_number": application.number,
            "stream": application.stream,
            "status": application.status,
            "full_name": application.full_name,
            "email": application.email,
            "phone": application.phone,
            "address": application.address,
            "answers": {
                a.stratum.name: a.value.name for a in application.answers.all()
            },
            "selection_probability": application.probability,
            "seat": application.seat.role if hasattr(application, "seat") else None,
            "consent_given_at": application.consent_given_at.isoformat(),
            "applied_at": application.created_at.isoformat(),
            "withdrawn_at": application.withdrawn_at.isoformat()
            if application.withdrawn_at
            else None,
        }
        for application in applications_for_user(user).order_by("created_at", "pk")
    ]


def seat_of(user, event) -> JurySeat | None:
    """The person's seat (panel, reserve or left) in the jury that is
    ``event``, for the live page to tell them their role; None for everyone
    else and for events that are not juries (no query then)."""
    if getattr(event, "kind", None) != "jury" or not getattr(
        user, "is_authenticated", False
    ):
        return None
    return JurySeat.objects.filter(
        jury__event_id=event.pk, application__user_id=user.pk
    ).first()
