"""Writes of an event's calendar facts: a change of time or place found when
the page is published, and cancelling the event.

Either bumps ``EventPage.ical_sequence`` (calendar clients take an update only
if SEQUENCE grew) and, once the transaction commits, e-mails everyone holding a
place or waiting for one the updated ``.ics``: one task per person, so one bad
address does not stop the others. The sequence and the cancellation are
written to the page's row only; ``EventPage.with_content_json`` keeps them when
a revision is published later.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.tasks import enqueue_on_commit

from ..models import EventPage, Registration, RegistrationStatus
from ..tasks.changes import event_change_notice_send

# What a calendar entry shows of where and when; the title and the text are
# not worth an e-mail to everyone.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place_name", "address")
NOTICE_CHANGED = "changed"
NOTICE_CANCELLED = "cancelled"
CANCEL_LOG_ACTION = "events.cancel"


def _calendar_value(page: EventPage, name: str):
    value = getattr(page, name)
    # Revisions store times to the millisecond (DjangoJSONEncoder) and
    # calendars to the second: finer differences are no change.
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def calendar_changes(before: EventPage, after: EventPage) -> list[str]:
    """The calendar fields whose values differ between two versions."""
    return [
        name
        for name in CALENDAR_FIELDS
        if _calendar_value(before, name) != _calendar_value(after, name)
    ]


def can_cancel_event(user, event: EventPage) -> bool:
    """Those who may publish the page may cancel the event."""
    if not getattr(user, "is_authenticated", False):
        return False
    return event.permissions_for_user(user).can_publish()


def _notify_registered(event: EventPage, *, kind: str) -> int:
    ids = list(
        Registration.objects.filter(
            event=event,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for registration_id in ids:
        enqueue_on_commit(
            event_change_notice_send,
            registration_id=registration_id,
            sequence=event.ical_sequence,
            kind=kind,
        )
    return len(ids)


def _bump(event: EventPage, **fields) -> None:
    EventPage.objects.filter(pk=event.pk).update(
        ical_sequence=F("ical_sequence") + 1, **fields
    )
    row = EventPage.objects.values("ical_sequence", *fields).get(pk=event.pk)
    for name, value in row.items():
        setattr(event, name, value)


@transaction.atomic
def event_schedule_changed(*, event: EventPage, changed: list[str]) -> int:
    """The published event's time or place changed (``changed`` names the
    fields): a new calendar revision, and everyone registered gets the new
    ``.ics``. Returns how many people are e-mailed."""
    if not changed:
        return 0
    _bump(event)
    if event.is_past():
        return 0  # nobody needs a calendar update for an event that is over
    return _notify_registered(event, kind=NOTICE_CHANGED)


@transaction.atomic
def event_cancel(*, event: EventPage, user) -> EventPage:
    """Cancels the event (editors, in the admin): it stays published with a
    "cancelled" banner, registration closes, and everyone registered gets the
    cancelled ``.ics``. Cancelling twice changes nothing."""
    if not can_cancel_event(user, event):
        raise PermissionDenied(_("You cannot cancel this event."))
    event = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.is_cancelled:
        return event
    _bump(event, cancelled_at=timezone.now())
    log(instance=event, action=CANCEL_LOG_ACTION, user=user)
    _notify_registered(event, kind=NOTICE_CANCELLED)
    return event
