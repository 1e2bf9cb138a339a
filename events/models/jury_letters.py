"""A citizen jury's print run of invitation letters: the background task that
renders every sampled letter (``events.services.jury_letters``), its progress
and the file it leaves in private storage.

One row per jury: printing again replaces the run and its file. The file holds
the addresses and personal codes, so it lives in the ``private`` storage (no
public URL) and reaches only the jury's organisers, through a view that asks
``permissions.can_organise_jury``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jury import JuryPanel

# A run that has not written its progress for this long has lost its worker
# (a restart, a crash): the organiser may start it again.
STALE_AFTER = timedelta(minutes=15)


class LetterRunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("printing")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class JuryLetterRun(models.Model):
    """The letters' print run. ``generation`` grows with every request: a task
    works only for the generation it was given, so a run replaced while it was
    still printing cannot overwrite its successor's progress or file."""

    jury = models.OneToOneField(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="letter_run",
    )
    generation = models.PositiveIntegerField(_("run"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LetterRunStatus.choices,
        default=LetterRunStatus.QUEUED,
    )
    letters_total = models.PositiveIntegerField(_("letters"), default=0)
    letters_done = models.PositiveIntegerField(_("letters printed"), default=0)
    # The name in the "private" storage; empty until a run is done.
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    files_count = models.PositiveIntegerField(_("PDF files"), default=0)
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Touched by every progress write: a run silent for long has lost its worker.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("letters print run")
        verbose_name_plural = _("letters print runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LetterRunStatus.values),
                name="events_juryletterrun_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(letters_done__lte=models.F("letters_total")),
                name="events_juryletterrun_done_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file_name=""),
                name="events_juryletterrun_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jury_id} #{self.generation} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in (LetterRunStatus.QUEUED, LetterRunStatus.RUNNING)

    @property
    def is_stuck(self) -> bool:
        """Queued or printing, but silent for ``STALE_AFTER``."""
        return self.in_progress and self.updated_at < timezone.now() - STALE_AFTER

    @property
    def progress(self) -> float:
        if self.status == LetterRunStatus.DONE:
            return 1.0
        if not self.letters_total:
            return 0.0
        return self.letters_done / self.letters_total
