"""The e-mail sent when an event changes time or place, or is cancelled, in
Polish, with the updated ``.ics`` attached: opening it updates the entry in
the person's calendar (same UID, higher SEQUENCE)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.links import absolute_url

from .calendar import event_ics, ics_filename
from .models import Registration

EMAIL_LANGUAGE = "pl"
ICS_MIMETYPE = "text/calendar; method=PUBLISH; charset=utf-8"


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active and user.deleted_at is None


def event_change_message(
    registration: Registration, *, kind: str
) -> EmailMultiAlternatives | None:
    """The message for ``kind`` ("changed" or "cancelled"), or None when the
    person cannot receive it."""
    if kind not in ("changed", "cancelled") or not _can_receive(registration.user):
        return None
    event = registration.event
    zone = ZoneInfo(settings.TIME_ZONE)
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("Cancelled: %(title)s")
            if kind == "cancelled"
            else _("Changed: %(title)s")
        ) % {"title": event.title}
        context = {
            "recipient": registration.user,
            "registration": registration,
            "event": event,
            "kind": kind,
            "starts_at": timezone.localtime(event.starts_at, zone),
            "ends_at": timezone.localtime(event.ends_at, zone),
            "event_url": absolute_url(event),
            "my_events_url": absolute_url(reverse("my_events")),
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("events/emails/change.txt", context),
            to=[registration.user.email],
        )
        message.attach_alternative(
            render_to_string("events/emails/change.html", context), "text/html"
        )
        message.attach(ics_filename(event), event_ics(event), ICS_MIMETYPE)
    return message
