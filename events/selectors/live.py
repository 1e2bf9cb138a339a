"""Reads of the live session: who takes part, and the state every screen
renders and every frame carries (events/live_events.py documents the shapes).

The screens render these dicts server-side and hand the same dicts to their
script, so a page drawn from the database and a page kept up by frames show
one thing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from cms.accounts.permissions import is_signed_in
from cms.visibility import Viewer

from ..models import (
    Ballot,
    BallotChoice,
    EventGuest,
    EventKind,
    EventPage,
    JurySeat,
    LiveSession,
    Poll,
    PollStatus,
    Question,
    QuestionStatus,
    Registration,
    RegistrationStatus,
    SeatRole,
)


@dataclass(frozen=True)
class Participant:
    """Who casts a ballot or asks: a registered user or a guest (one set)."""

    user_id: int | None = None
    guest_id: int | None = None

    @property
    def key(self) -> str:
        """For rate limits: one budget per participant, never per address."""
        return f"user:{self.user_id}" if self.user_id else f"guest:{self.guest_id}"

    def fields(self) -> dict:
        return (
            {"user_id": self.user_id} if self.user_id else {"guest_id": self.guest_id}
        )


def session_hash(viewer: Viewer) -> str | None:
    """The viewer's browser session key, hashed (it is a credential), or None."""
    key = getattr(viewer.session, "session_key", None)
    if not key:
        return None
    return hashlib.sha256(key.encode()).hexdigest()


def guest_for(viewer: Viewer, event_id: int) -> EventGuest | None:
    hashed = session_hash(viewer)
    if hashed is None:
        return None
    return EventGuest.objects.filter(event_id=event_id, session_hash=hashed).first()


def is_registered(user, event_id: int) -> bool:
    return (
        is_signed_in(user)
        and Registration.objects.filter(
            event_id=event_id, user_id=user.pk, status=RegistrationStatus.CONFIRMED
        ).exists()
    )


def is_seated_juror(user, event_id: int) -> bool:
    """A panel seat (not a reserve, not one who left) of the jury that is
    this event."""
    return (
        is_signed_in(user)
        and JurySeat.objects.filter(
            jury__event_id=event_id,
            role=SeatRole.PANEL,
            left_at__isnull=True,
            application__user_id=user.pk,
        ).exists()
    )


def participant_for(
    viewer: Viewer, event_id: int, *, kind: str | None = None
) -> Participant | None:
    """The viewer as a participant of the event: a signed-in person with a
    confirmed registration, else the guest bound to their session; None for
    someone watching. One query (two for a signed-in guest).

    In a citizen jury's session the room is its panel: the seated jurors take
    part (vote in polls, ask the experts, upvote), whether they registered or
    not, and nobody else does, registered, guest or public. ``kind`` is the
    event's kind if the caller has it (else one query more)."""
    user = viewer.user
    if kind is None:
        kind = (
            EventPage.objects.filter(pk=event_id).values_list("kind", flat=True).first()
        )
    if kind == EventKind.JURY:
        return Participant(user_id=user.pk) if is_seated_juror(user, event_id) else None
    if is_registered(user, event_id):
        return Participant(user_id=user.pk)
    guest = guest_for(viewer, event_id)
    return Participant(guest_id=guest.pk) if guest is not None else None


# --- state as the screens and frames carry it --------------------------------------
def _iso(value) -> str | None:
    return value.isoformat() if value else None


def session_state(session: LiveSession) -> dict:
    item = session.current_item
    return {
        "status": session.status,
        "item": (
            {
                "id": item.pk,
                "title": item.title,
                "speaker": item.speaker,
                "planned_minutes": item.planned_minutes,
            }
            if item is not None
            else None
        ),
        "deadline": _iso(session.item_deadline),
        "server_now": timezone.now().isoformat(),
        "message": session.message,
        "guests_allowed": session.guests_allowed,
    }


def live_session_for(event) -> LiveSession | None:
    return (
        LiveSession.objects.select_related("current_item")
        .filter(event_id=event.pk)
        .first()
    )


def poll_counts(poll_ids) -> dict[int, dict]:
    """``{poll id: {"voters": n, "counts": {option id: n}}}``: two queries for
    any number of polls."""
    result = {pk: {"voters": 0, "counts": {}} for pk in poll_ids}
    voters = (
        Ballot.objects.filter(poll_id__in=poll_ids)
        .values("poll_id")
        .annotate(n=Count("id"))
    )
    for row in voters:
        result[row["poll_id"]]["voters"] = row["n"]
    choices = (
        BallotChoice.objects.filter(ballot__poll_id__in=poll_ids)
        .values("ballot__poll_id", "option_id")
        .annotate(n=Count("id"))
    )
    for row in choices:
        result[row["ballot__poll_id"]]["counts"][str(row["option_id"])] = row["n"]
    return result


def poll_state(poll: Poll, counts: dict | None = None, *, console=False) -> dict:
    """``poll`` with its options prefetched; ``counts`` from ``poll_counts``."""
    counts = counts or {"voters": 0, "counts": {}}
    show = console or poll.revealed
    return {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "status": poll.status,
        "revealed": poll.revealed,
        "options": [{"id": o.pk, "label": o.label} for o in poll.options.all()],
        "voters": counts["voters"],
        "counts": dict(counts["counts"]) if show else None,
    }


def polls_state(event, *, console=False) -> list[dict]:
    """The event's polls as screens show them: all of them on the console,
    the ones past draft for everyone else. Three queries."""
    polls = Poll.objects.filter(event_id=event.pk).prefetch_related("options")
    if not console:
        polls = polls.exclude(status=PollStatus.DRAFT)
    polls = list(polls)
    counts = poll_counts([p.pk for p in polls]) if polls else {}
    return [poll_state(p, counts.get(p.pk), console=console) for p in polls]


def question_state(question: Question) -> dict:
    hidden = question.status == QuestionStatus.HIDDEN
    return {
        "id": question.pk,
        "text": "" if hidden else question.text,
        "status": question.status,
        "pinned": question.pinned,
        "upvotes": question.upvote_count,
        "created_at": question.created_at.isoformat(),
    }


def questions_state(event, *, console=False) -> list[dict]:
    """Questions in the order the room sees them (pinned, most upvoted, oldest
    first). One query. Hidden ones only on the console (with their reason)."""
    questions = Question.objects.filter(event_id=event.pk)
    if not console:
        questions = questions.exclude(status=QuestionStatus.HIDDEN)
    result = []
    for question in questions:
        state = question_state(question)
        if console:
            state["text"] = question.text
            state["hidden_reason"] = question.hidden_reason
        result.append(state)
    return result


def my_choices(participant: Participant | None, event) -> dict:
    """What this participant did already: ``{"ballots": {poll id: [option
    ids]}, "upvoted": [question ids]}``, so their screen marks it."""
    if participant is None:
        return {"ballots": {}, "upvoted": []}
    ballots: dict[str, list[int]] = {}
    rows = BallotChoice.objects.filter(
        ballot__poll__event_id=event.pk,
        **{f"ballot__{k}": v for k, v in participant.fields().items()},
    ).values_list("ballot__poll_id", "option_id")
    for poll_id, option_id in rows:
        ballots.setdefault(str(poll_id), []).append(option_id)
    upvoted = list(
        Question.objects.filter(
            event_id=event.pk,
            **{f"upvotes__{k}": v for k, v in participant.fields().items()},
        ).values_list("pk", flat=True)
    )
    return {"ballots": ballots, "upvoted": upvoted}


def live_state(event, *, console=False) -> dict:
    """Everything a screen shows, read now. Constant queries in polls,
    options, ballots and questions."""
    session = live_session_for(event)
    return {
        "session": (
            session_state(session)
            if session is not None
            else {
                "status": "not_started",
                "item": None,
                "deadline": None,
                "server_now": timezone.now().isoformat(),
                "message": "",
                "guests_allowed": False,
            }
        ),
        "polls": polls_state(event, console=console),
        "questions": questions_state(event, console=console),
    }


def guests_count(event_id: int) -> int:
    return EventGuest.objects.filter(event_id=event_id).count()
