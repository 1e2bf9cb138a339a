"""Background tasks of registration: its e-mails (``events.registration_mail``).

Each task takes an id, loads the row afresh and sends at most one message; a
failed one is logged and kept in the task table, not retried (see
participation.tasks)."""

from django_tasks import task

from ..models import Registration
from ..registration_mail import registration_message


@task()
def registration_notice_send(*, registration_id: int, kind: str) -> bool:
    """Mail the person about registration ``registration_id``: ``kind`` is
    confirmed, waiting or promoted. True if sent."""
    registration = (
        Registration.objects.select_related("user", "event")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    message = registration_message(registration, kind=kind)
    if message is None:
        return False
    message.send()
    return True
