"""The live session of an event: its state, polls and questions.

The database is the truth: every screen renders these rows and then follows the
event's stream (``EventPage.live_stream()``), whose frames carry the same state.

A participant is either a signed-in user with a confirmed registration or a
guest: a row bound to one browser session, made when someone enters the join
code while the facilitator lets guests in. Ballots and upvotes name exactly one
of the two, and the database allows one per participant (partial unique
constraints per kind), so no race and no replayed request counts twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventAgendaItem, EventPage


class SessionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


class LiveSession(models.Model):
    """One per event, made when a facilitator first opens the console."""

    event = models.OneToOneField(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="live_session",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.NOT_STARTED,
    )
    current_item = models.ForeignKey(
        EventAgendaItem,
        verbose_name=_("current agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The countdown: screens get the deadline and the server's clock, and
    # count down themselves (no ticks on the socket).
    item_deadline = models.DateTimeField(_("item deadline"), null=True, blank=True)
    message = models.CharField(_("message to all"), max_length=280, blank=True)
    guests_allowed = models.BooleanField(_("guests may join"), default=False)
    join_code = models.CharField(_("join code"), max_length=8, unique=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values),
                name="events_live_session_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status}"


class EventGuest(models.Model):
    """Someone who joined with the room's code, bound to their browser session
    (the key is stored hashed: it is a credential)."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="live_guests"
    )
    session_hash = models.CharField(max_length=64)
    # A signed-in person without a registration joins as a guest too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "session_hash"], name="events_guest_one_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"guest {self.pk} of {self.event_id}"


class PollKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Poll(models.Model):
    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="polls",
    )
    question = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    revealed = models.BooleanField(_("results shown"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PollStatus.values),
                name="events_poll_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PollKind.values), name="events_poll_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


def _one_participant():
    # Exactly one of user and guest.
    return models.CheckConstraint(
        condition=(Q(user__isnull=False, guest__isnull=True))
        | (Q(user__isnull=True, guest__isnull=False)),
        name="%(app_label)s_%(class)s_one_participant",
    )


def _participant_fields(guest_related_name: str):
    """A ballot's or an upvote's participant: a registered user or a guest
    (exactly one, ``_once_per_participant``), deleted with either."""
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    guest = models.ForeignKey(
        EventGuest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name=guest_related_name,
    )
    return user, guest


def _once_per_participant(target: str, prefix: str) -> list:
    """One row per participant and ``target`` (the database's one-vote and
    one-upvote rule), and exactly one participant per row."""
    return [
        _one_participant(),
        models.UniqueConstraint(
            fields=[target, "user"],
            condition=Q(user__isnull=False),
            name=f"{prefix}_one_per_user",
        ),
        models.UniqueConstraint(
            fields=[target, "guest"],
            condition=Q(guest__isnull=False),
            name=f"{prefix}_one_per_guest",
        ),
    ]


class Ballot(models.Model):
    """One participant's vote in a poll; the options are ``BallotChoice`` rows."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user, guest = _participant_fields("ballots")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = _once_per_participant("poll", "events_ballot")

    def __str__(self) -> str:
        return f"ballot {self.pk} in {self.poll_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="choices"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "option"], name="events_choice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id} → {self.option_id}"


class QuestionStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden")
    ANSWERED = "answered", _("answered")


class Question(models.Model):
    """A short question from the room: plain text (bleach strips any markup),
    shown without its author's name."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="live_questions"
    )
    text = models.CharField(_("question"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    guest = models.ForeignKey(
        EventGuest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.VISIBLE,
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    # Kept beside the upvote rows so listing and ordering read no aggregate.
    upvote_count = models.PositiveIntegerField(default=0)
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-upvote_count", "created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values),
                name="events_question_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]


class QuestionUpvote(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="upvotes"
    )
    user, guest = _participant_fields("upvotes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = _once_per_participant("question", "events_upvote")

    def __str__(self) -> str:
        return f"upvote of {self.question_id}"
