"""Deletes idempotency receipts past their retention; run it from cron."""

from django.core.management.base import BaseCommand

from cms.live.services import receipts_prune


class Command(BaseCommand):
    help = "Delete live action receipts older than LIVE_RECEIPT_RETENTION."

    def handle(self, *args, **options):
        deleted = receipts_prune()
        if options["verbosity"] > 1:
            self.stdout.write(f"Deleted {deleted} action receipts.")
