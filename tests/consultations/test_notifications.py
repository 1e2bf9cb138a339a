from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.links import absolute_url
from consultations import services
from consultations.models import (
    ConsultationFollow,
    ConsultationNotice,
    ConsultationPage,
)
from consultations.notifications import notices_enqueue_due

from .factories import make_consultation
from .test_services import ACT_TEXT_V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """Runs the notifier; the delivery tasks are enqueued after commit, so the
    callbacks run as a commit would run them (and the immediate backend runs the
    tasks at once). Returns the notices it recorded."""

    def run(*command):
        with django_capture_on_commit_callbacks(execute=True):
            if command:
                return call_command(*command)
            new, _retried = notices_enqueue_due()
            return new

    return run


def follow(page, *users):
    # Written straight to the database: some of these people followed before
    # their account was deactivated, which the service no longer lets them do.
    for user in users:
        ConsultationFollow.objects.get_or_create(user=user, consultation=page)


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def shift(page, **deltas):
    """Move the consultation's dates relative to now."""
    now = timezone.now()
    ConsultationPage.objects.filter(pk=page.pk).update(
        **{field: now + delta for field, delta in deltas.items()}
    )


def test_opening_is_announced_once_to_followers_who_want_it(make_user, notify):
    page = make_consultation(opens_in=timedelta(days=1))
    wants = make_user("chce@example.org", display_name="Ola")
    declined = make_user("nie@example.org", notify_followed=False)
    unverified = make_user("niezweryfikowany@example.org", verified=False)
    deleted = make_user("usuniety@example.org", deleted_at=timezone.now())
    inactive = make_user("nieaktywny@example.org", is_active=False)
    make_user("nie-obserwuje@example.org")
    follow(page, wants, declined, unverified, deleted, inactive)

    assert notify() == []  # not open yet
    shift(page, opens_at=timedelta(minutes=-5))
    sent = notify()
    assert [n.kind for n in sent] == ["opened"]
    assert recipients(mail.outbox) == ["chce@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"Rozpoczęły się konsultacje: {page.title}"
    assert "Ola" in message.body
    assert absolute_url(page) in message.body

    # Running again sends nothing new.
    mail.outbox.clear()
    assert notify() == []
    assert mail.outbox == []
    assert ConsultationNotice.objects.filter(consultation=page).count() == 1


def test_closing_and_report_are_announced_once(resident, notify):
    page = make_consultation()
    follow(page, resident)
    shift(page, opens_at=timedelta(days=-10), closes_at=timedelta(minutes=-1))
    kinds = [n.kind for n in notify()]
    assert kinds == ["closed"]  # it closed before the opening was announced
    ConsultationPage.objects.filter(pk=page.pk).update(
        report_published_at=timezone.now()
    )
    assert [n.kind for n in notify()] == ["report"]
    assert notify() == []
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {resident.email}


def test_old_moments_are_not_announced(resident, notify):
    page = make_consultation()
    follow(page, resident)
    shift(page, opens_at=timedelta(days=-60), closes_at=timedelta(days=-30))
    assert notify() == []
    assert mail.outbox == []


def test_new_version_is_announced_on_publication(
    resident, editor, django_capture_on_commit_callbacks, notify
):
    page = make_consultation(user=editor)
    follow(page, resident)
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="Codzienne podlewanie", user=editor
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=v2, user=editor)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Nowa wersja 2 projektu")
    assert "Codzienne podlewanie" in mail.outbox[0].body
    # The command knows it was sent.
    assert [n.kind for n in notify()] == ["opened"]
    assert len(mail.outbox) == 2


def test_first_version_is_not_news(resident, editor, notify):
    page = make_consultation(publish=False, user=editor)
    follow(page, resident)
    version = page.draft_act.versions.get()
    services.version_publish(version=version, user=editor)
    assert not ConsultationNotice.objects.filter(kind__startswith="version").exists()
    assert [n.kind for n in notify()] == ["opened"]


def test_command_reports_what_it_sent(resident, capsys, notify):
    page = make_consultation()
    follow(page, resident)
    notify("consultations_notify")
    out = capsys.readouterr().out
    assert f"{page.title}: opened" in out
    assert "1 notices queued, 0 retried." in out
    notify("consultations_notify")
    assert "0 notices queued, 0 retried." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_unpublished_consultations_are_not_announced(resident, notify):
    page = make_consultation()
    follow(page, resident)
    page.unpublish()
    assert notify() == []


def test_email_uses_the_verified_address_only(make_user, notify):
    page = make_consultation()
    user = make_user("stary@example.org")
    # The account's e-mail changed to an address not verified yet.
    user.email = "nowy@example.org"
    user.save()
    EmailAddress.objects.create(user=user, email="nowy@example.org", verified=False)
    follow(page, user)
    notify()
    assert mail.outbox == []
