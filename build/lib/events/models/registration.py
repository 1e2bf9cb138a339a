"""Who comes to an event: registrations, the waiting list and attendance.

A registration holds a numbered place while confirmed. ``place`` is unique per
event, so two concurrent requests can never hold the same place even if the
service's row lock were bypassed; the service hands out places 1..places_offered
under a lock on the event row. Waiting people hold no place and are promoted
first come, first served (``created_at``, then ``pk``).

The answers (accessibility, childcare, diet) are personal data: shown only to
the person and the event's facilitators, exported with the account, erased with
it and a set number of days after the event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventPage


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    place = models.PositiveIntegerField(_("place number"), null=True, blank=True)
    # The personal code shown as a QR code and typed at the door.
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    on_behalf_of = models.ForeignKey(
        "participation.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    childcare = models.TextField(_("childcare during the event"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    answers_erased_at = models.DateTimeField(
        _("answers erased at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(
        _("moved from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One live registration per person and event; cancelled ones stay
            # as history and do not block registering again.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="events_registration_one_active",
            ),
            models.UniqueConstraint(
                fields=["event", "place"],
                condition=Q(place__isnull=False),
                name="events_registration_place_unique",
            ),
            # A place is held exactly while confirmed.
            models.CheckConstraint(
                condition=(Q(status="confirmed", place__gte=1))
                | (~Q(status="confirmed") & Q(place__isnull=True)),
                name="events_registration_place_iff_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="events_registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id} ({self.status})"
