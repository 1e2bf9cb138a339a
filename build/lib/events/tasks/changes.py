"""Background task of an event's changes: the e-mail with the updated
``.ics`` (``events.change_mail``), one per registered person."""

from django_tasks import task

from ..change_mail import event_change_message
from ..models import Registration, RegistrationStatus


@task()
def event_change_notice_send(*, registration_id: int, sequence: int, kind: str) -> bool:
    """Mail the person of ``registration_id`` that the event changed (``kind``
    changed or cancelled). Skipped when they cancelled meanwhile, or when a
    later change (a higher sequence) has its own mail on the way. True if
    sent."""
    registration = (
        Registration.objects.select_related("user", "event")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return False
    if registration.event.ical_sequence != sequence:
        return False
    message = event_change_message(registration, kind=kind)
    if message is None:
        return False
    message.send()
    return True
