"""A new time or place, or a cancellation, reaches the people registered: the
calendar revision (SEQUENCE) grows and each confirmed or waiting person gets
one e-mail with the updated .ics; publishing without such a change sends
nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageLogEntry

from events import services
from events.models import EventPage, Registration, RegistrationStatus
from events.tasks import event_change_notice_send

from .registration_factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_user):
    event = make_event("Kawiarenka obywatelska", capacity=2)
    event.save_revision().publish()  # published once more: there is a "before"
    people = [make_user(f"osoba{i}@example.org") for i in range(4)]
    for person in people:
        services.registration_create(event=event, user=person, notify=False)
    services.registration_cancel(
        registration=Registration.objects.get(user=people[3]), user=people[3]
    )
    return EventPage.objects.get(pk=event.pk)


def attached_event(message):
    (name, content, mimetype), *rest = message.attachments
    assert not rest
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    (item,) = Calendar.from_ical(content).events
    return item


def publish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_a_new_time_emails_each_registered_person_the_updated_ics(
    event, django_capture_on_commit_callbacks
):
    assert event.registrations.filter(status=RegistrationStatus.WAITING).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        changed = publish(
            event,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
        )
    assert changed.ical_sequence == event.ical_sequence + 1
    # Two with places and one waiting; the one who cancelled gets nothing.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "osoba0@example.org",
        "osoba1@example.org",
        "osoba2@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Zmiana: Kawiarenka obywatelska"
    assert "zmieniło się miejsce lub czas" in message.body
    item = attached_event(message)
    assert item["SEQUENCE"] == changed.ical_sequence
    assert item.DTSTART == changed.starts_at.replace(microsecond=0)
    assert item["STATUS"] == "CONFIRMED"


def test_a_new_place_also_counts(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        changed = publish(event, place_name="Świetlica w Lipniku")
    assert changed.ical_sequence == event.ical_sequence + 1
    assert len(mail.outbox) == 3
    assert "Świetlica w Lipniku" in mail.outbox[0].body


def test_republishing_without_a_change_sends_nothing(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        same = publish(event)
        retitled = publish(event, title="Kawiarenka o programie")
    assert same.ical_sequence == retitled.ical_sequence == event.ical_sequence
    assert mail.outbox == []


def test_the_first_publication_sends_nothing(
    make_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event()
    assert event.ical_sequence == 0 and mail.outbox == []


def test_publishing_an_older_draft_never_lowers_the_sequence(
    event, editor, django_capture_on_commit_callbacks
):
    draft = EventPage.objects.get(pk=event.pk)
    draft.title = "Szkic sprzed zmian"
    revision = draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            event,
            starts_at=event.starts_at + timedelta(days=1),
            ends_at=event.ends_at + timedelta(days=1),
        )
    bumped = EventPage.objects.get(pk=event.pk).ical_sequence
    revision.publish()
    assert EventPage.objects.get(pk=event.pk).ical_sequence >= bumped


def test_a_superseded_notice_is_not_sent(event):
    registration = event.registrations.filter(status="confirmed").first()
    EventPage.objects.filter(pk=event.pk).update(ical_sequence=5)
    assert not event_change_notice_send.call(
        registration_id=registration.pk, sequence=4, kind="changed"
    )
    assert event_change_notice_send.call(
        registration_id=registration.pk, sequence=5, kind="changed"
    )
    assert len(mail.outbox) == 1


# --- cancelling in the admin -------------------------------------------------------
def cancel_url(event):
    return reverse("events_admin:cancel", args=[event.pk])


def test_editor_sees_the_cancel_action_and_a_confirmation(client, event, editor):
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert cancel_url(event) in edit.content.decode()
    content = client.get(cancel_url(event)).content.decode()
    assert "Odwołać „Kawiarenka obywatelska”" in content
    assert "3 zapisane osoby" in content
    assert EventPage.objects.get(pk=event.pk).cancelled_at is None


def test_cancelling_emails_the_cancelled_ics_and_shows_the_banner(
    client, event, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(event))
    assert response.status_code == 302
    cancelled = EventPage.objects.get(pk=event.pk)
    assert cancelled.is_cancelled
    assert cancelled.ical_sequence == event.ical_sequence + 1
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject == "Odwołane: Kawiarenka obywatelska"
    item = attached_event(message)
    assert item["STATUS"] == "CANCELLED"
    assert item["SEQUENCE"] == cancelled.ical_sequence
    assert PageLogEntry.objects.filter(page=event, action="events.cancel").exists()
    history = client.get(reverse("wagtailadmin_pages:history", args=[event.pk]))
    assert "Wydarzenie odwołane" in history.content.decode()

    # Publishing the page again does not take the cancellation back.
    with django_capture_on_commit_callbacks(execute=True):
        again = publish(cancelled, title="Kawiarenka (odwołana)")
    assert again.is_cancelled and again.ical_sequence == cancelled.ical_sequence
    client.logout()
    content = client.get(again.url).content.decode()
    assert "To wydarzenie zostało odwołane." in content

    # Cancelling twice changes nothing.
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(event))
    assert len(mail.outbox) == 3


def test_only_those_who_may_publish_can_cancel(client, event, resident, facilitator):
    for user in (resident, facilitator):
        client.force_login(user)
        response = client.post(cancel_url(event))
        assert response.status_code in (302, 403)
        assert not EventPage.objects.get(pk=event.pk).is_cancelled
    client.logout()
    assert client.post(cancel_url(event)).status_code == 302  # to the admin login


def test_publishing_a_new_time_in_the_admin_editor_mails_everyone(
    client, event, editor, django_capture_on_commit_callbacks
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(editor)
    starts = timezone.localtime(event.starts_at) + timedelta(days=1)
    ends = timezone.localtime(event.ends_at) + timedelta(days=1)
    data = nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "format": event.format,
            "summary": rich_text(""),
            "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
            "ends_at": ends.strftime("%Y-%m-%d %H:%M"),
            "place_name": event.place_name,
            "address": event.address,
            "capacity": event.capacity,
            "reserved_places": 0,
            "ask_accessibility": "on",
            "minutes": rich_text(""),
            "agenda_items": inline_formset([]),
            "facilitators": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    changed = EventPage.objects.get(pk=event.pk)
    assert changed.starts_at == starts.replace(second=0, microsecond=0)
    assert changed.ical_sequence == event.ical_sequence + 1
    assert len(mail.outbox) == 3
    assert attached_event(mail.outbox[0])["SEQUENCE"] == changed.ical_sequence

    # The same form again: nothing changed, nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert EventPage.objects.get(pk=event.pk).ical_sequence == changed.ical_sequence
    assert len(mail.outbox) == 3


# --- more places on publishing ----------------------------------------------------
@pytest.fixture
def full_event(make_user):
    """Two places taken, three people waiting (in the order 2, 3, 4)."""
    event = make_event("Śniadanie obywatelskie", capacity=2)
    event.save_revision().publish()
    for i in range(5):
        services.registration_create(
            event=event, user=make_user(f"czeka{i}@example.org"), notify=False
        )
    return EventPage.objects.get(pk=event.pk)


def statuses(event):
    return dict(
        Registration.objects.filter(event=event).values_list("user__email", "status")
    )


def test_a_larger_capacity_promotes_the_waiting_list_at_once_in_order(
    full_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, capacity=4)
    # Exactly the two new places, to the first two who waited, with e-mails.
    assert statuses(full_event) == {
        "czeka0@example.org": RegistrationStatus.CONFIRMED,
        "czeka1@example.org": RegistrationStatus.CONFIRMED,
        "czeka2@example.org": RegistrationStatus.CONFIRMED,
        "czeka3@example.org": RegistrationStatus.CONFIRMED,
        "czeka4@example.org": RegistrationStatus.WAITING,
    }
    places = dict(
        Registration.objects.filter(event=full_event).values_list(
            "user__email", "place"
        )
    )
    assert (places["czeka2@example.org"], places["czeka3@example.org"]) == (3, 4)
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("czeka2@example.org", "Miejsce jest Twoje: Śniadanie obywatelskie"),
        ("czeka3@example.org", "Miejsce jest Twoje: Śniadanie obywatelskie"),
    ]


def test_fewer_reserved_places_also_free_places_for_the_waiting(
    full_event, django_capture_on_commit_callbacks
):
    EventPage.objects.filter(pk=full_event.pk).update(capacity=3, reserved_places=1)
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, reserved_places=0)
    assert statuses(full_event)["czeka2@example.org"] == RegistrationStatus.CONFIRMED
    assert statuses(full_event)["czeka3@example.org"] == RegistrationStatus.WAITING
    assert [m.to[0] for m in mail.outbox] == ["czeka2@example.org"]


def test_publishing_without_new_places_promotes_nobody(
    full_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, summary="Zapraszamy na kawę.")
    assert list(statuses(full_event).values()).count(RegistrationStatus.WAITING) == 3
    assert mail.outbox == []


def test_a_cancelled_event_promotes_nobody_when_published_larger(
    full_event, django_capture_on_commit_callbacks
):
    EventPage.objects.filter(pk=full_event.pk).update(cancelled_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, capacity=10)
    assert list(statuses(full_event).values()).count(RegistrationStatus.WAITING) == 3
