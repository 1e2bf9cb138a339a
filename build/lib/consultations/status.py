"""Where a consultation stands: its status, kind of act and audience.

Pure rules over dates with no model behind them, so pages, permissions,
selectors and the e-mail notices can all use them without importing each
other.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")
    REPORT = "report", _("Report published")


class SubjectKind(models.TextChoices):
    DRAFT_RESOLUTION = "resolution", _("Draft resolution")
    COOPERATION_PROGRAMME = "programme", _("Cooperation programme")
    STRATEGY = "strategy", _("Strategy")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    RESIDENTS = "residents", _("Residents")
    NGOS = "ngos", _("Non-governmental organisations only")


def status_at(
    *,
    opens_at: datetime,
    closes_at: datetime,
    report_published_at: datetime | None,
    now: datetime,
) -> str:
    """The status at ``now``. Opening and closing instants belong to the later
    state: comments are accepted from ``opens_at`` up to, not including,
    ``closes_at``."""
    if report_published_at is not None and report_published_at <= now:
        return ConsultationStatus.REPORT
    if now < opens_at:
        return ConsultationStatus.PLANNED
    if now < closes_at:
        return ConsultationStatus.OPEN
    return ConsultationStatus.CLOSED


def status_filter(status: str, *, now: datetime) -> Q:
    """The same rule as :func:`status_at`, as a database filter."""
    no_report = Q(report_published_at__isnull=True) | Q(report_published_at__gt=now)
    if status == ConsultationStatus.REPORT:
        return Q(report_published_at__lte=now)
    if status == ConsultationStatus.PLANNED:
        return Q(opens_at__gt=now) & no_report
    if status == ConsultationStatus.OPEN:
        return Q(opens_at__lte=now, closes_at__gt=now) & no_report
    if status == ConsultationStatus.CLOSED:
        return Q(closes_at__lte=now) & no_report
    raise ValueError(f"Unknown status {status!r}")
