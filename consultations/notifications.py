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
import smtplib
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.links import absolute_url
from cms.tasks import enqueue_on_commit

from .models import ConsultationNotice, ConsultationPage, DraftActVersion, NoticeKind

logger = logging.getLogger(__name__)

EMAIL_LANGUAGE = "pl"

# Moments older than this are not announced any more: deploying the command, or
# creating a consultation whose dates already passed, must not flood followers.
# Undelivered notices are retried for as long, too.
NOTICE_GRACE = timedelta(days=7)
# A notice still undelivered this long after it was recorded is enqueued again:
# its task failed (mail server down) or never ran (worker stopped).
RETRY_AFTER = timedelta(minutes=15)


def _message(notice: ConsultationNotice, user, url: str) -> EmailMessage:
    context = {
        "user": user,
        "consultation": notice.consultation,
        "kind": notice.kind.split("-")[0],
        "version": notice.version,
        "url": url,
    }
    subject = render_to_string("consultations/emails/notice_subject.txt", context)
    body = render_to_string("consultations/emails/notice_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


def notice_deliver_now(*, notice: ConsultationNotice) -> int:
    """Mail ``notice`` to the followers not mailed yet and mark it delivered.
    Returns how many e-mails this run sent. Runs in the worker (``notice_deliver``)."""
    from .selectors import followers_to_notify

    done = notice.delivered_through or 0
    followers = [
        user
        for user in followers_to_notify(consultation=notice.consultation)
        if user.pk > done
    ]
    url = absolute_url(notice.consultation)
    notices = ConsultationNotice.objects.filter(pk=notice.pk)
    sent = 0
    # One connection for the whole fan-out, not one per e-mail.
    connection = get_connection()
    try:
        connection.open()
        with translation.override(EMAIL_LANGUAGE):
            for user in followers:
                message = _message(notice, user, url)
                mailed = 1
                try:
                    connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused:
                    # One bad address must not hold up everyone after it.
                    logger.warning(
                        "Notice %s: the mail server refused user %s", notice.pk, user.pk
                    )
                    mailed = 0
                sent += mailed
                notices.update(
                    delivered_through=user.pk, recipients=F("recipients") + mailed
                )
    except Exception:
        logger.exception(
            "Notice %s (%s): the mail server failed after %d of %d e-mails; "
            "consultations_notify will retry the rest",
            notice.pk,
            notice.kind,
            sent,
            len(followers),
        )
        raise
    finally:
        connection.close()
    notices.update(delivered_at=timezone.now())
    notice.refresh_from_db()
    return sent


@transaction.atomic
def notice_send(
    *,
    consultation: ConsultationPage,
    kind: str,
    version: DraftActVersion | None = None,
) -> ConsultationNotice | None:
    """Record notice ``kind`` and, after commit, enqueue its delivery to the
    followers. Returns None (and enqueues nothing) if it was already recorded."""
    # consultations.tasks imports this module.
    from .tasks import notice_deliver

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
    from .tasks import notice_deliver

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
