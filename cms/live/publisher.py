"""Publishing live events: stored in the writer's transaction, sent after commit."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from .models import Stream, StreamEvent

logger = logging.getLogger(__name__)


def publish(stream: str, event_type: str, payload: dict | None = None) -> StreamEvent:
    """Record ``event_type`` on ``stream`` and notify subscribers once committed.

    Call it inside the service's transaction: the event row and the sequence
    number roll back with it, and nothing is sent for a write that never happened.
    """
    with transaction.atomic():
        Stream.objects.get_or_create(name=stream)
        # The UPDATE takes the row lock, so concurrent writers get distinct numbers.
        Stream.objects.filter(name=stream).update(last_seq=F("last_seq") + 1)
        row = Stream.objects.get(name=stream)
        event = StreamEvent.objects.create(
            stream=row, seq=row.last_seq, type=event_type, payload=payload or {}
        )
    frame = event.as_frame()
    transaction.on_commit(lambda: send_frame(stream, frame))
    return event


def send_frame(stream: str, frame: dict) -> None:
    """Notify the channel layer. Failures are logged, never raised: the database
    already holds the event, and clients catch up on their next resync."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(stream, {"type": "live.event", "frame": frame})
    except Exception:
        logger.exception("Could not notify stream %s", stream)
