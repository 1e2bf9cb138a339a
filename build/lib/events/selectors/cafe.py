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
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
    EventPage,
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
    return CafeDot.objects.filter(round=round_, user_id=user.pk).count()


def cafe_ideas(event: EventPage) -> list[CafeIdea]:
    """All ideas, most dotted first within each table."""
    return list(
        CafeIdea.objects.filter(event=event)
        .select_related("table", "round", "harvested_comment")
        .order_by("table__number", "-dot_count", "created_at", "pk")
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

    @property
    def ideas(self) -> list[CafeIdea]:
        return [idea for row in self.tables for idea in row.ideas]

    def table_view(self, table_id: int) -> TableView | None:
        return next((row for row in self.tables if row.table.pk == table_id), None)


def cafe_view(event: EventPage, user, *, with_people: bool = False) -> CafeView:
    """The café as ``user`` sees it. ``with_people``: who sits at each table
    in the current round (the facilitator's page)."""
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
    used = 0
    if participant and current is not None:
        mine = list(
            CafeDot.objects.filter(idea__event=event, user_id=user.pk).values_list(
                "idea_id", "round_id"
            )
        )
        my_dots = {idea_id for idea_id, _round in mine}
        used = sum(1 for _idea, round_id in mine if round_id == current.pk)
    per_round = settings.CAFE_DOTS_PER_ROUND
    return CafeView(
        event=event,
        tables=list(rows.values()),
        rounds=rounds,
        running=running,
        current=current,
        next_round=next(
            (r for r in rounds if r.status == CafeRoundStatus.PLANNED), None
        ),
        facilitator=permissions.can_run_cafe(user, event),
        participant=participant,
        hosting=[t for t in tables if signed_in and t.host_id == user.pk],
        my_table=rows[seat.table_id].table if seat and seat.table_id in rows else None,
        seat_key=seat_key(event.pk, user.pk) if participant else None,
        dots_per_round=per_round,
        dots_left=max(per_round - used, 0),
        my_dots=my_dots,
    )
