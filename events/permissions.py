"""Who may see and do what with events. Every view, export, feed and socket
asks these functions."""

from __future__ import annotations

from wagtail.models import Page

from cms.accounts.permissions import is_facilitator
from cms.params import parse_id
from cms.visibility import Viewer, page_visible_to


def can_view(viewer: Viewer, event) -> bool:
    """An event (its page, calendar entry, live session) is as visible as its
    page: published and let in by its view restrictions."""
    return page_visible_to(viewer, event)


def is_event_facilitator(user, event) -> bool:
    """The facilitators assigned to the event run it; superusers may too. The
    Facilitator role alone is not enough: it has to be this event."""
    if not is_facilitator(user):
        return False
    if user.is_superuser:
        return True
    return event.facilitators.filter(user_id=user.pk).exists()


def can_read_event_stream(viewer: Viewer, key: str) -> bool:
    """Live events of an event are as visible as its page."""
    pk = parse_id(key)
    if pk is None:
        return False
    # By content type rather than through EventPage: models import nothing
    # from here, but keeping the registry check free of page classes matches
    # the consultations stream.
    page = Page.objects.filter(
        id=pk, content_type__app_label="events", content_type__model="eventpage"
    ).first()
    return page is not None and can_view(viewer, page)
