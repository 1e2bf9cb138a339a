"""Builders for registration tests: the events index under the test site's home
page and events open for registration."""

from datetime import timedelta

from django.utils import timezone

from events.models import EventFacilitator, EventIndexPage, EventKind, EventPage
from tests.consultations.factories import site_home


def event_index() -> EventIndexPage:
    existing = EventIndexPage.objects.first()
    if existing is not None:
        return existing
    return site_home().add_child(
        instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia")
    )


def make_event(
    title="Śniadanie obywatelskie",
    *,
    capacity=3,
    reserved_places=0,
    starts_in=timedelta(days=7),
    hours=2,
    facilitators=(),
    **fields,
) -> EventPage:
    """A published event, registration open now, ``capacity`` places."""
    starts_at = timezone.now() + starts_in
    fields.setdefault("kind", EventKind.BREAKFAST)
    fields.setdefault("place_name", "Biblioteka Gminna")
    fields.setdefault("address", "ul. Lipowa 3")
    event = event_index().add_child(
        instance=EventPage(
            title=title,
            slug=fields.pop("slug", None) or f"e-{EventPage.objects.count() + 1}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            reserved_places=reserved_places,
            **fields,
        )
    )
    for user in facilitators:
        EventFacilitator.objects.create(page=event, user=user)
    return event
