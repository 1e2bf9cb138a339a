"""``seed_demo`` builds the events section: four events with dates relative
to today that agree with the consultations, registrations on top; run twice it
changes nothing, and it never sends an e-mail."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from cms.management.commands import seed_demo
from consultations.models import ConsultationPage
from events.models import (
    EventAgendaItem,
    EventFacilitator,
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
)
from events.selectors import event_places

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "events": EventPage.objects.count(),
        "agenda": EventAgendaItem.objects.count(),
        "facilitators": EventFacilitator.objects.count(),
        "registrations": Registration.objects.count(),
        "sequences": sorted(EventPage.objects.values_list("ical_sequence", flat=True)),
    }


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_events_twice_the_same_without_mail(
    settings, tmp_path, django_capture_on_commit_callbacks, client, monkeypatch
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The other apps first, on their own: the consultations' demo mails its
    # commenters when its callbacks run, which is not the events' doing.
    with monkeypatch.context() as patch:
        patch.setattr(seed_demo, "APP_SEEDERS", ["consultations.demo"])
        seed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = seed()
    assert "created  event kawiarenka-program-wspolpracy-2027" in output
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    assert counts() == first
    assert "created  event" not in output
    assert callbacks and mail.outbox == []

    index = EventIndexPage.objects.get()
    assert index.url == "/wydarzenia/" and index.live
    now = timezone.now()
    events = {e.slug: e for e in EventPage.objects.live().child_of(index)}
    assert len(events) == 4
    cafe = events["kawiarenka-program-wspolpracy-2027"]
    past_cafe = events["kawiarenka-priorytety-wspolpracy"]
    breakfast = events["sniadanie-obywatelskie-lipnik"]
    meeting = events["spotkanie-otwarte-place-zabaw"]
    programme = ConsultationPage.objects.get(slug="program-wspolpracy-2027")

    assert cafe.kind == past_cafe.kind == EventKind.CAFE
    assert cafe.consultation_id == past_cafe.consultation_id == programme.pk
    # The café falls while the programme takes comments; the past one too.
    assert programme.opens_at < past_cafe.starts_at < now < cafe.starts_at
    assert cafe.ends_at < programme.closes_at
    assert cafe.registration_is_open()
    assert cafe.agenda_items.count() == 6
    assert [f.user.email for f in cafe.facilitators.all()] == [
        "facilitator@example.org"
    ]
    assert breakfast.starts_at > now
    places = event_places(breakfast)
    assert places.free == 0 and places.waiting == 3
    assert meeting.kind == EventKind.OPEN_MEETING and meeting.is_past()
    assert meeting.minutes and meeting.minutes_document is not None
    assert meeting.registrations.filter(checked_in_at__isnull=False).count() == 8

    # The navigation's "Wydarzenia" leads to the index, which lists them.
    home = client.get("/")
    assert 'href="/wydarzenia/">Wydarzenia</a>' in home.content.decode()
    content = client.get("/wydarzenia/").content.decode()
    assert cafe.title in content and breakfast.title in content
    assert "Brak miejsc — lista rezerwowa" in content
