"""Signal receivers of the events app: they only hand over to a service."""

from __future__ import annotations

from .selectors.pages import event_previously_published
from .services.changes import calendar_changes, event_schedule_changed
from .services.registration import registration_places_changed


def event_published(sender, instance, revision=None, **kwargs) -> None:
    """``page_published`` of an event: places freed by a larger capacity go
    to the waiting list at once; compared with the version published before,
    a new time or place bumps the calendar revision and e-mails the people
    registered."""
    registration_places_changed(event=instance)
    before = event_previously_published(instance, revision=revision)
    if before is None:
        return
    event_schedule_changed(event=instance, changed=calendar_changes(before, instance))
