"""Writes of registration: registering, cancelling, the waiting list, check-in
at the door and the erasure of answers.

No overbooking and no double registration, whatever arrives at once: every
write that hands out or frees a place first locks the event's row
(``select_for_update``), so on PostgreSQL two registrations for one event run
one after the other (SQLite serialises whole transactions anyway). The database
has the last word: ``place`` is unique per event and one live registration per
person is a unique constraint, so a write that slipped past the lock fails with
IntegrityError, which is turned into the user's error or a retry here.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit
from cms.visibility import Viewer, viewer_for_user
from participation.permissions import organisations_for

from .. import cafe_live_events, permissions
from ..models import EventPage, Registration, RegistrationStatus
from ..tasks.registration import registration_notice_send

# Codes people read out or type at the door: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
ANSWER_MAX_LENGTH = 1000
# Attempts at a write that lost a race the lock should have prevented (a code
# drawn twice, a place taken by a write outside these services).
_ATTEMPTS = 3

NOTICE_CONFIRMED = "confirmed"
NOTICE_WAITING = "waiting"
NOTICE_PROMOTED = "promoted"

# Which answer each of the event's questions fills.
ANSWER_FIELDS = {
    "accessibility_needs": "ask_accessibility",
    "childcare": "ask_childcare",
    "dietary_needs": "ask_dietary",
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """What a facilitator typed ("abcd-2345 ") as it is stored ("ABCD2345")."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def _lock_event(event: EventPage) -> EventPage:
    # of=self: only the event's own row (events_eventpage), not Wagtail's page
    # row, which editors' saves and the page tree lock for their own reasons.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _clean_answers(event: EventPage, answers: dict | None) -> dict:
    """The answers to the questions this event asks; the others stay empty."""
    answers = answers or {}
    cleaned, errors = {}, {}
    for field, flag in ANSWER_FIELDS.items():
        value = (answers.get(field) or "").strip() if getattr(event, flag) else ""
        if len(value) > ANSWER_MAX_LENGTH:
            errors[field] = _(
                "Write at most %(limit)d characters (you wrote %(count)d)."
            ) % {"limit": ANSWER_MAX_LENGTH, "count": len(value)}
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _free_places(event: EventPage) -> list[int]:
    """The numbers 1..places_offered nobody holds, lowest first. Places above
    places_offered (kept after an editor lowered the capacity) are not offered
    again."""
    taken = set(
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).values_list("place", flat=True)
    )
    return [n for n in range(1, event.places_offered + 1) if n not in taken]


def _attendance_changed(event: EventPage) -> None:
    """A café's console lists who sits where and who came: tell it to read
    the list again (on the facilitators' stream, which names nobody either)."""
    if permissions.is_cafe(event):
        publish(event.console_stream(), cafe_live_events.ATTENDANCE_CHANGED, {})


def _promote_waiting(event: EventPage) -> list[Registration]:
    """Moves the first waiting people (first come, first served) into the free
    places and e-mails them. Runs under the event lock."""
    free = _free_places(event)
    if not free:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")[: len(free)]
    )
    now = timezone.now()
    for registration, place in zip(waiting, free, strict=False):
        registration.status = RegistrationStatus.CONFIRMED
        registration.place = place
        registration.promoted_at = now
        registration.save(update_fields=["status", "place", "promoted_at"])
        enqueue_on_commit(
            registration_notice_send,
            registration_id=registration.pk,
            kind=NOTICE_PROMOTED,
        )
    if waiting:
        _attendance_changed(event)
    return waiting


def _already_registered(event: EventPage, user) -> bool:
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    )


def _double_registration_error() -> ValidationError:
    return ValidationError(
        _("You are already registered for this event."), code="already_registered"
    )


@transaction.atomic
def registration_create(
    *,
    event: EventPage,
    user,
    answers: dict | None = None,
    on_behalf_of=None,
    viewer: Viewer | None = None,
    notify: bool = True,
) -> Registration:
    """Registers ``user`` for ``event``: a confirmed registration with the
    lowest free place, or a place on the waiting list when the event is full.
    ``answers`` holds the answers to the questions the event asks
    (``accessibility_needs``, ``childcare``, ``dietary_needs``); a verified
    representative of an organisation may register on its behalf. E-mails the
    registration code (``notify=False``: the demo seeder, which sends nothing).
    """
    if not permissions.can_view(viewer or viewer_for_user(user), event):
        raise PermissionDenied(_("This event does not exist."))
    event = _lock_event(event)
    reason = permissions.registration_denied_reason(user, event)
    if reason is not None:
        raise PermissionDenied(reason)
    if on_behalf_of is not None and on_behalf_of not in organisations_for(user):
        raise ValidationError(
            {"on_behalf_of": _("You cannot register on behalf of this organisation.")}
        )
    cleaned = _clean_answers(event, answers)
    if _already_registered(event, user):
        raise _double_registration_error()
    check_write_rate("registration", user=user)

    # People already waiting go first if places have freed up meanwhile (an
    # editor raised the capacity): a newcomer never overtakes the queue.
    _promote_waiting(event)
    for attempt in range(_ATTEMPTS):
        free = _free_places(event)
        registration = Registration(
            event=event,
            user=user,
            on_behalf_of=on_behalf_of,
            code=new_code(),
            status=RegistrationStatus.CONFIRMED if free else RegistrationStatus.WAITING,
            place=free[0] if free else None,
            **cleaned,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            if _already_registered(event, user):
                raise _double_registration_error() from None
            if attempt == _ATTEMPTS - 1:
                raise ValidationError(
                    _("Registration failed, please try again."), code="conflict"
                ) from None
            continue
        break
    if notify:
        enqueue_on_commit(
            registration_notice_send,
            registration_id=registration.pk,
            kind=NOTICE_CONFIRMED
            if registration.status == RegistrationStatus.CONFIRMED
            else NOTICE_WAITING,
        )
    if registration.status == RegistrationStatus.CONFIRMED:
        _attendance_changed(event)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, user) -> Registration:
    """The person withdraws (a facilitator may withdraw anyone). A confirmed
    place goes at once to the first person on the waiting list, who is
    e-mailed. Cancelling twice changes nothing."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.user_id != user.pk and not permissions.is_event_facilitator(
        user, event
    ):
        raise PermissionDenied(_("You cannot cancel this registration."))
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if event.is_past():
        raise ValidationError(
            _("The event is over: its registrations can no longer change."),
            code="past",
        )
    check_write_rate("registration", user=user)
    registration.status = RegistrationStatus.CANCELLED
    registration.place = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "place", "cancelled_at"])
    _attendance_changed(event)
    if not event.is_cancelled:
        _promote_waiting(event)
    return registration


@transaction.atomic
def registration_places_changed(*, event: EventPage) -> list[Registration]:
    """The event was published, perhaps with more places (a larger capacity,
    fewer reserved): the first people on the waiting list move into the places
    that are free now, in the order they joined it, and are e-mailed, without
    waiting for the next registration or cancellation. A cancelled or past
    event keeps its list as it is. Returns the people promoted."""
    event = _lock_event(event)
    if event.is_cancelled or event.is_past() or not event.takes_registration:
        return []
    return _promote_waiting(event)


def _require_facilitator(user, event: EventPage) -> None:
    if not permissions.can_see_registrations(user, event):
        raise PermissionDenied(_("Only the event's facilitators can check people in."))


@transaction.atomic
def registration_check_in(
    *, event: EventPage, user, code: str = "", registration: Registration | None = None
) -> Registration:
    """A facilitator records that a person came, by the code they show (typed
    or scanned) or from the list. Checking in twice keeps the first time."""
    _require_facilitator(user, event)
    rows = Registration.objects.select_for_update().select_related("user")
    if registration is not None:
        found = rows.filter(pk=registration.pk, event=event).first()
    else:
        code = normalise_code(code)
        if not code:
            raise ValidationError({"code": _("Enter the registration code.")})
        found = rows.filter(code=code, event=event).first()
    if found is None:
        raise ValidationError(
            {"code": _("No registration for this event has this code.")}
        )
    if found.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"code": _("This registration was cancelled.")})
    if found.status == RegistrationStatus.WAITING:
        raise ValidationError(
            {"code": _("This person is on the waiting list and has no place.")}
        )
    if found.checked_in_at is None:
        check_write_rate("check_in", user=user)
        found.checked_in_at = timezone.now()
        found.checked_in_by = user
        found.save(update_fields=["checked_in_at", "checked_in_by"])
        _attendance_changed(event)
    return found


@transaction.atomic
def registration_check_in_undo(
    *, event: EventPage, user, registration: Registration
) -> Registration:
    """Takes back a check-in made by mistake."""
    _require_facilitator(user, event)
    found = (
        Registration.objects.select_for_update()
        .filter(pk=registration.pk, event=event)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("No registration for this event has this code."))
    if found.checked_in_at is not None:
        check_write_rate("check_in", user=user)
        found.checked_in_at = None
        found.checked_in_by = None
        found.save(update_fields=["checked_in_at", "checked_in_by"])
        _attendance_changed(event)
    return found


# --- personal data --------------------------------------------------------------
def answers_retention() -> timedelta:
    return timedelta(days=settings.EVENT_ANSWERS_RETENTION_DAYS)


@transaction.atomic
def registration_answers_erase(*, now=None) -> int:
    """Erases the answers (accessibility, childcare, diet) of the registrations
    for events that ended more than ``EVENT_ANSWERS_RETENTION_DAYS`` ago; who
    came stays, for the attendance figures. Returns how many were erased."""
    now = now or timezone.now()
    return Registration.objects.filter(
        event__ends_at__lte=now - answers_retention(),
        answers_erased_at__isnull=True,
    ).update(
        accessibility_needs="",
        childcare="",
        dietary_needs="",
        answers_erased_at=now,
    )


def account_deleted(user) -> None:
    """Account deletion hook (runs in accounts' transaction). Registrations for
    events still to come go, and the places they held go to the waiting list as
    if the person had cancelled. Past ones stay for the attendance figures but
    lose their answers; the account itself is anonymised by the accounts app,
    so what stays says only that someone came."""
    now = timezone.now()
    mine = Registration.objects.filter(user=user)
    mine.filter(event__ends_at__lte=now).update(
        accessibility_needs="",
        childcare="",
        dietary_needs="",
        answers_erased_at=now,
    )
    upcoming = mine.filter(event__ends_at__gt=now)
    held = set(
        upcoming.filter(status=RegistrationStatus.CONFIRMED).values_list(
            "event_id", flat=True
        )
    )
    upcoming.delete()
    for event in EventPage.objects.filter(pk__in=held).order_by("pk"):
        event = _lock_event(event)
        if not event.is_cancelled:
            _promote_waiting(event)
