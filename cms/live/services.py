"""Writes of the live backbone that are not publishing (see publisher.py)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ActionReceipt


def receipts_prune(*, older_than: timedelta | None = None) -> int:
    """Delete idempotency receipts older than ``older_than`` (default
    ``settings.LIVE_RECEIPT_RETENTION``); returns how many went.

    A retry after that finds no receipt and acts again, so keep the retention
    well beyond how long a client retries (live.js gives up after seconds).
    """
    age = settings.LIVE_RECEIPT_RETENTION if older_than is None else older_than
    cutoff = timezone.now() - age
    deleted, _ = ActionReceipt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
