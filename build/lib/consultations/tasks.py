"""Background tasks of consultations: delivering follower notices (recorded by
``notifications.notice_send``) from the worker."""

import logging
import smtplib

from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from cms.links import absolute_url

from .models import ConsultationNotice
from .selectors import followers_to_notify

logger = logging.getLogger(__name__)

EMAIL_LANGUAGE = "pl"


@task()
def notice_deliver(*, notice_id: int) -> int:
    """E-mail notice ``notice_id`` to the consultation's followers; returns how many
    e-mails this run sent (0 if the notice is gone or was delivered already, so a
    task enqueued twice mails no one twice)."""
    notice = (
        ConsultationNotice.objects.select_related("consultation", "version")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.delivered_at is not None:
        return 0
    return notice_deliver_now(notice=notice)


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
