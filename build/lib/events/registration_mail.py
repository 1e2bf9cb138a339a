"""E-mails about registrations, in Polish: the confirmation with the personal
code and its QR code, the waiting-list notice and the "a place is yours" notice.

The task (``events.tasks.registration``) loads the registration afresh and asks
this module for the message, so what is mailed is the state when the worker
runs: a registration cancelled meanwhile gets no "you are in" mail.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.links import absolute_url

from .models import Registration, RegistrationStatus
from .registration_codes import code_display, qr_png, qr_svg
from .selectors.registration import waiting_position

EMAIL_LANGUAGE = "pl"
QR_FILENAME = "kod-rejestracji.png"


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active and user.deleted_at is None


def registration_message(
    registration: Registration, *, kind: str
) -> EmailMultiAlternatives | None:
    """The message of ``kind`` (confirmed / waiting / promoted), or None when
    it no longer fits the registration's state."""
    expected = {
        "confirmed": RegistrationStatus.CONFIRMED,
        "promoted": RegistrationStatus.CONFIRMED,
        "waiting": RegistrationStatus.WAITING,
    }.get(kind)
    recipient = registration.user
    if expected is None or registration.status != expected:
        return None
    if not _can_receive(recipient):
        return None
    event = registration.event
    with translation.override(EMAIL_LANGUAGE):
        subjects = {
            "confirmed": _("You are registered: %(title)s"),
            "waiting": _("You are on the waiting list: %(title)s"),
            "promoted": _("A place is yours: %(title)s"),
        }
        context = {
            "recipient": recipient,
            "registration": registration,
            "event": event,
            "kind": kind,
            "starts_at": timezone.localtime(
                event.starts_at, ZoneInfo(settings.TIME_ZONE)
            ),
            "code": code_display(registration.code),
            "position": waiting_position(registration) if kind == "waiting" else None,
            "event_url": absolute_url(event),
            "my_events_url": absolute_url(reverse("my_events")),
            "qr_svg": qr_svg(registration) if kind != "waiting" else "",
        }
        message = EmailMultiAlternatives(
            subject=subjects[kind] % {"title": event.title},
            body=render_to_string("events/emails/registration.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(
            render_to_string("events/emails/registration.html", context), "text/html"
        )
        if kind != "waiting":
            message.attach(QR_FILENAME, qr_png(registration), "image/png")
    return message
