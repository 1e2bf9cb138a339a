"""Reads of the event pages: the index's filtered listing and its filter
options, one event's page, the home page's next events and a consultation's
events.

Listings are shared by every reader, so they hold only public pages
(``cms.visibility.public_pages``); one event's page and calendar entry ask
``permissions.can_view``. Each listing is one query whatever the number of
events and registrations: free places are counted in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry

from cms.filters import choice, id_param
from cms.visibility import public_pages

from ..models import EventKind, EventPage, Registration, RegistrationStatus

UPCOMING = "upcoming"
PAST = "past"
WHEN_CHOICES = (UPCOMING, PAST)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def local_zone() -> ZoneInfo:
    """Events happen in the municipality's time (Europe/Warsaw), whoever looks."""
    return ZoneInfo(settings.TIME_ZONE)


def with_places(queryset: QuerySet) -> QuerySet:
    """Annotates ``places_taken`` and ``places_free`` (places offered online
    less the confirmed registrations, never below 0) in the same query."""
    taken = Count(
        "registrations",
        filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
    )
    return queryset.annotate(
        places_taken=taken,
        places_free=Greatest(
            F("capacity") - F("reserved_places") - taken,
            Value(0),
            output_field=IntegerField(),
        ),
    )


def _listed(queryset: QuerySet) -> QuerySet:
    return with_places(public_pages(queryset)).select_related("consultation")


def _upcoming(queryset: QuerySet, now: datetime) -> QuerySet:
    # An event under way still counts as upcoming: people may be on their way.
    return queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")


def _past(queryset: QuerySet, now: datetime) -> QuerySet:
    return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")


# --- the index -----------------------------------------------------------------------
@dataclass(frozen=True)
class EventFilters:
    when: str = UPCOMING
    kind: str = ""
    consultation: int | None = None
    district: str = ""
    month: datetime | None = None  # the first moment of the month, local time

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.consultation or self.district or self.month)

    @property
    def month_value(self) -> str:
        return self.month.strftime("%Y-%m") if self.month else ""


@dataclass
class FilterOptions:
    kinds: list = field(default_factory=list)
    consultations: list[dict] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    months: list[datetime] = field(default_factory=list)


def _month(value) -> datetime | None:
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return datetime(year, month, 1, tzinfo=local_zone())


def _next_month(start: datetime) -> datetime:
    return (start + timedelta(days=32)).replace(day=1)


def event_filter_options(*, index, when: str, now=None) -> FilterOptions:
    """What the index's filters offer: the kinds, and the consultations,
    districts and months (of ``when``: upcoming or past) that have public
    events (three queries)."""
    now = now or timezone.now()
    events = public_pages(EventPage.objects.child_of(index))
    consultations = (
        events.filter(consultation__isnull=False, consultation__live=True)
        .order_by("consultation__title")
        .values("consultation_id", "consultation__title")
        .distinct()
    )
    districts = (
        events.exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    scoped = _past(events, now) if when == PAST else _upcoming(events, now)
    months = scoped.order_by().datetimes("starts_at", "month", tzinfo=local_zone())
    return FilterOptions(
        kinds=list(EventKind.choices),
        consultations=[
            {"pk": row["consultation_id"], "title": row["consultation__title"]}
            for row in consultations
        ],
        districts=list(districts),
        months=sorted(months, reverse=when == PAST),
    )


def event_filters(params, *, options: FilterOptions) -> EventFilters:
    """The filters in the GET parameters; a value the page does not offer is
    ignored (see cms.filters)."""
    consultation = id_param(params, "consultation")
    if consultation not in {c["pk"] for c in options.consultations}:
        consultation = None
    return EventFilters(
        when=choice(params, "when", WHEN_CHOICES) or UPCOMING,
        kind=choice(params, "kind", EventKind.values),
        consultation=consultation,
        district=choice(params, "district", options.districts),
        month=_month(params.get("month", "")),
    )


def events_listed(*, index, filters: EventFilters, now=None) -> QuerySet:
    """The index's public events matching ``filters``, soonest first when
    upcoming, latest first when past, each with ``places_free``."""
    now = now or timezone.now()
    events = _listed(EventPage.objects.child_of(index))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.consultation:
        events = events.filter(consultation_id=filters.consultation)
    if filters.district:
        events = events.filter(district=filters.district)
    if filters.month:
        events = events.filter(
            starts_at__gte=filters.month, starts_at__lt=_next_month(filters.month)
        )
    return _past(events, now) if filters.when == PAST else _upcoming(events, now)


# --- other listings -----------------------------------------------------------------
def events_upcoming(*, limit: int | None = None, now=None) -> QuerySet | list:
    """The next public events of the site (the home page, the calendar feed),
    cancelled ones included: people who planned to come must see it."""
    events = _upcoming(_listed(EventPage.objects.all()), now or timezone.now())
    return list(events[:limit]) if limit else events


def events_for_consultation(consultation, *, now=None) -> list[EventPage]:
    """The public events that feed ``consultation``: upcoming ones first (the
    soonest first), then past ones (the latest first)."""
    now = now or timezone.now()
    events = _listed(EventPage.objects.filter(consultation=consultation))
    return [*_upcoming(events, now), *_past(events, now)]


# --- one event -----------------------------------------------------------------------
@dataclass
class AgendaRow:
    item: object
    starts_at: datetime | None
    documents: list


def _agenda(page: EventPage) -> list[AgendaRow]:
    """The agenda items with the documents of their materials (one query for
    all the documents, however many items) and the time each is planned to
    start, from the event's start and the planned minutes before it."""
    items = list(page.agenda_items.all())
    ids = {
        block["value"]
        for item in items
        for block in item.materials.raw_data
        if block.get("type") == "document" and isinstance(block.get("value"), int)
    }
    documents = get_document_model().objects.in_bulk(ids) if ids else {}
    rows, clock = [], page.starts_at
    for item in items:
        found = [
            documents[block["value"]]
            for block in item.materials.raw_data
            if block.get("value") in documents
        ]
        rows.append(AgendaRow(item=item, starts_at=clock, documents=found))
        clock = clock + timedelta(minutes=item.planned_minutes) if clock else None
    return rows


def _facilitators(page: EventPage) -> list:
    rows = page.facilitators.all()
    if page.pk is not None:
        rows = rows.select_related("user")
    return [row.user for row in rows]


@dataclass(frozen=True)
class Attendance:
    registered: int
    attended: int


def event_attendance(event: EventPage) -> Attendance:
    """After the event: how many held a place and how many came (one query)."""
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        attended=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
    )
    return Attendance(**counts)


def event_page_facts(page: EventPage, *, now=None) -> dict:
    """What the event's page shows besides the registration box: the agenda
    with its materials, the facilitators, the minutes' document, the
    consultation it feeds and, once it is over, the attendance. The number of
    queries does not depend on the agenda, facilitators or registrations."""
    now = now or timezone.now()
    past = page.ends_at is not None and page.ends_at <= now
    consultation = page.consultation if page.consultation_id else None
    return {
        "agenda": _agenda(page),
        "facilitators": _facilitators(page),
        "minutes_document": page.minutes_document if page.minutes_document_id else None,
        "consultation": consultation if consultation and consultation.live else None,
        "is_past": past,
        "attendance": event_attendance(page) if past and page.pk else None,
    }


# --- what changed on publishing ------------------------------------------------------
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def event_previously_published(event: EventPage, *, revision) -> EventPage | None:
    """The event as it was last published before ``revision`` (from the
    publish log, which records each published revision), or None for its first
    publication. Asked from ``page_published``, before Wagtail logs this one."""
    entry = (
        PageLogEntry.objects.filter(
            page_id=event.pk, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .exclude(revision_id=getattr(revision, "pk", None))
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry is not None else None
