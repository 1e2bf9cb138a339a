"""A citizen jury's recommendations, their amendments, the secret votes on
them and the mayor's response to each.

Ballot secrecy
--------------
The threat model is whoever later reads what the site stored: staff in the
admin, the API, exports and a copy of the database. (An administrator watching
the server live, its memory or the database's write-ahead log as it happens, is
out of scope: no web application hides a vote from the machine counting it.)
So a vote leaves exactly two traces, and neither can be joined to the other:

- ``JuryTally``: one row per recommendation holding the three counters. It has
  no id of its own (its key is the recommendation), no timestamps, no link to
  any person. It is created when the vote opens, not by the first vote, so its
  creation tells nothing. A vote adds 1 to one counter with ``F()`` under the
  recommendation's row lock. The three counters share one row on purpose: with
  a row per option, PostgreSQL's ``xmin`` of the "yes" row would name the
  transaction of the last "yes" voter, whose ``JuryVoteRecord`` carries the
  same ``xmin``; with one row it names only the last voter, whichever option
  they chose. Closing the vote writes the row again, so even that is gone.
- ``JuryVoteRecord``: that a juror has voted on a recommendation, and on which
  day (a ``DateField``: a time of day could be matched with the live counts
  the room saw). Its key is a random UUID, not a sequence: an increasing id
  would tell the order of voting. (The order alone says nothing about options,
  since no history of the tally is kept anywhere: the live stream carries only
  the number of voters while the vote is open, and the result once closed.)

Nothing else is written: the socket action keeps no receipt (``cms.live``
receipts carry a timestamp and the person), the success message does not name
the option, and no log line or stream event does. The tests compare the whole
database after "A yes, B no" with the one after "A no, B yes": they are equal.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models.responses import Decision

from .jury import JuryPanel

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 4000
REASONING_MAX_LENGTH = 8000


def local_today():
    """The day of a vote record, in the site's time zone."""
    return timezone.localdate()


class DraftingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("not put to the vote yet")
    OPEN = "open", _("voting")
    CLOSED = "closed", _("vote closed")


class VoteOption(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    ABSTAIN = "abstain", _("abstain")


class JuryDeliberation(models.Model):
    """Whether jurors may propose and amend recommendations now: the
    facilitators open drafting and close it before the votes."""

    jury = models.OneToOneField(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="deliberation",
    )
    drafting = models.CharField(
        _("drafting"),
        max_length=12,
        choices=DraftingStatus.choices,
        default=DraftingStatus.NOT_STARTED,
    )
    drafting_opened_at = models.DateTimeField(
        _("drafting opened at"), null=True, blank=True
    )
    drafting_closed_at = models.DateTimeField(
        _("drafting closed at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")
        constraints = [
            models.CheckConstraint(
                condition=Q(drafting__in=DraftingStatus.values),
                name="events_jurydeliberation_drafting_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.jury)


class JuryRecommendation(models.Model):
    """A recommendation drafted by jurors and put to the panel's vote. The
    current wording is ``title``/``text``; every wording, the first included,
    is a ``JuryRecommendationVersion``. Once closed, the result is kept as it
    was decided (the threshold and the abstention rule of that day), so a later
    change of the jury's settings cannot turn a rejected recommendation into a
    passed one."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    vote_status = models.CharField(
        _("vote"),
        max_length=10,
        choices=VoteStatus.choices,
        default=VoteStatus.DRAFT,
    )
    vote_opened_at = models.DateTimeField(_("vote opened at"), null=True, blank=True)
    vote_closed_at = models.DateTimeField(_("vote closed at"), null=True, blank=True)
    threshold_percent = models.PositiveSmallIntegerField(
        _("threshold applied (%)"), null=True, blank=True
    )
    abstentions_counted = models.BooleanField(
        _("abstentions counted as votes"), null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["jury", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "number"], name="events_juryrecommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(vote_status__in=VoteStatus.values),
                name="events_juryrecommendation_vote_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(vote_status="closed") | Q(passed__isnull=False),
                name="events_juryrecommendation_closed_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class JuryRecommendationVersion(models.Model):
    """One wording of a recommendation: the proposal (``number`` 1) and each
    amendment, with who wrote it."""

    recommendation = models.ForeignKey(
        JuryRecommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["recommendation", "number"]
        verbose_name = _("wording")
        verbose_name_plural = _("amendment history")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"],
                name="events_juryrecommendationversion_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} v{self.number}"


class JuryTally(models.Model):
    """The only trace of how jurors voted: three counters (see the module
    docstring for why one row, no id and no timestamps)."""

    recommendation = models.OneToOneField(
        JuryRecommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally",
    )
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.yes}/{self.no}/{self.abstain}"


class JuryVoteRecord(models.Model):
    """That ``juror`` voted on ``recommendation`` (not how), and the day. The
    database allows one per juror and recommendation. A deleted account leaves
    the record without a person, so the number of voters still matches the
    tally."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recommendation = models.ForeignKey(
        JuryRecommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="vote_records",
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voted_on = models.DateField(_("voted on"), default=local_today)

    class Meta:
        verbose_name = _("vote record")
        verbose_name_plural = _("vote records")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "juror"],
                name="events_juryvoterecord_once_per_juror",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.juror_id}"


class JuryRecommendationResponse(models.Model):
    """The mayor's answer to a recommendation, entered by an official: the
    decision and its reasoning, shown on the jury's public page."""

    recommendation = models.OneToOneField(
        JuryRecommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasoning = models.TextField(_("reasoning"), max_length=REASONING_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("answered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mayor's response")
        verbose_name_plural = _("mayor's responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="events_juryresponse_decision_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.decision}"
