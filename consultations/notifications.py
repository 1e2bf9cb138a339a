"""E-mails to the followers of a consultation.

Each notice (opened, closed, new version N, report) is sent at most once per
consultation: a ``ConsultationNotice`` row is written in the same transaction
as the decision to send, and the e-mails go out after commit. Opening and
closing are moments in time, not writes, so ``manage.py consultations_notify``
(run every few minutes from cron or a systemd timer) finds what is due.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.links import absolute_url

from .models import ConsultationNotice, ConsultationPage, DraftActVersion, NoticeKind
from .selectors import followers_to_notify

logger = logging.getLogger(__name__)

# Moments older than this are not announced any more: deploying the command, or
# creating a consultation whose dates already passed, must not flood followers.
NOTICE_GRACE = timedelta(days=7)


def _messages(
    consultation: ConsultationPage, kind: str, version: DraftActVersion | None
) -> list[EmailMessage]:
    url = absolute_url(consultation)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in followers_to_notify(consultation=consultation):
            context = {
                "user": user,
                "consultation": consultation,
                "kind": kind.split("-")[0],
                "version": version,
                "url": url,
            }
            subject = render_to_string(
                "consultations/emails/notice_subject.txt", context
            )
            body = render_to_string("consultations/emails/notice_body.txt", context)
            messages.append(
                EmailMessage(
                    subject=" ".join(subject.split()),
                    body=body,
                    to=[user.email],
                )
            )
    return messages


def _deliver(messages: list[EmailMessage]) -> None:
    if not messages:
        return
    try:
        get_connection().send_messages(messages)
    except Exception:  # the notice stays recorded; a mail outage is logged
        logger.exception("Could not send %d consultation notices", len(messages))


@transaction.atomic
def notice_send(
    *,
    consultation: ConsultationPage,
    kind: str,
    version: DraftActVersion | None = None,
) -> ConsultationNotice | None:
    """Record notice ``kind`` and e-mail the followers after commit. Returns
    None (and sends nothing) if this notice was already sent."""
    notice, created = ConsultationNotice.objects.get_or_create(
        consultation=consultation, kind=kind, defaults={"version": version}
    )
    if not created:
        return None
    messages = _messages(consultation, kind, version)
    notice.recipients = len(messages)
    notice.save(update_fields=["recipients"])
    transaction.on_commit(lambda: _deliver(messages))
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


def notices_send_due(*, now: datetime | None = None) -> list[ConsultationNotice]:
    """Send every notice that is due; safe to run as often as you like."""
    now = now or timezone.now()
    sent = []
    for consultation, kind, version in notices_due(now=now):
        notice = notice_send(consultation=consultation, kind=kind, version=version)
        if notice is not None:
            sent.append(notice)
    return sent
