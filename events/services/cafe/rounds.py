"""The café's rounds: planned, started (the rotation seats everyone) and
finished, with the deadline every screen counts down to."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish

from ... import cafe_live_events as live
from ...models import (
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
    EventPage,
    Registration,
    RegistrationStatus,
)
from ...rotation import plan_round
from ...selectors.cafe import seat_key
from ._common import check_runs, lock_event, number_in, setup_changed

ROUND_MINUTES_RANGE = (1, 240)


def _clean_minutes(minutes) -> int:
    low, high = ROUND_MINUTES_RANGE
    return number_in(
        minutes,
        low,
        high,
        "duration_minutes",
        _("A round lasts %(low)d to %(high)d minutes.") % {"low": low, "high": high},
    )


# --- rounds ---------------------------------------------------------------------------
@transaction.atomic
def cafe_round_create(*, user, event: EventPage, duration_minutes=20) -> CafeRound:
    event = lock_event(event)
    check_runs(user, event)
    minutes = _clean_minutes(duration_minutes)
    last = CafeRound.objects.filter(event=event).aggregate(n=Max("number"))["n"]
    round_ = CafeRound.objects.create(
        event=event, number=(last or 0) + 1, duration_minutes=minutes
    )
    setup_changed(event)
    return round_


def _planned(round_: CafeRound) -> CafeRound:
    round_ = CafeRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != CafeRoundStatus.PLANNED:
        raise ValidationError(
            _("This round has already started: it can no longer be changed."),
            code="started",
        )
    return round_


@transaction.atomic
def cafe_round_update(*, user, round_: CafeRound, duration_minutes) -> CafeRound:
    event = lock_event(round_.event)
    check_runs(user, event)
    minutes = _clean_minutes(duration_minutes)
    round_ = _planned(round_)
    round_.duration_minutes = minutes
    round_.save(update_fields=["duration_minutes"])
    setup_changed(event)
    return round_


@transaction.atomic
def cafe_round_delete(*, user, round_: CafeRound) -> None:
    event = lock_event(round_.event)
    check_runs(user, event)
    _planned(round_).delete()
    setup_changed(event)


def cafe_participants(event: EventPage, hosts: set[int]) -> list[int]:
    """Who is seated: the confirmed registrations, only those checked in once
    the facilitators check people in at the door (who did not come gets no
    seat), never a table's host (hosts stay at their table)."""
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    )
    if confirmed.filter(checked_in_at__isnull=False).exists():
        confirmed = confirmed.filter(checked_in_at__isnull=False)
    return [
        pk
        for pk in confirmed.order_by("user_id").values_list("user_id", flat=True)
        if pk not in hosts
    ]


@transaction.atomic
def cafe_round_start(*, user, round_: CafeRound, now: datetime | None = None):
    """Starts the next planned round: finishes the running one, seats every
    participant (``events.rotation``: a new table and new faces where
    possible) and tells every phone its table, with the deadline and the
    server's clock for the countdown."""
    event = lock_event(round_.event)
    check_runs(user, event)
    round_ = _planned(round_)
    rounds = list(CafeRound.objects.filter(event=event).select_for_update())
    first_planned = min(
        (r.number for r in rounds if r.status == CafeRoundStatus.PLANNED), default=None
    )
    if round_.number != first_planned:
        raise ValidationError(
            _("Start the rounds in order: round %(number)s is next.")
            % {"number": first_planned},
            code="order",
        )
    tables = list(CafeTable.objects.filter(event=event))
    if not tables:
        raise ValidationError(_("Add the tables first."), code="no_tables")
    now = now or timezone.now()
    for running in rounds:
        if running.status == CafeRoundStatus.RUNNING:
            _finish(running, now)
    people = cafe_participants(event, {t.host_id for t in tables if t.host_id})
    history: dict[int, dict] = {}
    for seat in CafeSeat.objects.filter(round__event=event).values(
        "round_id", "user_id", "table_id"
    ):
        history.setdefault(seat["round_id"], {})[seat["user_id"]] = seat["table_id"]
    plan = plan_round(
        people,
        [(t.pk, t.size) for t in tables],
        list(history.values()),
        seed=event.pk * 100 + round_.number,
    )
    CafeSeat.objects.bulk_create(
        CafeSeat(round=round_, table_id=table_id, user_id=user_id)
        for user_id, table_id in plan.seats.items()
    )
    round_.status = CafeRoundStatus.RUNNING
    round_.started_at = now
    round_.deadline = now + timedelta(minutes=round_.duration_minutes)
    round_.save(update_fields=["status", "started_at", "deadline"])
    publish(
        event.live_stream(),
        live.ROUND_STARTED,
        {
            "round": _round_payload(round_),
            "now": now,
            "tables": [
                {"id": t.pk, "number": t.number, "topic": t.topic} for t in tables
            ],
            "seats": {
                seat_key(event.pk, user_id): table_id
                for user_id, table_id in plan.seats.items()
            },
        },
    )
    return round_, plan


def _round_payload(round_: CafeRound) -> dict:
    return {
        "id": round_.pk,
        "number": round_.number,
        "duration_minutes": round_.duration_minutes,
        "started_at": round_.started_at,
        "deadline": round_.deadline,
    }


def _finish(round_: CafeRound, now: datetime) -> None:
    round_.status = CafeRoundStatus.FINISHED
    round_.ended_at = now
    round_.save(update_fields=["status", "ended_at"])
    publish(
        round_.event.live_stream(),
        live.ROUND_FINISHED,
        {"round": {"id": round_.pk, "number": round_.number}},
    )


@transaction.atomic
def cafe_round_finish(*, user, round_: CafeRound, now: datetime | None = None):
    """Ends the running round (time's up, or the facilitator calls it)."""
    event = lock_event(round_.event)
    check_runs(user, event)
    round_ = CafeRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != CafeRoundStatus.RUNNING:
        raise ValidationError(_("This round is not running."), code="not_running")
    _finish(round_, now or timezone.now())
    return round_
