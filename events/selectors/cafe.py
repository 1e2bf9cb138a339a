"""Reads of the citizen café: what each screen shows (the facilitator's page,
a participant's table, the harvest wall, the event page's box), in a fixed
number of queries whatever the number of tables, rounds, ideas and dots."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from .. import permissions
from ..models import (
    CafeDot,
    CafeIdea,
    CafeIdeaStatus,
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
    EventPage,
    Registration,
    RegistrationStatus,
)


def seat_key(event_id: int, user_id: int) -> str:
    """The name under which ``cafe.round_started`` tells this person's table:
    stable per person and event, meaningless without the site's secret."""
    return salted_hmac("events.cafe.seat", f"{event_id}:{user_id}").hexdigest()[:16]


def cafe_tables(event: EventPage) -> list[CafeTable]:
    return list(CafeTable.objects.filter(event=event).select_related("host"))


def cafe_rounds(event: EventPage) -> list[CafeRound]:
    return list(CafeRound.objects.filter(event=event))


def current_round(rounds: list[CafeRound]) -> CafeRound | None:
    """The running round, else the last one that ran (dots and the harvest
    go on after the last round), else None."""
    started = [r for r in rounds if r.status != CafeRoundStatus.PLANNED]
    running = [r for r in started if r.status == CafeRoundStatus.RUNNING]
    if running:
        return running[0]
    return max(started, key=lambda r: r.number, default=None)


def seat_in(round_: CafeRound | None, user) -> CafeSeat | None:
    if round_ is None or not getattr(user, "is_authenticated", False):
        return None
    return CafeSeat.objects.filter(round=round_, user_id=user.pk).first()


def dots_used(round_: CafeRound | None, user) -> int:
    if round_ is None or not getattr(user, "is_authenticated", False):
        return 0
    return CafeDot.objects.filter(
        round=round_, user_id=user.pk, idea__status=CafeIdeaStatus.VISIBLE
    ).count()


def cafe_ideas(event: EventPage) -> list[CafeIdea]:
    """The visible ideas, most dotted first within each table (hidden ones
    are on no screen but the facilitator's list of them)."""
    return list(
        CafeIdea.objects.filter(event=event, status=CafeIdeaStatus.VISIBLE)
        .select_related("table", "round", "harvested_comment")
        .order_by("table__number", "-dot_count", "created_at", "pk")
    )


def cafe_hidden_ideas(event: EventPage) -> list[CafeIdea]:
    """The hidden ideas with their reasons, newest first (the console)."""
    return list(
        CafeIdea.objects.filter(event=event, status=CafeIdeaStatus.HIDDEN)
        .select_related("table")
        .order_by("-pk")
    )


def dots_label(count: int) -> dict[str, str]:
    """The count as an idea shows it, in every language (pages put it in)."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = ngettext("%(counter)s dot", "%(counter)s dots", count) % {
                "counter": count
            }
    return labels


def idea_payload(idea: CafeIdea) -> dict:
    """An idea as live events and JSON answers carry it (plain text)."""
    return {
        "id": idea.pk,
        "table": idea.table_id,
        "table_number": idea.table.number,
        "topic": idea.table.topic,
        "round": idea.round.number if idea.round_id else None,
        "text": idea.text,
        "by_host": idea.by_host,
        "dots": idea.dot_count,
        "dots_label": dots_label(idea.dot_count),
    }


@dataclass
class TableView:
    table: CafeTable
    ideas: list[CafeIdea] = field(default_factory=list)
    people: list = field(default_factory=list)  # seated in the current round


@dataclass
class CafeView:
    """Everything a café screen shows, for one reader."""

    event: EventPage
    tables: list[TableView]
    rounds: list[CafeRound]
    running: CafeRound | None
    current: CafeRound | None
    next_round: CafeRound | None
    facilitator: bool
    participant: bool
    hosting: list[CafeTable]
    my_table: CafeTable | None
    seat_key: str | None
    dots_per_round: int
    dots_left: int
    my_dots: set[int]
    # Of my_dots, those given in the current round (their budget).
    my_dots_now: set[int] = field(default_factory=set)
    hidden: list[CafeIdea] = field(default_factory=list)

    @property
    def ideas(self) -> list[CafeIdea]:
        return [idea for row in self.tables for idea in row.ideas]

    def table_view(self, table_id: int) -> TableView | None:
        return next((row for row in self.tables if row.table.pk == table_id), None)


def cafe_view(event: EventPage, user, *, with_people: bool = False) -> CafeView:
    """The café as ``user`` sees it. ``with_people``: who sits at each table
    in the current round and the hidden ideas (the facilitator's page).
    Each idea carries ``hideable`` and ``deletable`` for this reader."""
    tables = cafe_tables(event)
    rounds = cafe_rounds(event)
    running = next((r for r in rounds if r.status == CafeRoundStatus.RUNNING), None)
    current = current_round(rounds)
    rows = {table.pk: TableView(table) for table in tables}
    for idea in cafe_ideas(event):
        if idea.table_id in rows:
            rows[idea.table_id].ideas.append(idea)
    if with_people and current is not None:
        for seat in CafeSeat.objects.filter(round=current).select_related("user"):
            if seat.table_id in rows:
                rows[seat.table_id].people.append(seat.user)
    signed_in = getattr(user, "is_authenticated", False)
    participant = permissions.is_cafe_participant(user, event)
    seat = seat_in(running, user) if participant else None
    my_dots: set[int] = set()
    my_dots_now: set[int] = set()
    if participant and current is not None:
        mine = list(
            CafeDot.objects.filter(
                idea__event=event,
                user_id=user.pk,
                idea__status=CafeIdeaStatus.VISIBLE,
            ).values_list("idea_id", "round_id")
        )
        my_dots = {idea_id for idea_id, _round in mine}
        my_dots_now = {idea_id for idea_id, round_id in mine if round_id == current.pk}
    per_round = settings.CAFE_DOTS_PER_ROUND
    facilitator = permissions.can_run_cafe(user, event)
    hosting = [t for t in tables if signed_in and t.host_id == user.pk]
    hosted = {t.pk for t in hosting}
    for row in rows.values():
        for idea in row.ideas:
            # The same rules as permissions.can_hide_cafe_idea and
            # cafe_idea_delete_denied_reason, from what is loaded here.
            idea.hideable = idea.harvested_comment_id is None and (
                facilitator or idea.table_id in hosted
            )
            idea.deletable = (
                signed_in
                and idea.author_id == user.pk
                and idea.harvested_comment_id is None
                and running is not None
                and idea.round_id == running.pk
            )
    return CafeView(
        event=event,
        tables=list(rows.values()),
        rounds=rounds,
        running=running,
        current=current,
        next_round=next(
            (r for r in rounds if r.status == CafeRoundStatus.PLANNED), None
        ),
        facilitator=facilitator,
        participant=participant,
        hosting=hosting,
        my_table=rows[seat.table_id].table if seat and seat.table_id in rows else None,
        seat_key=seat_key(event.pk, user.pk) if participant else None,
        dots_per_round=per_round,
        dots_left=max(per_round - len(my_dots_now), 0),
        my_dots=my_dots,
        my_dots_now=my_dots_now,
        hidden=cafe_hidden_ideas(event) if with_people and facilitator else [],
    )


# --- who sits where (the facilitator's page) ----------------------------------------
@dataclass
class SeatedPerson:
    user: object
    checked_in: bool


@dataclass
class RoundSeating:
    round: CafeRound
    rows: list[tuple[CafeTable, list[SeatedPerson]]]
    # Present but without a seat in this (running) round: they came after
    # it began, and the next round seats them.
    unseated: list[SeatedPerson] = field(default_factory=list)


@dataclass
class CafeSeating:
    rounds: list[RoundSeating]  # the latest first
    confirmed: int
    checked_in: int


def cafe_seating(event: EventPage) -> CafeSeating:
    """Who sat at which table in each round that has started, with who has
    checked in, as the database has it now; four queries whatever the size."""
    tables = cafe_tables(event)
    rounds = [r for r in cafe_rounds(event) if r.status != CafeRoundStatus.PLANNED]
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    )
    present = {r.user_id for r in registrations if r.checked_in_at is not None}
    seats: dict[tuple[int, int], list] = {}
    seated: dict[int, set[int]] = {}
    for seat in (
        CafeSeat.objects.filter(round__event=event)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    ):
        person = SeatedPerson(seat.user, seat.user_id in present)
        seats.setdefault((seat.round_id, seat.table_id), []).append(person)
        seated.setdefault(seat.round_id, set()).add(seat.user_id)
    hosts = {t.host_id for t in tables if t.host_id}
    # As cafe_participants seats them: once check-in begins, who came.
    coming = [
        r
        for r in registrations
        if r.user_id not in hosts and (not present or r.user_id in present)
    ]
    result = []
    for round_ in sorted(rounds, key=lambda r: -r.number):
        in_round = seated.get(round_.pk, set())
        result.append(
            RoundSeating(
                round=round_,
                rows=[(t, seats.get((round_.pk, t.pk), [])) for t in tables],
                unseated=[
                    SeatedPerson(r.user, r.user_id in present)
                    for r in coming
                    if r.user_id not in in_round
                ]
                if round_.status == CafeRoundStatus.RUNNING
                else [],
            )
        )
    return CafeSeating(
        rounds=result, confirmed=len(registrations), checked_in=len(present)
    )
