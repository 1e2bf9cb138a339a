"""What the café's services share: the event lock, the facilitator
check, the "setup changed" event and number validation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cms.live.publisher import publish

from ... import cafe_live_events as live
from ... import permissions
from ...models import EventPage


def lock_event(event: EventPage) -> EventPage:
    """The event's own row, locked: two facilitators' clicks run in turn."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def check_runs(user, event: EventPage) -> None:
    if not permissions.is_cafe(event):
        raise PermissionDenied(_("This event is not a citizen café."))
    if not permissions.can_run_cafe(user, event):
        raise PermissionDenied(_("Only the event's facilitators run the café."))


def setup_changed(event: EventPage) -> None:
    """Tables or rounds changed: open pages offer a reload."""
    publish(event.live_stream(), live.SETUP_CHANGED, {})


def number_in(value, low: int, high: int, field: str, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError({field: ValidationError(message, code="invalid")})
    return number
