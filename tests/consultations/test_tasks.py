"""The followers' e-mails leave from a background task, not from the request."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from consultations import services
from consultations.models import ConsultationNotice
from consultations.notifications import RETRY_AFTER, notices_enqueue_due
from consultations.tasks import notice_deliver
from tests.mailbackends import MailServer

from .factories import make_consultation
from .test_services import ACT_TEXT_V2

DELIVER = "consultations.tasks.notice_deliver"


def followers(page, make_user, count):
    users = [
        make_user(f"obserwator{n}@example.org", display_name=f"Obserwator {n}")
        for n in range(count)
    ]
    for user in users:
        services.consultation_follow(user=user, consultation=page)
    return users


def new_version(page, editor):
    return services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="Codzienne podlewanie", user=editor
    )


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.MailServer"
    yield MailServer
    MailServer.limit = None
    MailServer.refused = frozenset()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_a_version_queues_the_mails_and_the_worker_sends_them(
    editor, make_user, task_queue
):
    page = make_consultation(user=editor)
    users = followers(page, make_user, 3)
    version = new_version(page, editor)

    services.version_publish(version=version, user=editor)

    # The request is done: one task waits, nobody has been mailed yet.
    assert mail.outbox == []
    [queued] = task_queue.results(DELIVER)
    assert queued.status == "READY"
    notice = ConsultationNotice.objects.get(consultation=page)
    assert queued.args_kwargs == {"args": [], "kwargs": {"notice_id": notice.pk}}
    assert notice.kind == "version-2"
    assert (notice.recipients, notice.delivered_at) == (0, None)

    task_queue.run()

    assert addresses(mail.outbox) == sorted(user.email for user in users)
    assert all(m.subject.startswith("Nowa wersja 2 projektu") for m in mail.outbox)
    [done] = task_queue.results(DELIVER)
    assert done.status == "SUCCESSFUL"
    assert done.return_value == 3
    notice.refresh_from_db()
    assert notice.recipients == 3
    assert notice.delivered_at is not None


@pytest.mark.django_db
def test_publication_rolled_back_enqueues_nothing(
    editor, make_user, django_capture_on_commit_callbacks
):
    page = make_consultation(user=editor)
    followers(page, make_user, 2)
    version = new_version(page, editor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.version_publish(version=version, user=editor)
            raise RuntimeError("boom")

    assert callbacks == []
    assert mail.outbox == []
    assert not ConsultationNotice.objects.exists()


@pytest.mark.django_db
def test_the_task_records_how_many_followers_it_mailed_and_runs_once(
    editor, make_user, django_capture_on_commit_callbacks
):
    page = make_consultation(user=editor)
    followers(page, make_user, 4)
    declined = make_user("nie@example.org", notify_followed=False)
    services.consultation_follow(user=declined, consultation=page)

    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=new_version(page, editor), user=editor)

    notice = ConsultationNotice.objects.get(consultation=page)
    assert notice.recipients == 4
    assert len(mail.outbox) == 4
    # A second run of the same task (enqueued twice) mails no one again.
    assert notice_deliver.enqueue(notice_id=notice.pk).return_value == 0
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_mail_server_failure_keeps_the_notice_and_the_retry_mails_the_rest(
    editor, make_user, mail_server, caplog, django_capture_on_commit_callbacks
):
    # Opened long ago: its opening is not news, only the new version is.
    page = make_consultation(user=editor, opens_in=timedelta(days=-30))
    users = followers(page, make_user, 3)
    mail_server.limit = 1

    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=new_version(page, editor), user=editor)

    # The publication stands; one e-mail left before the server went away.
    notice = ConsultationNotice.objects.get(consultation=page)
    assert addresses(mail.outbox) == [users[0].email]
    assert notice.recipients == 1
    assert notice.delivered_through == users[0].pk
    assert notice.delivered_at is None
    assert "the mail server failed after 1 of 3 e-mails" in caplog.text

    # Too early to retry: the task may simply be waiting for the worker.
    mail_server.limit = None
    assert notices_enqueue_due() == ([], [])

    later = timezone.now() + RETRY_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        new, retried = notices_enqueue_due(now=later)
    assert retried == [notice]
    # Everyone once, nobody twice.
    assert addresses(mail.outbox) == sorted(user.email for user in users)
    notice.refresh_from_db()
    assert notice.recipients == 3
    assert notice.delivered_at is not None
    assert notices_enqueue_due(now=later)[1] == []


@pytest.mark.django_db
def test_a_refused_address_is_logged_and_skipped(
    editor, make_user, mail_server, caplog, django_capture_on_commit_callbacks
):
    page = make_consultation(user=editor)
    users = followers(page, make_user, 3)
    mail_server.refused = frozenset({users[1].email})

    with (
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.version_publish(version=new_version(page, editor), user=editor)

    assert addresses(mail.outbox) == [users[0].email, users[2].email]
    notice = ConsultationNotice.objects.get(consultation=page)
    assert notice.recipients == 2
    assert notice.delivered_at is not None
    assert f"refused user {users[1].pk}" in caplog.text
