"""Writes of the live session: the facilitator's commands, and the room's
votes, questions and upvotes.

Each service validates, checks permission, counts its rate limit, writes and
publishes the new state on the event's stream inside its transaction
(``cms.live.publisher.publish``), so a screen that follows the stream and one
that reloads see the same thing. Vote and upvote counts are not published per
write: ``tally_changed`` lets ``cms.live.tallies`` send a few snapshots a
second (``settings.EVENT_LIVE_TALLY_SECONDS``).

Only the event's facilitators may run a command (``permissions
.is_event_facilitator``); anyone else gets PermissionDenied and nothing
changes. Hiding, pinning and answering a question is moderation and goes to
the one moderation log (``participation.ModerationLogEntry``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import bleach
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.live.tallies import tally_changed
from cms.ratelimit import RATE_LIMITED, rate_limit_hit
from cms.visibility import Viewer
from participation.models import ModerationAction, ModerationLogEntry

from .. import live_events, permissions
from ..models import (
    Ballot,
    BallotChoice,
    EventGuest,
    EventKind,
    EventPage,
    LiveSession,
    Poll,
    PollKind,
    PollOption,
    PollStatus,
    Question,
    QuestionStatus,
    QuestionUpvote,
    SessionStatus,
)
from ..selectors import live as live_selectors
from ..selectors.live import Participant

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
MESSAGE_MAX_LENGTH = 280
QUESTION_MAX_LENGTH = 300
REASON_MAX_LENGTH = 300
POLL_MAX_OPTIONS = 10
TIMER_MAX_MINUTES = 240
_ATTEMPTS = 5


def _check_rate(kind: str, who: str) -> None:
    """``settings.WRITE_RATE_LIMITS[kind]`` for ``who`` (a participant or
    ``user:<pk>``); ValidationError(code=RATE_LIMITED) past it."""
    limit, period = settings.WRITE_RATE_LIMITS[kind]
    if not rate_limit_hit(f"write:{kind}:{who}", limit=limit, period=period):
        raise ValidationError(
            _("You are doing that too often. Wait a minute and try again."),
            code=RATE_LIMITED,
        )


def normalise_join_code(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[:16]


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def live_session_ensure(*, event: EventPage) -> LiveSession:
    """The event's session, made (with a fresh join code) if it has none."""
    for _attempt in range(_ATTEMPTS):
        session = LiveSession.objects.filter(event_id=event.pk).first()
        if session is not None:
            return session
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    event=event, join_code=_new_join_code()
                )
        except IntegrityError:
            continue  # another request made it, or the code was drawn twice
    raise RuntimeError("Could not make a live session")


# --- the facilitator's commands -----------------------------------------------------
def _facilitating(facilitator, event: EventPage) -> LiveSession:
    """The event's session, locked, once ``facilitator`` may run it."""
    if not permissions.is_event_facilitator(facilitator, event):
        raise PermissionDenied(_("Only the event's facilitators may do this."))
    _check_rate("event_command", f"user:{facilitator.pk}")
    live_session_ensure(event=event)
    return (
        # Only the session row: PostgreSQL cannot lock the nullable side of
        # the outer join to its current item.
        LiveSession.objects.select_for_update(of=("self",))
        .select_related("current_item")
        .get(event_id=event.pk)
    )


def _session_changed(event: EventPage, session: LiveSession) -> LiveSession:
    session.updated_at = timezone.now()
    session.save()
    publish(
        event.live_stream(),
        live_events.SESSION,
        live_selectors.session_state(session),
    )
    return session


_TRANSITIONS = {
    # command: (statuses it may start from, status it leads to)
    "start": ({SessionStatus.NOT_STARTED}, SessionStatus.RUNNING),
    "pause": ({SessionStatus.RUNNING}, SessionStatus.PAUSED),
    "resume": ({SessionStatus.PAUSED}, SessionStatus.RUNNING),
    "end": ({SessionStatus.RUNNING, SessionStatus.PAUSED}, SessionStatus.ENDED),
}


def _session_move(facilitator, event: EventPage, command: str) -> LiveSession:
    session = _facilitating(facilitator, event)
    allowed, target = _TRANSITIONS[command]
    if session.status not in allowed:
        raise ValidationError(
            _("The session is %(status)s: this cannot be done now.")
            % {"status": session.get_status_display()},
            code="invalid",
        )
    now = timezone.now()
    session.status = target
    if command == "start":
        session.started_at = now
    if command == "end":
        session.ended_at = now
        session.item_deadline = None
    return _session_changed(event, session)


@transaction.atomic
def session_start(*, facilitator, event: EventPage) -> LiveSession:
    """Starts the live session: screens leave "not started yet"."""
    return _session_move(facilitator, event, "start")


@transaction.atomic
def session_pause(*, facilitator, event: EventPage) -> LiveSession:
    """Pauses the session (a break); screens say so, the countdown runs on."""
    return _session_move(facilitator, event, "pause")


@transaction.atomic
def session_resume(*, facilitator, event: EventPage) -> LiveSession:
    """Resumes a paused session."""
    return _session_move(facilitator, event, "resume")


@transaction.atomic
def session_end(*, facilitator, event: EventPage) -> LiveSession:
    """Ends the session; polls still open are closed."""
    session = _session_move(facilitator, event, "end")
    for poll in Poll.objects.filter(event_id=event.pk, status=PollStatus.OPEN):
        _poll_set(event, poll, status=PollStatus.CLOSED)
    return session


@transaction.atomic
def agenda_go(*, facilitator, event: EventPage, item_id: int) -> LiveSession:
    """Moves the session to an agenda item of the event; its countdown stops."""
    session = _facilitating(facilitator, event)
    item = event.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise ValidationError({"item": _("Choose an item of this event's agenda.")})
    session.current_item = item
    session.item_deadline = None
    return _session_changed(event, session)


@transaction.atomic
def timer_start(*, facilitator, event: EventPage, minutes: int) -> LiveSession:
    """Starts a countdown of ``minutes`` (0 clears it). Screens get the
    deadline and the server's clock, not ticks."""
    session = _facilitating(facilitator, event)
    if not 0 <= minutes <= TIMER_MAX_MINUTES:
        raise ValidationError(
            {"minutes": _("Give 0 to %(max)d minutes.") % {"max": TIMER_MAX_MINUTES}}
        )
    session.item_deadline = (
        timezone.now() + timedelta(minutes=minutes) if minutes else None
    )
    return _session_changed(event, session)


@transaction.atomic
def message_set(*, facilitator, event: EventPage, message: str) -> LiveSession:
    """Shows a short message or instruction on every screen ("" removes it)."""
    session = _facilitating(facilitator, event)
    text = bleach.clean(message or "", tags=set(), strip=True).strip()
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": _("At most %(max)d characters.") % {"max": MESSAGE_MAX_LENGTH}}
        )
    session.message = text
    return _session_changed(event, session)


@transaction.atomic
def guests_allow(*, facilitator, event: EventPage, allowed: bool) -> LiveSession:
    """Lets people in the room join with the code, or stops new guests
    (guests already in stay)."""
    session = _facilitating(facilitator, event)
    session.guests_allowed = bool(allowed)
    return _session_changed(event, session)


# --- polls ----------------------------------------------------------------------
def _poll_publish(event: EventPage, poll: Poll) -> None:
    counts = live_selectors.poll_counts([poll.pk])[poll.pk]
    publish(
        event.live_stream(), live_events.POLL, live_selectors.poll_state(poll, counts)
    )


def _poll_set(event: EventPage, poll: Poll, **changes) -> Poll:
    now = timezone.now()
    if changes.get("status") == PollStatus.OPEN:
        poll.opened_at = now
    if changes.get("status") == PollStatus.CLOSED:
        poll.closed_at = now
    for name, value in changes.items():
        setattr(poll, name, value)
    poll.save()
    _poll_publish(event, poll)
    return poll


def _poll_of(event: EventPage, poll_id: int) -> Poll:
    poll = (
        Poll.objects.select_for_update().filter(pk=poll_id, event_id=event.pk).first()
    )
    if poll is None:
        raise ValidationError({"poll": _("Choose a poll of this event.")})
    return poll


@transaction.atomic
def poll_create(
    *, facilitator, event: EventPage, question: str, kind: str, options: list[str]
) -> Poll:
    """A draft poll with 2 to 10 options; the room sees it once opened."""
    _facilitating(facilitator, event)
    question = bleach.clean(question or "", tags=set(), strip=True).strip()
    labels = [
        bleach.clean(label, tags=set(), strip=True).strip()[:120] for label in options
    ]
    labels = [label for label in labels if label]
    errors = {}
    if not question:
        errors["question"] = _("Write the question.")
    if not 2 <= len(labels) <= POLL_MAX_OPTIONS:
        errors["options"] = _("Give 2 to %(max)d options, one per line.") % {
            "max": POLL_MAX_OPTIONS
        }
    if kind not in PollKind.values:
        errors["kind"] = _("Choose single or multiple choice.")
    if errors:
        raise ValidationError(errors)
    poll = Poll.objects.create(event=event, question=question[:200], kind=kind)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, position=n) for n, label in enumerate(labels)
    )
    # A draft is the facilitators' alone: it goes on the console stream, so
    # every open console shows it (with its Open button) and the room's
    # stream carries nothing of it until it is opened.
    publish(
        event.console_stream(),
        live_events.POLL,
        live_selectors.poll_state(poll, console=True),
    )
    return poll


@transaction.atomic
def poll_open(*, facilitator, event: EventPage, poll_id: int) -> Poll:
    """Opens a draft or closed poll for votes."""
    _facilitating(facilitator, event)
    poll = _poll_of(event, poll_id)
    if poll.status == PollStatus.OPEN:
        raise ValidationError(_("This poll is open already."), code="invalid")
    return _poll_set(event, poll, status=PollStatus.OPEN)


@transaction.atomic
def poll_close(*, facilitator, event: EventPage, poll_id: int) -> Poll:
    """Stops the votes of an open poll."""
    _facilitating(facilitator, event)
    poll = _poll_of(event, poll_id)
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open."), code="invalid")
    return _poll_set(event, poll, status=PollStatus.CLOSED)


@transaction.atomic
def poll_reveal(*, facilitator, event: EventPage, poll_id: int, revealed=True) -> Poll:
    """Shows the poll's results to the room and on the projector (or hides
    them again)."""
    _facilitating(facilitator, event)
    poll = _poll_of(event, poll_id)
    if poll.status == PollStatus.DRAFT:
        raise ValidationError(_("Open the poll first."), code="invalid")
    return _poll_set(event, poll, revealed=bool(revealed))


def poll_tallies(stream: str, keys: set) -> dict:
    """Tally builder (``cms.live.tallies``) of the event's stream: voters, and
    counts of revealed polls only."""
    counts = live_selectors.poll_counts(list(keys))
    revealed = set(
        Poll.objects.filter(pk__in=keys, revealed=True).values_list("pk", flat=True)
    )
    return {
        "polls": {
            str(pk): {
                "voters": value["voters"],
                "counts": value["counts"] if pk in revealed else None,
            }
            for pk, value in counts.items()
        }
    }


def console_tallies(stream: str, keys: set) -> dict:
    """Tally builder of the console stream: every count, revealed or not."""
    return {
        "polls": {
            str(pk): v for pk, v in live_selectors.poll_counts(list(keys)).items()
        }
    }


# --- the room: votes, questions, upvotes ------------------------------------------
def _participant(
    viewer: Viewer, event_id: int, kind: str | None, doing: str
) -> Participant:
    """The viewer as a participant of the event (``participant_for``), else
    PermissionDenied with the reason. In a citizen jury's session only the
    seated jurors take part (``doing`` says in what: "ask", "vote",
    "upvote"); this is the one check, for the forms and the socket alike."""
    participant = live_selectors.participant_for(viewer, event_id, kind=kind)
    if participant is not None:
        return participant
    if kind == EventKind.JURY:
        if doing == "ask":
            raise PermissionDenied(
                _(
                    "In a citizen jury's session only the jurors of the panel ask "
                    "the experts questions."
                )
            )
        raise PermissionDenied(
            _("In a citizen jury's session only the jurors of the panel vote.")
        )
    raise PermissionDenied(
        _("Only registered participants and guests let in with the code may take part.")
    )


@transaction.atomic
def ballot_cast(*, viewer: Viewer, poll_id: int, option_ids: list[int]) -> Ballot:
    """One participant's vote in an open poll: once, with one option (single
    choice) or one or more (multiple). Four queries; the snapshot of the
    counts follows later, coalesced with everyone else's votes."""
    # The poll and its options in one query.
    rows = list(
        PollOption.objects.filter(poll_id=poll_id).values_list(
            "pk", "poll__event_id", "poll__kind", "poll__status", "poll__event__kind"
        )
    )
    if not rows:
        raise ValidationError({"poll": _("This poll does not exist.")})
    _pk, event_id, kind, status, event_kind = rows[0]
    participant = _participant(viewer, event_id, event_kind, "vote")
    if status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open."), code="invalid")
    chosen = set(option_ids)
    if not chosen or (kind == PollKind.SINGLE and len(chosen) > 1):
        raise ValidationError({"options": _("Choose one option.")})
    if not chosen <= {row[0] for row in rows}:
        raise ValidationError({"options": _("Choose among this poll's options.")})
    _check_rate("event_vote", participant.key)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll_id=poll_id, **participant.fields())
    except IntegrityError:
        raise ValidationError(
            _("You have voted in this poll already."), code="duplicate"
        ) from None
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, option_id=pk) for pk in sorted(chosen)
    )
    stream_event = EventPage(pk=event_id)
    tally_changed(stream_event.live_stream(), live_events.POLL_TALLIES, poll_id)
    tally_changed(stream_event.console_stream(), live_events.CONSOLE_TALLIES, poll_id)
    return ballot


@transaction.atomic
def question_ask(*, viewer: Viewer, event: EventPage, text: str) -> Question:
    """A participant's question: plain text (any markup stripped), shown to
    everyone at once."""
    participant = _participant(viewer, event.pk, event.kind, "ask")
    cleaned = " ".join(bleach.clean(text or "", tags=set(), strip=True).split())
    if not cleaned:
        raise ValidationError({"text": _("Write your question.")})
    if len(cleaned) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("At most %(max)d characters.") % {"max": QUESTION_MAX_LENGTH}}
        )
    _check_rate("event_question", participant.key)
    question = Question.objects.create(
        event=event, text=cleaned, **participant.fields()
    )
    publish(
        event.live_stream(),
        live_events.QUESTION,
        live_selectors.question_state(question),
    )
    return question


@transaction.atomic
def question_upvote(*, viewer: Viewer, question_id: int) -> Question:
    """One upvote per participant and question; the counts follow coalesced."""
    question = (
        Question.objects.filter(pk=question_id)
        .annotate(event_kind=F("event__kind"))
        .first()
    )
    if question is None or question.status == QuestionStatus.HIDDEN:
        raise ValidationError({"question": _("This question does not exist.")})
    participant = _participant(viewer, question.event_id, question.event_kind, "ask")
    _check_rate("event_upvote", participant.key)
    try:
        with transaction.atomic():
            QuestionUpvote.objects.create(question=question, **participant.fields())
    except IntegrityError:
        raise ValidationError(
            _("You have upvoted this question already."), code="duplicate"
        ) from None
    Question.objects.filter(pk=question.pk).update(upvote_count=F("upvote_count") + 1)
    tally_changed(
        EventPage(pk=question.event_id).live_stream(),
        live_events.QUESTION_TALLIES,
        question.pk,
    )
    return question


def question_tallies(stream: str, keys: set) -> dict:
    rows = Question.objects.filter(pk__in=keys).values_list("pk", "upvote_count")
    return {"questions": {str(pk): n for pk, n in rows}}


def _question_moderate(
    facilitator, event: EventPage, question_id: int, action: str, reason: str
) -> Question:
    _facilitating(facilitator, event)
    question = (
        Question.objects.select_for_update()
        .filter(pk=question_id, event_id=event.pk)
        .first()
    )
    if question is None:
        raise ValidationError({"question": _("Choose a question of this event.")})
    reason = bleach.clean(reason or "", tags=set(), strip=True).strip()
    if action == ModerationAction.HIDE:
        if not reason:
            raise ValidationError({"reason": _("Give the reason for hiding.")})
        question.status = QuestionStatus.HIDDEN
        question.hidden_reason = reason[:REASON_MAX_LENGTH]
        question.pinned = False
    elif action == ModerationAction.UNHIDE:
        question.status = QuestionStatus.VISIBLE
        question.hidden_reason = ""
    elif action == ModerationAction.MARK_ANSWERED:
        question.status = QuestionStatus.ANSWERED
        question.pinned = False
    elif action in (ModerationAction.PIN, ModerationAction.UNPIN):
        if question.status == QuestionStatus.HIDDEN:
            raise ValidationError(
                _("A hidden question cannot be pinned."), code="invalid"
            )
        question.pinned = action == ModerationAction.PIN
    question.save()
    ModerationLogEntry.objects.create(
        target_type=ContentType.objects.get_for_model(Question),
        target_id=question.pk,
        moderator=facilitator,
        action=action,
        reason=reason[:REASON_MAX_LENGTH],
    )
    publish(
        event.live_stream(),
        live_events.QUESTION,
        live_selectors.question_state(question),
    )
    return question


@transaction.atomic
def question_pin(
    *, facilitator, event: EventPage, question_id: int, pinned: bool = True
) -> Question:
    """Pins a question to the top of every screen (or unpins it)."""
    action = ModerationAction.PIN if pinned else ModerationAction.UNPIN
    return _question_moderate(facilitator, event, question_id, action, "")


@transaction.atomic
def question_answer(*, facilitator, event: EventPage, question_id: int) -> Question:
    """Marks a question answered: it moves below the open ones."""
    return _question_moderate(
        facilitator, event, question_id, ModerationAction.MARK_ANSWERED, ""
    )


@transaction.atomic
def question_hide(
    *, facilitator, event: EventPage, question_id: int, reason: str
) -> Question:
    """Hides a question from the room, with the reason in the moderation log."""
    return _question_moderate(
        facilitator, event, question_id, ModerationAction.HIDE, reason
    )


# --- guests ----------------------------------------------------------------------
@transaction.atomic
def guest_join(*, viewer: Viewer, code: str, client: str) -> tuple[EventPage, bool]:
    """Lets the viewer's browser session into the event whose join code it is,
    as a guest, while its facilitators allow guests; a registered person just
    goes in. Returns the event and whether a guest was made. ``client`` (the
    address) only keys the rate limit of wrong codes."""
    _check_rate("event_join", viewer.principal() or f"address:{client}")
    session = (
        LiveSession.objects.select_related("event")
        .filter(join_code=normalise_join_code(code))
        .first()
    )
    if session is None or not permissions.can_view(viewer, session.event):
        raise ValidationError({"code": _("There is no event with this code.")})
    event = session.event
    # A juror scanning the room's code in a jury's session just goes in.
    if live_selectors.is_registered(viewer.user, event.pk) or (
        event.kind == EventKind.JURY
        and live_selectors.is_seated_juror(viewer.user, event.pk)
    ):
        return event, False
    if live_selectors.guest_for(viewer, event.pk) is not None:
        return event, False
    if not session.guests_allowed or session.status == SessionStatus.ENDED:
        raise PermissionDenied(_("The facilitator does not let guests in now."))
    hashed = live_selectors.session_hash(viewer)
    if hashed is None:
        raise ValidationError(_("Allow cookies to join as a guest."), code="invalid")
    # Locked so two joins at once cannot both take the last guest place.
    LiveSession.objects.select_for_update().filter(pk=session.pk).first()
    if live_selectors.guests_count(event.pk) >= settings.EVENT_LIVE_LIMITS["guests"]:
        raise PermissionDenied(_("This event has as many guests as it can take."))
    user = viewer.user if getattr(viewer.user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            EventGuest.objects.create(event=event, session_hash=hashed, user=user)
    except IntegrityError:
        return event, False
    return event, True
