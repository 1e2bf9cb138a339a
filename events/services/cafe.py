"""Writes of the citizen café: setting up tables and rounds, starting and
finishing rounds (the rotation seats everyone), ideas, dots and the harvest
sent to the linked consultation.

Each service checks permission, validates, writes and publishes on the
event's stream in the same transaction (``cms.live``), in that order.
Setup, starts and the harvest lock the event's row, so two facilitators'
clicks run one after the other; a dot locks the participant's registration,
so their dots per round cannot be overspent by two phones at once. Invalid
input raises ValidationError (keyed by form field), refusals PermissionDenied.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import bleach
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.live.publisher import publish
from cms.live.tallies import tally_changed
from cms.ratelimit import check_write_rate
from participation.models import FlagCategory, ModerationAction, ModerationLogEntry
from participation.services import comment_create

from .. import cafe_live_events as live
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
from ..models.cafe import HIDE_REASON_MAX_LENGTH, IDEA_MAX_LENGTH, TOPIC_MAX_LENGTH
from ..rotation import plan_round
from ..selectors.cafe import current_round, dots_label, idea_payload, seat_key

TABLE_SIZE_RANGE = (2, 50)
ROUND_MINUTES_RANGE = (1, 240)


# --- helpers ------------------------------------------------------------------------
def _lock_event(event: EventPage) -> EventPage:
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _check_runs(user, event: EventPage) -> None:
    if not permissions.is_cafe(event):
        raise PermissionDenied(_("This event is not a citizen café."))
    if not permissions.can_run_cafe(user, event):
        raise PermissionDenied(_("Only the event's facilitators run the café."))


def _changed(event: EventPage) -> None:
    publish(event.live_stream(), live.SETUP_CHANGED, {})


def _number_in(value, low: int, high: int, field: str, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError({field: ValidationError(message, code="invalid")})
    return number


def _clean_topic(topic: str) -> str:
    topic = bleach.clean(topic or "", tags=[], strip=True).strip()
    if not topic:
        raise ValidationError(
            {"topic": ValidationError(_("Give the table a topic."), code="required")}
        )
    if len(topic) > TOPIC_MAX_LENGTH:
        raise ValidationError(
            {
                "topic": ValidationError(
                    _("Write at most %(limit)d characters.")
                    % {"limit": TOPIC_MAX_LENGTH},
                    code="max_length",
                )
            }
        )
    return topic


def _clean_size(size) -> int:
    low, high = TABLE_SIZE_RANGE
    return _number_in(
        size,
        low,
        high,
        "size",
        _("A table seats %(low)d to %(high)d people.") % {"low": low, "high": high},
    )


def _clean_minutes(minutes) -> int:
    low, high = ROUND_MINUTES_RANGE
    return _number_in(
        minutes,
        low,
        high,
        "duration_minutes",
        _("A round lasts %(low)d to %(high)d minutes.") % {"low": low, "high": high},
    )


def clean_idea_text(text: str) -> str:
    """What a person typed, as an idea is stored: plain text, any markup
    stripped by bleach, at most IDEA_MAX_LENGTH characters."""
    cleaned = bleach.clean(text or "", tags=[], strip=True)
    # bleach escapes what it keeps; ideas are stored as plain text and escaped
    # once, where they are shown.
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise ValidationError(
            {"text": ValidationError(_("Write the idea."), code="required")}
        )
    if len(cleaned) > IDEA_MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Write at most %(limit)d characters (you wrote %(count)d).")
                    % {"limit": IDEA_MAX_LENGTH, "count": len(cleaned)},
                    code="max_length",
                )
            }
        )
    return cleaned


# --- tables ---------------------------------------------------------------------------
@transaction.atomic
def cafe_table_create(
    *, user, event: EventPage, topic: str, size=6, host=None
) -> CafeTable:
    """Adds a table (numbered after the last one) with its topic and host."""
    event = _lock_event(event)
    _check_runs(user, event)
    topic, size = _clean_topic(topic), _clean_size(size)
    last = CafeTable.objects.filter(event=event).aggregate(n=Max("number"))["n"]
    table = CafeTable.objects.create(
        event=event, number=(last or 0) + 1, topic=topic, size=size, host=host
    )
    _changed(event)
    return table


@transaction.atomic
def cafe_table_update(*, user, table: CafeTable, topic: str, size, host) -> CafeTable:
    """Changes a table's topic, size or host (also between rounds)."""
    event = _lock_event(table.event)
    _check_runs(user, event)
    table = CafeTable.objects.select_for_update().get(pk=table.pk)
    table.topic, table.size, table.host = _clean_topic(topic), _clean_size(size), host
    table.save(update_fields=["topic", "size", "host"])
    _changed(event)
    return table


@transaction.atomic
def cafe_table_delete(*, user, table: CafeTable) -> None:
    """Removes a table nobody has sat at and no idea belongs to."""
    event = _lock_event(table.event)
    _check_runs(user, event)
    if table.seats.exists() or table.ideas.exists():
        raise ValidationError(
            _("People have already sat at this table: it stays, with its ideas."),
            code="in_use",
        )
    table.delete()
    _changed(event)


# --- rounds ---------------------------------------------------------------------------
@transaction.atomic
def cafe_round_create(*, user, event: EventPage, duration_minutes=20) -> CafeRound:
    event = _lock_event(event)
    _check_runs(user, event)
    minutes = _clean_minutes(duration_minutes)
    last = CafeRound.objects.filter(event=event).aggregate(n=Max("number"))["n"]
    round_ = CafeRound.objects.create(
        event=event, number=(last or 0) + 1, duration_minutes=minutes
    )
    _changed(event)
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
    event = _lock_event(round_.event)
    _check_runs(user, event)
    minutes = _clean_minutes(duration_minutes)
    round_ = _planned(round_)
    round_.duration_minutes = minutes
    round_.save(update_fields=["duration_minutes"])
    _changed(event)
    return round_


@transaction.atomic
def cafe_round_delete(*, user, round_: CafeRound) -> None:
    event = _lock_event(round_.event)
    _check_runs(user, event)
    _planned(round_).delete()
    _changed(event)


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
    event = _lock_event(round_.event)
    _check_runs(user, event)
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
    event = _lock_event(round_.event)
    _check_runs(user, event)
    round_ = CafeRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != CafeRoundStatus.RUNNING:
        raise ValidationError(_("This round is not running."), code="not_running")
    _finish(round_, now or timezone.now())
    return round_


# --- ideas ----------------------------------------------------------------------------
@transaction.atomic
def cafe_idea_add(*, user, table: CafeTable, text: str) -> CafeIdea:
    """Records an idea at ``table``: by its host, a facilitator, or a
    participant sitting at it in the running round. Every screen shows it at
    once, with its dot button."""
    event = table.event
    if not permissions.is_cafe(event):
        raise PermissionDenied(_("This event is not a citizen café."))
    running = CafeRound.objects.filter(
        event=event, status=CafeRoundStatus.RUNNING
    ).first()
    seat_table_id = None
    if running is not None:
        seat_table_id = (
            CafeSeat.objects.filter(round=running, user_id=user.pk)
            .values_list("table_id", flat=True)
            .first()
        )
    reason = permissions.cafe_idea_denied_reason(
        user, table, seat_table_id=seat_table_id
    )
    if reason is not None:
        raise PermissionDenied(reason)
    text = clean_idea_text(text)
    check_write_rate("cafe_idea", user=user)
    if running is None:
        # Between rounds, hosts and facilitators add to the last round's notes.
        running = current_round(list(CafeRound.objects.filter(event=event)))
    idea = CafeIdea.objects.create(
        event=event,
        table=table,
        round=running,
        text=text,
        author=user,
        by_host=permissions.is_table_host(user, table),
    )
    publish(event.live_stream(), live.IDEA_CREATED, {"idea": idea_payload(idea)})
    return idea


def hide_reason_text(category: str, words: str) -> str:
    """The reason as the moderation log and the console show it: the preset
    (the same ones as for reporting a comment) and the moderator's words;
    "other" needs words. ValidationError keyed ``category`` / ``reason``."""
    if category not in FlagCategory.values:
        raise ValidationError(
            {"category": ValidationError(_("Choose a reason."), code="invalid")}
        )
    words = " ".join(bleach.clean(words or "", tags=[], strip=True).split())
    if category == FlagCategory.OTHER:
        if not words:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        _("Say in a few words why the idea is hidden."),
                        code="required",
                    )
                }
            )
        text = words
    else:
        label = str(FlagCategory(category).label)
        text = f"{label[:1].upper()}{label[1:]}" + (f": {words}" if words else "")
    if len(text) > HIDE_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write at most %(limit)d characters.")
                    % {"limit": HIDE_REASON_MAX_LENGTH},
                    code="max_length",
                )
            }
        )
    return text


def _removed(idea: CafeIdea) -> None:
    publish(
        idea.event.live_stream(),
        live.IDEA_REMOVED,
        {"idea": idea.pk, "table": idea.table_id},
    )


@transaction.atomic
def cafe_idea_hide(
    *, user, idea: CafeIdea, category: str, reason: str = ""
) -> CafeIdea:
    """Hides an idea from every screen (the phones, the host's view, the
    wall), with a preset reason and the moderator's words, in the moderation
    log: a facilitator any idea, a table's host those of their table. Its dots
    stop counting (their givers get them back) and it cannot be harvested.
    Hiding twice changes nothing."""
    idea = (
        CafeIdea.objects.select_for_update(of=("self",))
        .select_related("event", "table")
        .get(pk=idea.pk)
    )
    if not permissions.can_hide_cafe_idea(user, idea):
        raise PermissionDenied(
            _("Only the café's facilitators and the table's host hide ideas.")
        )
    if idea.status == CafeIdeaStatus.HIDDEN:
        return idea
    if idea.harvested_comment_id is not None:
        raise ValidationError(
            _(
                "This idea has been sent to the consultation: moderate the "
                "comment there."
            ),
            code="harvested",
        )
    text = hide_reason_text(category, reason)
    check_write_rate("cafe_idea_hide", user=user)
    idea.status = CafeIdeaStatus.HIDDEN
    idea.hidden_reason = text
    idea.save(update_fields=["status", "hidden_reason"])
    ModerationLogEntry.objects.create(
        target_type=ContentType.objects.get_for_model(CafeIdea),
        target_id=idea.pk,
        moderator=user,
        action=ModerationAction.HIDE,
        reason=text,
    )
    _removed(idea)
    return idea


@transaction.atomic
def cafe_idea_delete(*, user, idea: CafeIdea) -> None:
    """The author takes back their own idea while its round runs: it goes,
    with its dots, from every screen."""
    idea = (
        CafeIdea.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk=idea.pk)
        .first()
    )
    if idea is None:
        return  # deleted a moment ago from another phone
    running = (
        CafeRound.objects.filter(event=idea.event, status=CafeRoundStatus.RUNNING)
        .values_list("pk", flat=True)
        .first()
    )
    reason = permissions.cafe_idea_delete_denied_reason(
        user, idea, running_round_id=running
    )
    if reason is not None:
        raise PermissionDenied(reason)
    check_write_rate("cafe_idea_delete", user=user)
    _removed(idea)
    idea.delete()


# --- dots -----------------------------------------------------------------------------
def dots_snapshot(stream: str, keys: set) -> dict:
    """The ``cafe.dots`` payload: current dot counts of the ideas in ``keys``,
    each with its label in every language."""
    ids = sorted(int(key) for key in keys)
    counts = CafeIdea.objects.filter(pk__in=ids).values_list("pk", "dot_count")
    return {
        "dots": {
            str(pk): {"count": count, "label": dots_label(count)}
            for pk, count in counts
        }
    }


@transaction.atomic
def cafe_dot_toggle(*, user, idea: CafeIdea, on: bool) -> dict:
    """Gives (``on``) or takes back a dot on ``idea``. One dot per idea (a
    database constraint) and ``settings.CAFE_DOTS_PER_ROUND`` per round;
    taking one back frees it. Returns {"dotted", "dots", "dots_left"}."""
    event = idea.event
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, user_id=user.pk, status=RegistrationStatus.CONFIRMED)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if registration is None or not permissions.is_cafe(event):
        raise PermissionDenied(_("Only the café's participants give dots."))
    round_ = current_round(list(CafeRound.objects.filter(event=event)))
    if round_ is None:
        raise ValidationError(
            _("Dots can be given once the first round has started."),
            code="not_started",
        )
    idea.refresh_from_db(fields=["status"])
    if idea.status != CafeIdeaStatus.VISIBLE:
        raise ValidationError(_("This idea has been hidden."), code="hidden")
    check_write_rate("cafe_dot", user=user)
    limit = settings.CAFE_DOTS_PER_ROUND
    mine = CafeDot.objects.filter(user_id=user.pk, idea=idea).first()
    # Dots on hidden ideas no longer count: their givers have them back.
    spent = CafeDot.objects.filter(
        user_id=user.pk, round=round_, idea__status=CafeIdeaStatus.VISIBLE
    )
    if on and mine is None:
        used = spent.count()
        if used >= limit:
            raise ValidationError(
                ngettext(
                    "You have given your %(limit)d dot in this round: take it "
                    "back from another idea first.",
                    "You have given your %(limit)d dots in this round: take one "
                    "back from another idea first.",
                    limit,
                )
                % {"limit": limit},
                code="no_dots_left",
            )
        try:
            with transaction.atomic():
                CafeDot.objects.create(idea=idea, round=round_, user=user)
        except IntegrityError:
            pass  # the same dot from another phone a moment ago
        else:
            CafeIdea.objects.filter(pk=idea.pk).update(dot_count=F("dot_count") + 1)
            tally_changed(event.live_stream(), live.DOTS, idea.pk)
    elif not on and mine is not None:
        mine.delete()
        CafeIdea.objects.filter(pk=idea.pk).update(dot_count=F("dot_count") - 1)
        tally_changed(event.live_stream(), live.DOTS, idea.pk)
    used = spent.count()
    idea.refresh_from_db(fields=["dot_count"])
    return {
        "idea": idea.pk,
        "dotted": CafeDot.objects.filter(user_id=user.pk, idea=idea).exists(),
        "dots": idea.dot_count,
        "dots_left": max(limit - used, 0),
    }


# --- harvest --------------------------------------------------------------------------
def harvest_text(idea: CafeIdea) -> str:
    """The comment an idea becomes: the idea, then where it came from."""
    origin = ngettext(
        "Table %(number)s — %(topic)s; %(dots)d dot.",
        "Table %(number)s — %(topic)s; %(dots)d dots.",
        idea.dot_count,
    ) % {"number": idea.table.number, "topic": idea.table.topic, "dots": idea.dot_count}
    return f"{idea.text}\n\n*{origin}*"


def behalf_label(event: EventPage) -> str:
    # Polish puts the group in the genitive after "w imieniu".
    return _("the citizen café “%(name)s”") % {"name": event.title}


def _path(event: EventPage) -> str:
    url = event.get_url() or ""
    parts = urlsplit(url)
    return parts.path or "/"


@transaction.atomic
def cafe_harvest(*, user, event: EventPage, ideas) -> list:
    """Sends the chosen ideas to the consultation the café feeds, one comment
    each, "on behalf of the citizen café <name>" and linking back to the
    event; the office answers them like any comment. Ideas sent before are
    skipped. Returns the comments made."""
    event = _lock_event(event)
    _check_runs(user, event)
    consultation = event.consultation
    if consultation is None:
        raise ValidationError(
            _("This café feeds no consultation: choose one in the event's page."),
            code="no_consultation",
        )
    ids = {getattr(idea, "pk", idea) for idea in ideas}
    chosen = list(
        CafeIdea.objects.select_for_update(of=("self",))
        .filter(
            event=event,
            pk__in=ids,
            harvested_comment__isnull=True,
            status=CafeIdeaStatus.VISIBLE,
        )
        .select_related("table")
        .order_by("table__number", "-dot_count", "pk")
    )
    if not chosen:
        raise ValidationError(
            {"ideas": ValidationError(_("Choose the ideas to send."), "required")}
        )
    now = timezone.now()
    label, url = behalf_label(event), _path(event)
    comments = []
    for idea in chosen:
        try:
            comment = comment_create(
                author=user,
                target=consultation.specific,
                text=harvest_text(idea),
                behalf_label=label,
                behalf_url=url,
            )
        except PermissionDenied as error:
            # The consultation is closed, say: the facilitator's form error.
            raise ValidationError(str(error), code="closed") from None
        idea.harvested_comment = comment
        idea.harvested_at = now
        idea.save(update_fields=["harvested_comment", "harvested_at"])
        comments.append(comment)
    publish(
        event.live_stream(),
        live.HARVESTED,
        {"ideas": [idea.pk for idea in chosen]},
    )
    return comments
