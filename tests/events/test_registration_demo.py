"""The demo registrations: the breakfast full with a waiting list, the café
with some places taken, the past meeting's attendance; no e-mail, idempotent,
nothing without the pages or the demo users."""

from datetime import timedelta

import pytest
from django.core import mail

from events.demo_registrations import seed_registrations
from events.models import EventKind, Registration
from events.selectors import event_places, waiting_position

from .registration_factories import make_event

pytestmark = pytest.mark.django_db


def test_seed_fills_the_breakfast_and_the_cafe_without_mail(
    resident, ngo, facilitator, organisation, django_capture_on_commit_callbacks
):
    breakfast = make_event("Śniadanie", kind=EventKind.BREAKFAST, capacity=6)
    cafe = make_event("Kawiarenka", kind=EventKind.CAFE, capacity=20)
    meeting = make_event("Spotkanie", kind=EventKind.OPEN_MEETING, capacity=30)
    meeting.starts_at -= timedelta(days=20)
    meeting.ends_at -= timedelta(days=20)
    meeting.save()

    with django_capture_on_commit_callbacks(execute=True):
        seed_registrations(None)
        seed_registrations(None)  # again: nothing changes

    places = event_places(breakfast)
    assert places.free == 0 and places.waiting == 3
    mine = Registration.objects.get(event=breakfast, user=resident)
    assert waiting_position(mine) == 2
    assert Registration.objects.get(event=cafe, user=ngo).on_behalf_of == organisation
    assert event_places(cafe).taken == 10
    attended = Registration.objects.filter(event=meeting, checked_in_at__isnull=False)
    assert attended.count() == 8
    assert mail.outbox == []


def test_seed_does_nothing_without_pages_or_users(resident):
    seed_registrations(None)
    assert not Registration.objects.exists()
    make_event(kind=EventKind.BREAKFAST)
    resident.delete()
    seed_registrations(None)
    assert not Registration.objects.exists()
