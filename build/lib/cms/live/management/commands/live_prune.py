"""Deletes live events and idempotency receipts past their retention; run it
from cron (README, production)."""

from django.core.management.base import BaseCommand

from cms.live.services import events_prune, receipts_prune


class Command(BaseCommand):
    help = (
        "Delete live events older than LIVE_EVENT_RETENTION and action receipts "
        "older than LIVE_RECEIPT_RETENTION."
    )

    def handle(self, *args, **options):
        events = events_prune()
        receipts = receipts_prune()
        if options["verbosity"] > 1:
            self.stdout.write(f"Deleted {events} live events.")
            self.stdout.write(f"Deleted {receipts} action receipts.")
