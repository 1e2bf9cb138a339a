"""The citizen café (kawiarenka obywatelska): tables with a topic and a host,
rounds with a timer, who sits where in each round, the ideas each table
records and the dots participants give them.

A café is an ``EventPage`` of kind ``cafe``; these rows point at it, so the
page type stays one for every kind of event. Participants are the event's
confirmed registrations. Writes go through ``events.services.cafe``; the
database holds the rules a race could break: one seat per person per round,
one dot per person per idea, one running round per café, table and round
numbers unique per café.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventPage

TOPIC_MAX_LENGTH = 200
IDEA_MAX_LENGTH = 500
HIDE_REASON_MAX_LENGTH = 300


class CafeTable(models.Model):
    """One table: its topic, its host (who stays while participants rotate and
    records the key ideas) and how many participants it seats."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="cafe_tables",
    )
    number = models.PositiveSmallIntegerField(_("table number"))
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX_LENGTH)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_cafe_tables",
    )
    size = models.PositiveSmallIntegerField(_("places at the table"), default=6)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("café table")
        verbose_name_plural = _("café tables")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="events_cafetable_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="events_cafetable_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(size__gte=2), name="events_cafetable_size_at_least_two"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class CafeRoundStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")


class CafeRound(models.Model):
    """One round of conversation. Starting it seats everyone (rotation) and
    sets its deadline; screens count down to the deadline with the server's
    clock, so they agree whatever their own clocks say."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="cafe_rounds",
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=20
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CafeRoundStatus.choices,
        default=CafeRoundStatus.PLANNED,
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    deadline = models.DateTimeField(_("ends at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("café round")
        verbose_name_plural = _("café rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="events_caferound_number_unique"
            ),
            # Two facilitators pressing "start" at once cannot run two rounds.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status="running"),
                name="events_caferound_one_running",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CafeRoundStatus.values),
                name="events_caferound_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=240),
                name="events_caferound_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(status="planned")
                | Q(started_at__isnull=False, deadline__isnull=False),
                name="events_caferound_started_has_times",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} round {self.number}"


class CafeSeat(models.Model):
    """Where one participant sits in one round."""

    round = models.ForeignKey(
        CafeRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    table = models.ForeignKey(
        CafeTable,
        verbose_name=_("table"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="cafe_seats",
    )

    class Meta:
        verbose_name = _("café seat")
        verbose_name_plural = _("café seats")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], name="events_cafeseat_one_per_round"
            )
        ]
        indexes = [models.Index(fields=["round", "table"])]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.table_id} ({self.round_id})"


class CafeIdeaStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden")


class CafeIdea(models.Model):
    """A key idea of a table's conversation, recorded by its host, a
    participant at it or a facilitator. ``text`` is plain text (bleach strips
    any markup), shown escaped. ``harvested_comment`` is the comment it became
    on the linked consultation.

    A facilitator, or the table's host, may hide an idea with a reason (the
    moderation log keeps who and why): it leaves every screen, its dots stop
    counting and it cannot be harvested. Its author deletes it outright."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="cafe_ideas",
    )
    table = models.ForeignKey(
        CafeTable,
        verbose_name=_("table"),
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    round = models.ForeignKey(
        CafeRound,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    text = models.TextField(_("idea"), max_length=IDEA_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cafe_ideas",
    )
    by_host = models.BooleanField(_("recorded by the host"), default=False)
    # Kept by services.cafe_dot_toggle, so the wall sorts without counting.
    dot_count = models.PositiveIntegerField(_("dots"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    harvested_comment = models.ForeignKey(
        "participation.Comment",
        verbose_name=_("sent to the consultation as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    harvested_at = models.DateTimeField(_("harvested at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CafeIdeaStatus.choices,
        default=CafeIdeaStatus.VISIBLE,
    )
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=HIDE_REASON_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("café idea")
        verbose_name_plural = _("café ideas")
        indexes = [models.Index(fields=["event", "table"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CafeIdeaStatus.values),
                name="events_cafeidea_status_valid",
            ),
            # What went to the consultation stays visible: hiding it here
            # would not take the comment back.
            models.CheckConstraint(
                condition=Q(status="visible") | Q(harvested_comment__isnull=True),
                name="events_cafeidea_harvested_visible",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CafeDot(models.Model):
    """One participant's dot on an idea. ``round`` is the round in which it
    was given: each participant has ``settings.CAFE_DOTS_PER_ROUND`` per round."""

    idea = models.ForeignKey(
        CafeIdea,
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="dots",
    )
    round = models.ForeignKey(
        CafeRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="dots",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="cafe_dots",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"], name="events_cafedot_one_per_idea"
            )
        ]
        indexes = [models.Index(fields=["round", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.idea_id}"
