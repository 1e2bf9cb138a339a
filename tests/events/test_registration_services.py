"""Registration services: places, the waiting list and its promotion, the
refusals, the NGO rule, rate limits, check-in, erasure of answers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.accounts.services import user_delete
from events import services
from events.models import Registration, RegistrationStatus
from events.selectors import my_events, waiting_position
from participation.models import Organisation

from .registration_factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return [make_user(f"p{i}@example.org", display_name=f"Osoba {i}") for i in range(6)]


def register(event, user, **kw):
    return services.registration_create(event=event, user=user, **kw)


def test_places_go_lowest_first_then_the_waiting_list(people):
    event = make_event(capacity=3)
    regs = [register(event, p) for p in people[:5]]
    assert [r.status for r in regs] == ["confirmed"] * 3 + ["waiting"] * 2
    assert [r.place for r in regs] == [1, 2, 3, None, None]
    assert [waiting_position(r) for r in regs[3:]] == [1, 2]


def test_reserved_places_are_not_offered(people):
    event = make_event(capacity=3, reserved_places=1)
    regs = [register(event, p) for p in people[:3]]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting"]


def test_cancel_promotes_the_first_waiting_person_into_the_freed_place(
    people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=2)
    first, second, waiting1, waiting2 = (register(event, p) for p in people[:4])

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, user=people[0])

    waiting1.refresh_from_db()
    waiting2.refresh_from_db()
    first.refresh_from_db()
    assert first.status == "cancelled" and first.place is None
    assert waiting1.status == "confirmed" and waiting1.place == 1
    assert waiting1.promoted_at is not None
    assert waiting2.status == "waiting" and waiting_position(waiting2) == 1
    [message] = mail.outbox
    assert message.to == ["p2@example.org"]
    assert message.subject == f"Miejsce jest Twoje: {event.title}"
    assert waiting1.code[:4] in message.body


def test_confirmation_email_carries_the_code_and_its_qr_code(
    people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, people[0])
    [message] = mail.outbox
    assert message.to == ["p0@example.org"]
    assert f"{registration.code[:4]}-{registration.code[4:]}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<svg" in html
    [(filename, content, kind)] = message.attachments
    assert kind == "image/png" and content.startswith(b"\x89PNG")


def test_waiting_list_email_says_the_position_and_has_no_qr_code(
    people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(event, people[0])
    with django_capture_on_commit_callbacks(execute=True):
        register(event, people[1])
    [message] = mail.outbox
    assert "1" in message.body and "rezerwow" in message.body.lower()
    assert message.attachments == []


def test_cancelling_a_waiting_place_promotes_nobody(people):
    event = make_event(capacity=1)
    register(event, people[0])
    waiting = register(event, people[1])
    third = register(event, people[2])
    services.registration_cancel(registration=waiting, user=people[1])
    third.refresh_from_db()
    assert third.status == "waiting" and waiting_position(third) == 1


def test_a_raised_capacity_serves_the_queue_before_newcomers(people):
    event = make_event(capacity=1)
    register(event, people[0])
    waiting = register(event, people[1])
    event.capacity = 2
    event.save()
    newcomer = register(event, people[2])
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.place == 2
    assert newcomer.status == "waiting"


def test_double_registration_is_refused(people):
    event = make_event()
    register(event, people[0])
    with pytest.raises(ValidationError) as error:
        register(event, people[0])
    assert "Masz już zapis" in error.value.messages[0]
    assert Registration.objects.filter(event=event).count() == 1


def test_the_database_refuses_a_second_live_registration(people):
    event = make_event()
    first = register(event, people[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=people[0], code="ZZZZ2222", status="waiting"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=people[1], code="ZZZZ3333", place=first.place
        )


def test_registering_again_after_cancelling_is_allowed(people):
    event = make_event()
    first = register(event, people[0])
    services.registration_cancel(registration=first, user=people[0])
    again = register(event, people[0])
    assert again.status == "confirmed" and again.code != first.code


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"capacity": 0}, "nie przyjmuje zapisów"),
        ({"cancelled_at": timezone.now()}, "odwołane"),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=1)},
            "jeszcze nie",
        ),
        (
            {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
            "zamknięte",
        ),
        ({"starts_in": timedelta(hours=-1)}, "zamknięte"),
    ],
)
def test_registration_refused_outside_what_the_event_allows(people, fields, reason):
    event = make_event(**fields)
    with pytest.raises(PermissionDenied) as error:
        register(event, people[0])
    assert reason in str(error.value).lower()
    assert not Registration.objects.exists()


def test_unpublished_event_does_not_exist_for_registration(people):
    event = make_event()
    event.unpublish()
    with pytest.raises(PermissionDenied):
        register(event, people[0])


def test_unverified_address_cannot_register(unverified):
    with pytest.raises(PermissionDenied) as error:
        register(make_event(), unverified)
    assert "e-mail" in str(error.value)


def test_only_the_events_questions_are_stored(people):
    event = make_event(ask_accessibility=True, ask_childcare=False, ask_dietary=True)
    registration = register(
        event,
        people[0],
        answers={
            "accessibility_needs": "Podjazd dla wózka",
            "childcare": "Dwoje dzieci",
            "dietary_needs": "Wegetariańska",
        },
    )
    assert registration.accessibility_needs == "Podjazd dla wózka"
    assert registration.childcare == ""
    assert registration.dietary_needs == "Wegetariańska"


def test_ngo_representative_registers_on_behalf_of_their_organisation(
    ngo, organisation, resident
):
    event = make_event()
    registration = register(event, ngo, on_behalf_of=organisation)
    assert registration.on_behalf_of == organisation
    with pytest.raises(ValidationError) as error:
        register(event, resident, on_behalf_of=organisation)
    assert "on_behalf_of" in error.value.message_dict


def test_unverified_organisation_is_refused(ngo):
    other = Organisation.objects.create(name="Inna", slug="inna", verified=False)
    with pytest.raises(ValidationError):
        register(make_event(), ngo, on_behalf_of=other)


def test_registrations_are_rate_limited(people, write_limit):
    write_limit("registration", 2)
    events = [make_event(f"E{i}") for i in range(3)]
    register(events[0], people[0])
    register(events[1], people[0])
    with pytest.raises(ValidationError) as error:
        register(events[2], people[0])
    assert error.value.code == "rate_limited"
    assert Registration.objects.filter(user=people[0]).count() == 2


def test_someone_else_cannot_cancel_a_registration(people, facilitator):
    event = make_event(facilitators=[facilitator])
    registration = register(event, people[0])
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, user=people[1])
    services.registration_cancel(registration=registration, user=facilitator)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_check_in_by_code_and_from_the_list(people, facilitator):
    event = make_event(facilitators=[facilitator])
    a, b = register(event, people[0]), register(event, people[1])
    code = f" {a.code[:4].lower()}-{a.code[4:]} "
    checked = services.registration_check_in(event=event, user=facilitator, code=code)
    assert checked.pk == a.pk and checked.checked_in_by == facilitator
    first_time = checked.checked_in_at
    again = services.registration_check_in(event=event, user=facilitator, code=a.code)
    assert again.checked_in_at == first_time
    services.registration_check_in(event=event, user=facilitator, registration=b)
    b.refresh_from_db()
    assert b.checked_in_at is not None
    services.registration_check_in_undo(event=event, user=facilitator, registration=b)
    b.refresh_from_db()
    assert b.checked_in_at is None


def test_check_in_refuses_other_events_codes_waiting_people_and_participants(
    people, facilitator
):
    event = make_event(capacity=1, facilitators=[facilitator])
    other = make_event("Inne", facilitators=[facilitator])
    register(event, people[0])
    waiting = register(event, people[1])
    elsewhere = register(other, people[2])
    with pytest.raises(ValidationError, match="nie ma tego kodu|Żadne"):
        services.registration_check_in(
            event=event, user=facilitator, code=elsewhere.code
        )
    with pytest.raises(ValidationError, match="rezerwow"):
        services.registration_check_in(event=event, user=facilitator, code=waiting.code)
    with pytest.raises(PermissionDenied):
        services.registration_check_in(event=event, user=people[0], code=waiting.code)


def test_facilitator_of_another_event_cannot_check_in(people, facilitator, make_user):
    event = make_event(facilitators=[facilitator])
    stranger = make_user(
        "other-facilitator@example.org", groups=[facilitator.groups.first().name]
    )
    registration = register(event, people[0])
    with pytest.raises(PermissionDenied):
        services.registration_check_in(
            event=event, user=stranger, code=registration.code
        )


def test_answers_are_erased_after_the_retention_period(people, settings):
    settings.EVENT_ANSWERS_RETENTION_DAYS = 30
    event = make_event(ask_dietary=True)
    recent = make_event("Niedawne", ask_dietary=True)
    old = register(event, people[0], answers={"dietary_needs": "Bez glutenu"})
    kept = register(recent, people[1], answers={"dietary_needs": "Wegańska"})
    # The events took place: 31 and 5 days ago.
    for ev, days in ((event, 31), (recent, 5)):
        ev.starts_at = timezone.now() - timedelta(days=days, hours=3)
        ev.ends_at = ev.starts_at + timedelta(hours=2)
        ev.save()

    call_command("events_erase_answers", stdout=open("/dev/null", "w"))  # noqa: SIM115

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.dietary_needs == "" and old.answers_erased_at is not None
    assert old.status == "confirmed"  # attendance stays
    assert kept.dietary_needs == "Wegańska" and kept.answers_erased_at is None


def test_account_deletion_removes_upcoming_registrations_and_promotes(
    people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    mine = register(event, people[0], answers={"accessibility_needs": "Pętla"})
    waiting = register(event, people[1])

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=people[0])

    assert not Registration.objects.filter(pk=mine.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.place == 1
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]


def test_account_deletion_keeps_past_attendance_without_answers(people, facilitator):
    event = make_event(facilitators=[facilitator], ask_dietary=True)
    mine = register(event, people[0], answers={"dietary_needs": "Bez laktozy"})
    services.registration_check_in(event=event, user=facilitator, code=mine.code)
    event.starts_at = timezone.now() - timedelta(days=2)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()

    user_delete(user=people[0])

    mine.refresh_from_db()
    assert mine.checked_in_at is not None
    assert mine.dietary_needs == "" and mine.answers_erased_at is not None


def test_my_events_splits_upcoming_and_past(people):
    soon = make_event("Wkrótce")
    past = make_event("Minione")
    register(soon, people[0])
    register(past, people[0])
    past.starts_at = timezone.now() - timedelta(days=3)
    past.ends_at = past.starts_at + timedelta(hours=2)
    past.save()
    mine = my_events(people[0])
    assert [r.event.title for r in mine.upcoming] == ["Wkrótce"]
    assert [r.event.title for r in mine.past] == ["Minione"]
