"""E-mails to the followers of a consultation.

Each notice (opened, closed, new version N, report) is sent at most once per
consultation: ``notice_send`` writes a ``ConsultationNotice`` row in the same
transaction as the decision to send and, after commit, enqueues
``consultations.tasks.notice_deliver``, which renders one e-mail per follower in
the worker and sends them over one connection. Opening and closing are moments in
time, not writes, so ``manage.py consultations_notify`` (run every few minutes from
cron or a systemd timer) finds what is due and enqueues it.

Delivery is resumable: the task records, follower by follower (in id order), whom
it has mailed. An address the server refuses is logged and skipped. A server that
fails outright fails the task (logged with its traceback) and leaves the notice
undelivered; the next ``consultations_notify`` run after ``RETRY_AFTER`` enqueues
it again, and the delivery carries on after the last follower mailed, for as long
as the notice is within ``NOTICE_GRACE``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cms.tasks import enqueue_on_commit

from .models import ConsultationNotice, ConsultationPage, DraftActVersion, NoticeKind
from .tasks import notice_deliver

logger = logging.getLogger(__name__)


# Moments older than this are not announced any more: deploying the command, or
# creating a consultation whose dates already passed, must not flood followers.
# Undelivered notices are retried for as long, too.
NOTICE_GRACE = timedelta(days=7)
# A notice still undelivered this long after it was recorded is enqueued again:
# its task failed (mail server down) or never ran (worker stopped).
RETRY_AFTER = timedelta(minutes=15)


@transaction.atomic
def notice_send(
    *,
    consultation: ConsultationPage,
    kind: str,
    version: DraftActVersion | None = None,
) -> ConsultationNotice | None:
    """Record notice ``kind`` and, after commit, enqueue its delivery to the
    followers. Returns None (and enqueues nothing) if it was already recorded."""
    notice, created = ConsultationNotice.objects.get_or_create(
        consultation=consultation, kind=kind, defaults={"version": version}
    )
    if not created:
        return None
    enqueue_on_commit(notice_deliver, notice_id=notice.pk)
    return notice


def notices_due(*, now: datetime) -> list[tuple[ConsultationPage, str, object]]:
    """(consultation, kind, version) for every notice that should go out now."""
    since = now - NOTICE_GRACE
    pages = ConsultationPage.objects.live().public()
    sent = set(ConsultationNotice.objects.values_list("consultation_id", "kind"))
    due: list[tuple[ConsultationPage, str, object]] = []

    def add(page, kind, version=None):
        if (page.pk, kind) not in sent:
            due.append((page, kind, version))

    for page in pages.filter(opens_at__lte=now, opens_at__gte=since, closes_at__gt=now):
        add(page, NoticeKind.OPENED)
    for page in pages.filter(closes_at__lte=now, closes_at__gte=since):
        add(page, NoticeKind.CLOSED)
    for page in pages.filter(
        report_published_at__lte=now, report_published_at__gte=since
    ):
        add(page, NoticeKind.REPORT)
    versions = (
        DraftActVersion.objects.filter(
            published=True,
            published_at__gte=since,
            act__consultation__in=pages,
        )
        .select_related("act__consultation")
        .order_by("act", "number")
    )
    for version in versions:
        # Version 1 is the text the consultation opens with, not news.
        earlier = version.act.versions.filter(
            published=True, number__lt=version.number
        ).exists()
        if earlier:
            add(version.act.consultation, NoticeKind.version(version.number), version)
    return due


def notices_undelivered(*, now: datetime) -> list[ConsultationNotice]:
    """Notices recorded more than ``RETRY_AFTER`` ago and still not delivered."""
    return list(
        ConsultationNotice.objects.filter(
            delivered_at__isnull=True,
            sent_at__lte=now - RETRY_AFTER,
            sent_at__gte=now - NOTICE_GRACE,
        )
        .select_related("consultation")
        .order_by("pk")
    )


def notices_enqueue_due(
    *, now: datetime | None = None
) -> tuple[list[ConsultationNotice], list[ConsultationNotice]]:
    """Record and enqueue every notice that is due, and enqueue again the ones
    whose delivery failed. Returns (new, retried); safe to run as often as you
    like: a notice is recorded once, and delivering it twice mails no one twice."""
    now = now or timezone.now()
    retried = notices_undelivered(now=now)
    for notice in retried:
        enqueue_on_commit(notice_deliver, notice_id=notice.pk)
    new = []
    for consultation, kind, version in notices_due(now=now):
        notice = notice_send(consultation=consultation, kind=kind, version=version)
        if notice is not None:
            new.append(notice)
    return new, retried
