"""Writes of the live backbone that are not publishing (see publisher.py)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import ActionReceipt, StreamEvent


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


def events_prune(*, older_than: timedelta | None = None) -> int:
    """Delete stored live events older than ``older_than`` (default
    ``settings.LIVE_EVENT_RETENTION``); returns how many went.

    Events only serve resync: the content they announced lives in its own
    tables (comments, ``cms.models.WhatsNewItem`` for the home page's feed),
    and the stream keeps its ``last_seq``. Per stream, everything up to its
    newest old event goes, so what stays is one unbroken run of seqs ending at
    ``last_seq``; a client whose ``since`` is behind that run finds the next
    seq missing and the consumer answers ``reset`` (the page reloads) instead
    of replaying with a hole in it.
    """
    age = settings.LIVE_EVENT_RETENTION if older_than is None else older_than
    cutoff = timezone.now() - age
    newest_old = (
        StreamEvent.objects.filter(created_at__lt=cutoff)
        .values("stream")
        .annotate(top=Max("seq"))
        .values_list("stream", "top")
    )
    deleted = 0
    for stream_id, top in list(newest_old):
        deleted += StreamEvent.objects.filter(
            stream_id=stream_id, seq__lte=top
        ).delete()[0]
    return deleted
