"""Background tasks of consultations."""

from django_tasks import task

from .models import ConsultationNotice
from .notifications import notice_deliver_now


@task()
def notice_deliver(*, notice_id: int) -> int:
    """E-mail notice ``notice_id`` to the consultation's followers; returns how many
    e-mails this run sent (0 if the notice is gone or was delivered already, so a
    task enqueued twice mails no one twice)."""
    notice = (
        ConsultationNotice.objects.select_related("consultation", "version")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.delivered_at is not None:
        return 0
    return notice_deliver_now(notice=notice)
