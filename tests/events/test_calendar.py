"""iCalendar: one event's .ics and the feed of upcoming events parse back with
``icalendar`` and carry a stable UID, TZID Europe/Warsaw with its VTIMEZONE,
SEQUENCE and STATUS; only what the viewer may see."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from .registration_factories import make_event

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_event_ics_has_uid_tzid_sequence_and_status(client, settings):
    settings.SITE_URL = "https://wspolnie.przykladowo.pl"
    event = make_event(
        "Kawiarenka obywatelska", place_name="Biblioteka", address="ul. Lipowa 3"
    )
    event.ical_sequence = 3
    event.save()
    calendar = parse(client.get(reverse("events:ics", args=[event.pk])))
    (item,) = calendar.events
    assert str(item["UID"]) == f"event-{event.pk}@wspolnie.przykladowo.pl"
    assert item["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert item["DTEND"].params["TZID"] == "Europe/Warsaw"
    assert item.DTSTART == event.starts_at.replace(microsecond=0)
    assert item.DTSTART.tzinfo.key == "Europe/Warsaw"
    assert item["SEQUENCE"] == 3
    assert item["STATUS"] == "CONFIRMED"
    assert str(item["SUMMARY"]) == "Kawiarenka obywatelska"
    assert str(item["LOCATION"]) == "Biblioteka, ul. Lipowa 3"
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Warsaw"]


def test_cancelled_event_has_status_cancelled(client):
    event = make_event(cancelled_at=timezone.now(), ical_sequence=1)
    (item,) = parse(client.get(reverse("events:ics", args=[event.pk]))).events
    assert item["STATUS"] == "CANCELLED"
    assert item["SEQUENCE"] == 1


def test_ics_never_carries_the_online_link(client):
    event = make_event(format="online", online_url="https://meet.example.org/tajne")
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert b"meet.example.org" not in response.content


def test_ics_of_a_hidden_event_is_not_found(client, resident):
    draft = make_event()
    draft.unpublish()
    restricted = make_event()
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(reverse("events:ics", args=[draft.pk])).status_code == 404
    assert client.get(reverse("events:ics", args=[restricted.pk])).status_code == 404
    assert client.get(reverse("events:ics", args=[999999])).status_code == 404
    client.force_login(resident)
    # Signed in: the login restriction lets the resident in.
    response = client.get(reverse("events:ics", args=[restricted.pk]))
    assert response.status_code == 200


def test_feed_lists_upcoming_public_events_only(client):
    soon = make_event("Wkrótce", starts_in=timedelta(days=2))
    later = make_event("Później", starts_in=timedelta(days=20))
    make_event("Dawno", starts_in=-timedelta(days=5))
    hidden = make_event("Tajne")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    calendar = parse(client.get(reverse("events:feed")))
    uids = [str(item["UID"]).split("@")[0] for item in calendar.events]
    assert uids == [f"event-{soon.pk}", f"event-{later.pk}"]
    assert {item["DTSTART"].params["TZID"] for item in calendar.events} == {
        "Europe/Warsaw"
    }


def test_times_are_local_across_the_daylight_saving_change(client):
    event = make_event()
    # 29 March 2027, the day after the change to summer time: 18:00 in Warsaw.
    event.starts_at = timezone.datetime(2027, 3, 29, 16, 0, tzinfo=ZoneInfo("UTC"))
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    (item,) = parse(client.get(reverse("events:ics", args=[event.pk]))).events
    assert item.DTSTART.hour == 18
    assert (
        b"DTSTART;TZID=Europe/Warsaw:20270329T180000"
        in client.get(reverse("events:ics", args=[event.pk])).content
    )
