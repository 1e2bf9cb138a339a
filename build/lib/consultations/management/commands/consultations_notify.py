"""Enqueue the e-mails to followers of consultations that opened, closed, got a
new version or a report, and enqueue again the ones whose delivery failed. Run it
every few minutes (cron or a systemd timer): the tasks API has no scheduler, so
time-based work starts here; the worker (`manage.py db_worker`) sends the e-mails.
Each notice is recorded once, so running it more often is harmless."""

from django.core.management.base import BaseCommand

from consultations.notifications import notices_enqueue_due


class Command(BaseCommand):
    help = "Enqueue due e-mails to followers of consultations (idempotent)."

    def handle(self, *args, **options):
        new, retried = notices_enqueue_due()
        for notice in retried:
            self.stdout.write(
                f"{notice.consultation.title}: {notice.kind} "
                f"(retrying after {notice.recipients} e-mails)"
            )
        for notice in new:
            self.stdout.write(f"{notice.consultation.title}: {notice.kind}")
        self.stdout.write(f"{len(new)} notices queued, {len(retried)} retried.")
