"""Events as iCalendar (RFC 5545), with the maintained ``icalendar`` library:
one event's ``.ics``, the feed of upcoming events and the attachment of the
"the event has changed" e-mail.

A calendar client recognises an event by its UID and takes an update only if
its SEQUENCE grew, so the UID never changes (``event-<pk>@<site host>``) and
SEQUENCE is ``EventPage.ical_sequence``, bumped by the services whenever the
time, the place or the status changes. Times are written in Europe/Warsaw
with the zone's VTIMEZONE, so a client in another zone shows the right hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from cms.links import absolute_url

from .models import EventPage
from .selectors.pages import local_zone

PRODID = "-//Wspólnie//Wydarzenia//PL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: EventPage) -> str:
    return f"event-{event.pk}@{site_host()}"


def event_location(event: EventPage) -> str:
    return ", ".join(part for part in (event.place_name, event.address) if part)


def _vevent(event: EventPage, *, stamp) -> Event:
    zone = local_zone()
    url = absolute_url(event)
    item = Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("dtstart", timezone.localtime(event.starts_at, zone))
    item.add("dtend", timezone.localtime(event.ends_at, zone))
    item.add("sequence", event.ical_sequence)
    item.add("summary", event.title)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("url", url)
    location = event_location(event)
    if location:
        item.add("location", location)
    # The online link is not written here: the file can be forwarded, and the
    # link is only for people with a place (see permissions.can_see_online_link).
    summary = strip_tags(event.summary or "").strip()
    item.add("description", f"{summary}\n\n{url}".strip() if summary else url)
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    return item


def calendar_for(events: Iterable[EventPage], *, name: str = "") -> Calendar:
    """A VCALENDAR with one VEVENT per event and the VTIMEZONE of the times."""
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    years = []
    for event in events:
        calendar.add_component(_vevent(event, stamp=stamp))
        years.append(timezone.localtime(event.starts_at, local_zone()).year)
    # The zone's rules only for the years the events fall in, not 1970–2038.
    first = min(years, default=stamp.year) - 1
    last = max(years, default=stamp.year) + 2
    calendar.add_missing_timezones(
        first_date=date(first, 1, 1), last_date=date(last, 1, 1)
    )
    return calendar


def event_ics(event: EventPage) -> bytes:
    return calendar_for([event]).to_ical()


def ics_filename(event: EventPage) -> str:
    return f"wydarzenie-{event.pk}.ics"
