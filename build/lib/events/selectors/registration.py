"""Reads of registration: a person's registrations ("Moje wydarzenia"), the
facilitators' list, the counts an event page shows, the account export.

Each returns rows with what its page needs already joined or annotated: a
page's query count does not grow with its registrations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import EventPage, Registration, RegistrationStatus


def _ahead_in_queue():
    """How many people wait before the outer registration (its position less
    one), as a subquery: first come, first served by (created_at, pk)."""
    return Coalesce(
        Subquery(
            Registration.objects.filter(
                event=OuterRef("event"), status=RegistrationStatus.WAITING
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = (
        Registration.objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITING
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def registration_for(user, event: EventPage) -> Registration | None:
    """The person's live (not cancelled) registration for ``event``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .annotate(ahead=_ahead_in_queue())
        .select_related("on_behalf_of")
        .first()
    )


def user_has_place(user, event: EventPage) -> bool:
    """True if ``user`` holds a confirmed place (the online link is for them)."""
    registration = registration_for(user, event)
    return (
        registration is not None and registration.status == RegistrationStatus.CONFIRMED
    )


@dataclass(frozen=True)
class EventPlaces:
    offered: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.offered - self.taken, 0)


def event_places(event: EventPage) -> EventPlaces:
    """Places offered, taken and the length of the waiting list (one query)."""
    counts = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    return EventPlaces(
        offered=event.places_offered, taken=counts["taken"], waiting=counts["waiting"]
    )


def registrations_for_user(user):
    """The person's registrations, cancelled ones left out, soonest event
    first, with the event, the organisation and the waiting position
    (``ahead``)."""
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "on_behalf_of")
        .annotate(ahead=_ahead_in_queue())
        .order_by("event__starts_at", "pk")
    )


@dataclass
class MyEvents:
    upcoming: list[Registration]
    past: list[Registration]


def my_events(user, *, now=None) -> MyEvents:
    """ "Moje wydarzenia": upcoming registrations (places and waiting-list
    places) and past ones with whether the person came."""
    now = now or timezone.now()
    upcoming, past = [], []
    for registration in registrations_for_user(user):
        if registration.event.ends_at > now:
            upcoming.append(registration)
        else:
            past.append(registration)
    past.reverse()  # the latest first
    return MyEvents(upcoming=upcoming, past=past)


def registrations_for_facilitators(event: EventPage):
    """The event's registrations with the people's names and addresses and
    their answers (personal data: facilitators only), places first in order,
    then the waiting list in its order."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "on_behalf_of", "checked_in_by")
        .order_by("status", "place", "created_at", "pk")
    )


def user_registrations_export(user) -> list[dict]:
    """The events section of the account's data export."""
    return [
        {
            "event": r.event.title,
            "event_url": r.event.url or "",
            "starts_at": r.event.starts_at.isoformat(),
            "status": r.status,
            "place": r.place,
            "code": r.code,
            "on_behalf_of": r.on_behalf_of.name if r.on_behalf_of else None,
            "accessibility_needs": r.accessibility_needs,
            "childcare": r.childcare,
            "dietary_needs": r.dietary_needs,
            "answers_erased_at": r.answers_erased_at.isoformat()
            if r.answers_erased_at
            else None,
            "registered_at": r.created_at.isoformat(),
            "promoted_at": r.promoted_at.isoformat() if r.promoted_at else None,
            "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        }
        for r in Registration.objects.filter(user=user)
        .select_related("event", "on_behalf_of")
        .order_by("created_at", "pk")
    ]
