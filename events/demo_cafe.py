"""Demo citizen cafés (``manage.py seed_demo``, called from ``events.demo``
after the event pages exist): the upcoming café on the 2027 cooperation
programme gets three tables and three rounds; the past café gets its tables,
two rounds that ran, the ideas each table recorded with participants' dots,
and a harvest sent to its consultation as comments on behalf of the café.

Finds the cafés by kind and date, so it does nothing when the pages are not
there. Idempotent: a café that has tables is kept as it is. Sends no e-mail.
What happened at the past café is history no service would write now (the
rounds are over), so its rows are written directly; the harvest goes through
``cafe_harvest``, as a facilitator's click would, so the comments are real
comments the office can answer.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from .demo_common import say
from .demo_registrations import _attendees
from .models import (
    CafeDot,
    CafeIdea,
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
    EventKind,
    EventPage,
    Registration,
    RegistrationStatus,
)
from .rotation import plan_round
from .services.cafe import cafe_harvest
from .services.registration import new_code

PROGRAMME_SLUG = "program-wspolpracy-2027"
UPCOMING_TABLES = [
    ("Lokale dla organizacji", 6),
    ("Małe granty i wkład własny", 6),
    ("Wolontariat młodzieży", 6),
]
UPCOMING_ROUNDS = [20, 20, 15]
PAST_TABLES = [
    "Współpraca z seniorami",
    "Sport i rekreacja",
    "Kultura na osiedlach",
]
# (table index, idea, dots): what the hosts wrote down, most dotted first;
# 30 dots in all, as ten participants with three dots each can give.
PAST_IDEAS = [
    (0, "Klub seniora w każdym sołectwie, prowadzony przez organizacje.", 7),
    (0, "Transport na zajęcia dla osób z mniejszych miejscowości.", 4),
    (0, "Wspólny kalendarz zajęć dla seniorów na stronie gminy.", 1),
    (1, "Boisko przy szkole otwarte dla klubów po lekcjach.", 6),
    (1, "Dłuższe umowy na zadania sportowe: trzy lata zamiast roku.", 5),
    (2, "Mały grant na festyn osiedlowy bez wkładu własnego.", 5),
    (2, "Sala w domu kultury za darmo dla organizacji w tygodniu.", 2),
]
# Ideas with at least this many dots are sent to the consultation.
HARVEST_DOTS = 5


def _upcoming_cafe() -> EventPage | None:
    return (
        EventPage.objects.live()
        .filter(
            kind=EventKind.CAFE,
            starts_at__gt=timezone.now(),
            cancelled_at__isnull=True,
            consultation__slug=PROGRAMME_SLUG,
        )
        .order_by("starts_at")
        .first()
    )


def _past_cafe() -> EventPage | None:
    past = EventPage.objects.live().filter(
        kind=EventKind.CAFE, ends_at__lte=timezone.now()
    )
    return (
        past.filter(consultation__slug=PROGRAMME_SLUG).order_by("-starts_at").first()
        or past.order_by("-starts_at").first()
    )


def _upcoming(event: EventPage, stdout) -> None:
    if CafeTable.objects.filter(event=event).exists():
        say(stdout, f"  kept     café tables of {event.title}")
        return
    CafeTable.objects.bulk_create(
        CafeTable(event=event, number=n, topic=topic, size=size)
        for n, (topic, size) in enumerate(UPCOMING_TABLES, start=1)
    )
    CafeRound.objects.bulk_create(
        CafeRound(event=event, number=n, duration_minutes=minutes)
        for n, minutes in enumerate(UPCOMING_ROUNDS, start=1)
    )
    say(stdout, f"  café: {event.title}, 3 tables and 3 rounds")


def _past_participants(event: EventPage) -> list:
    """Who came: the café's registrations, or ten demo attendees registered
    and checked in now (the registration seeder leaves past cafés alone)."""
    people = [
        r.user
        for r in Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).select_related("user")
    ]
    if people:
        return people
    people = _attendees(10)
    came = event.starts_at - timedelta(minutes=5)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=person,
            code=new_code(),
            status=RegistrationStatus.CONFIRMED,
            place=place,
            created_at=event.starts_at - timedelta(days=4, hours=place),
            checked_in_at=came,
        )
        for place, person in enumerate(people, start=1)
    )
    return people


def _past(event: EventPage, stdout) -> None:
    if CafeTable.objects.filter(event=event).exists():
        say(stdout, f"  kept     café tables of {event.title}")
        _harvest(event, stdout)
        return
    if not event.takes_registration:
        say(stdout, f"  café: {event.title} takes no registration, skipped")
        return
    people = _past_participants(event)
    CafeTable.objects.bulk_create(
        CafeTable(event=event, number=n, topic=topic, size=4)
        for n, topic in enumerate(PAST_TABLES, start=1)
    )
    tables = list(CafeTable.objects.filter(event=event))
    start = event.starts_at + timedelta(minutes=15)
    rounds, history = [], []
    for number in (1, 2):
        began = start + timedelta(minutes=25 * (number - 1))
        round_ = CafeRound.objects.create(
            event=event,
            number=number,
            duration_minutes=20,
            status=CafeRoundStatus.FINISHED,
            started_at=began,
            deadline=began + timedelta(minutes=20),
            ended_at=began + timedelta(minutes=20),
        )
        plan = plan_round(
            [p.pk for p in people],
            [(t.pk, t.size) for t in tables],
            history,
            seed=event.pk * 100 + number,
        )
        history.append(plan.seats)
        CafeSeat.objects.bulk_create(
            CafeSeat(round=round_, table_id=table_id, user_id=user_id)
            for user_id, table_id in plan.seats.items()
        )
        rounds.append(round_)
    last = rounds[-1]
    ideas = CafeIdea.objects.bulk_create(
        CafeIdea(
            event=event,
            table=tables[index],
            round=rounds[0],
            text=text,
            author=None,
            by_host=True,
            dot_count=dots,
            created_at=rounds[0].started_at + timedelta(minutes=3 + i),
        )
        for i, (index, text, dots) in enumerate(PAST_IDEAS)
    )
    # Each participant's dots in the last round, at most three each.
    dots = []
    given = dict.fromkeys((p.pk for p in people), 0)
    for idea in ideas:
        voters = [p for p in people if given[p.pk] < 3][: idea.dot_count]
        for person in voters:
            given[person.pk] += 1
            dots.append(CafeDot(idea=idea, round=last, user=person))
        if len(voters) < idea.dot_count:
            CafeIdea.objects.filter(pk=idea.pk).update(dot_count=len(voters))
    CafeDot.objects.bulk_create(dots)
    say(
        stdout,
        f"  café: {event.title}, {len(tables)} tables, {len(ideas)} ideas, "
        f"{len(dots)} dots",
    )
    _harvest(event, stdout)


def _harvest(event: EventPage, stdout) -> None:
    if event.consultation_id is None:
        return
    chosen = list(
        CafeIdea.objects.filter(
            event=event, harvested_comment__isnull=True, dot_count__gte=HARVEST_DOTS
        )
    )
    if not chosen:
        return
    runner = next((f.user for f in event.facilitators.select_related("user")), None)
    if runner is None:
        say(stdout, f"  café harvest of {event.title}: no facilitator, skipped")
        return
    try:
        comments = cafe_harvest(user=runner, event=event, ideas=chosen)
    except (PermissionDenied, ValidationError) as error:
        say(stdout, f"  café harvest of {event.title} skipped: {error}")
        return
    say(stdout, f"  café harvest: {len(comments)} ideas sent to the consultation")


def seed_cafes(stdout=None) -> None:
    upcoming = _upcoming_cafe()
    if upcoming is not None:
        _upcoming(upcoming, stdout)
    past = _past_cafe()
    if past is not None:
        _past(past, stdout)
