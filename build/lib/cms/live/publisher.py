"""Publishing live events: stored in the writer's transaction, sent after commit."""

import json
import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F

from . import registry
from .events import check_event_type
from .models import Stream, StreamEvent

logger = logging.getLogger(__name__)

EVENT_TYPE_MAX_LENGTH = StreamEvent._meta.get_field("type").max_length


def publish(stream: str, event_type: str, payload: dict | None = None) -> StreamEvent:
    """Record ``event_type`` on ``stream`` and notify subscribers once committed.

    Call it inside the service's transaction: the event row and the sequence
    number roll back with it, and nothing is sent for a write that never happened.
    ``payload`` must be JSON-serialisable (dates, decimals and UUIDs become
    strings); live subscribers and clients replaying from the database get the
    same data.
    """
    if not registry.is_valid_name(stream):
        raise ValueError(f"Invalid stream name {stream!r}")
    if (
        not isinstance(event_type, str)
        or not event_type
        or len(event_type) > EVENT_TYPE_MAX_LENGTH
    ):
        raise ValueError(f"Invalid event type {event_type!r}")
    check_event_type(event_type)
    # A copy in plain JSON types: the caller may still change its dict before the
    # commit, and the live frame must equal the one replayed from the database.
    data = json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        row, _ = Stream.objects.get_or_create(name=stream)
        # The UPDATE takes the row lock until the writer commits, so concurrent
        # writers get distinct numbers and commit in sequence order.
        Stream.objects.filter(pk=row.pk).update(last_seq=F("last_seq") + 1)
        row.refresh_from_db(fields=["last_seq"])
        event = StreamEvent.objects.create(
            stream=row, seq=row.last_seq, type=event_type, payload=data
        )
    transaction.on_commit(partial(send_frame, stream, event.as_frame()))
    return event


def send_frame(stream: str, frame: dict) -> None:
    """Notify the channel layer. Failures are logged, never raised: the database
    already holds the event, and clients catch up on their next resync.

    Runs in a sync context. Under Daphne (and inside ``database_sync_to_async``)
    that is a worker thread, and ``async_to_sync`` hands the send back to the
    server's event loop, where the in-memory layer's queues live.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    # Encoded here once: a thousand subscribers would otherwise each encode
    # the same frame again (the consumer sends ``text`` as it is). Only
    # scalars travel: the in-memory layer deep-copies the message per
    # subscriber, and a string copies for free.
    message = {
        "type": "live.event",
        "stream": frame["stream"],
        "seq": frame["seq"],
        "text": json.dumps(frame, ensure_ascii=False),
    }
    try:
        async_to_sync(layer.group_send)(stream, message)
    except Exception:
        logger.exception("Could not notify stream %s", stream)
