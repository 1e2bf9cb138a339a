"""E-mail the followers of consultations that opened, closed, got a new version
or a report. Run it every few minutes (cron or a systemd timer); each notice is
sent once, so running it more often is harmless."""

from django.core.management.base import BaseCommand

from consultations.notifications import notices_send_due


class Command(BaseCommand):
    help = "Send due e-mails to followers of consultations (idempotent)."

    def handle(self, *args, **options):
        notices = notices_send_due()
        for notice in notices:
            self.stdout.write(
                f"{notice.consultation.title}: {notice.kind} "
                f"({notice.recipients} e-mails)"
            )
        self.stdout.write(f"{len(notices)} notices sent.")
