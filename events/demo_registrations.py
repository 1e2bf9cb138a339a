"""Demo registrations (``manage.py seed_demo``, called from ``events.demo``):
the upcoming citizen breakfast full with a waiting list (the demo resident
waits on it), some registrations for the upcoming café (the NGO representative
on behalf of Fundacja Razem), and the attendance of the past open meeting.

Finds the events by kind and date, so it does nothing when the pages are not
there. Idempotent. Sends no e-mail: upcoming registrations go through the
service with ``notify=False``; past attendance is history no service writes
(registration is closed by then), so its rows are written directly. Extra
attendees are created only next to the demo users (never with
``seed_demo --no-users``) and cannot sign in (no usable password).
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participation.models import Organisation

from .demo_common import say
from .models import EventKind, EventPage, Registration, RegistrationStatus
from .services.registration import new_code, registration_create

RESIDENT_EMAIL = "resident@example.org"
NGO_EMAIL = "ngo@example.org"
FACILITATOR_EMAIL = "facilitator@example.org"
FIRST_NAMES = [
    "Alicja",
    "Bogdan",
    "Celina",
    "Dariusz",
    "Ewa",
    "Feliks",
    "Grażyna",
    "Henryk",
    "Irena",
    "Jacek",
]
SURNAMES = [
    "Nowak",
    "Wiśniewska",
    "Wójcik",
    "Kowalczyk",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
    "Woźniak",
    "Dąbrowska",
    "Kozłowski",
]
ANSWERS = [
    {"dietary_needs": "Wegetariańska"},
    {"accessibility_needs": "Poruszam się na wózku: proszę o stolik przy wejściu."},
    {"childcare": "Dwoje dzieci, 4 i 7 lat."},
    {},
    {"dietary_needs": "Bez glutenu"},
]
# Enough to fill a breakfast of the size the demo page gives it, and then some.
MAX_ATTENDEES = 60


def _attendees(count: int) -> list:
    users = get_user_model().objects
    people = []
    for i in range(count):
        # Ten first names against eleven surnames: 110 different people.
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {SURNAMES[i % len(SURNAMES)]}"
        email = f"uczestnik{i + 1}@example.org"
        user = users.filter(email=email).first()
        if user is None:
            user = users.create_user(email=email, password=None, display_name=name)
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        people.append(user)
    return people


def _register(event, user, stdout, **kwargs) -> Registration | None:
    existing = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing
    try:
        return registration_create(event=event, user=user, notify=False, **kwargs)
    except (PermissionDenied, ValidationError) as error:
        say(stdout, f"  skipped a registration for {event.title}: {error}")
        return None


def _upcoming(kind: str) -> EventPage | None:
    return (
        EventPage.objects.live()
        .filter(kind=kind, starts_at__gt=timezone.now(), cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )


def _past(kind: str) -> EventPage | None:
    return (
        EventPage.objects.live()
        .filter(kind=kind, ends_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )


def seed_registrations(stdout=None) -> None:
    users = get_user_model().objects
    resident = users.filter(email=RESIDENT_EMAIL).first()
    if resident is None:
        say(stdout, "  registrations: no demo users, skipped")
        return
    ngo = users.filter(email=NGO_EMAIL).first()
    facilitator = users.filter(email=FACILITATOR_EMAIL).first()
    organisation = Organisation.objects.filter(
        slug="fundacja-razem", verified=True
    ).first()

    breakfast = _upcoming(EventKind.BREAKFAST)
    if breakfast is not None and breakfast.registration_is_open():
        places = min(breakfast.places_offered, MAX_ATTENDEES - 3)
        people = _attendees(places + 3)
        for i, person in enumerate(people[:places]):
            _register(breakfast, person, stdout, answers=ANSWERS[i % len(ANSWERS)])
        # Full: the next ones wait, the demo resident among them.
        _register(breakfast, people[places], stdout)
        _register(breakfast, resident, stdout)
        _register(breakfast, people[places + 1], stdout)
        say(stdout, f"  registrations: {breakfast.title} full, with a waiting list")

    cafe = _upcoming(EventKind.CAFE)
    if cafe is not None and cafe.registration_is_open():
        people = _attendees(min(8, max(cafe.places_offered - 2, 0)))
        for i, person in enumerate(people):
            _register(cafe, person, stdout, answers=ANSWERS[i % len(ANSWERS)])
        _register(cafe, resident, stdout, answers={"dietary_needs": "Wegańska"})
        if ngo is not None:
            behalf = organisation if organisation is not None else None
            _register(cafe, ngo, stdout, on_behalf_of=behalf)
        say(stdout, f"  registrations: {cafe.title}, some places taken")

    meeting = _past(EventKind.OPEN_MEETING)
    if meeting is not None and not meeting.registrations.exists():
        people = [resident, *_attendees(9)]
        came_at = meeting.starts_at - timedelta(minutes=10)
        came = 8  # two registered but did not come
        Registration.objects.bulk_create(
            Registration(
                event=meeting,
                user=person,
                code=new_code(),
                status=RegistrationStatus.CONFIRMED,
                place=place,
                created_at=meeting.starts_at - timedelta(days=5, hours=place),
                checked_in_at=came_at + timedelta(minutes=place)
                if place <= came
                else None,
                checked_in_by=facilitator if place <= came else None,
            )
            for place, person in enumerate(people, start=1)
        )
        say(stdout, f"  attendance: {meeting.title}, 8 of 10 registered came")
