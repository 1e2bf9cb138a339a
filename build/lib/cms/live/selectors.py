"""Reads for the live backbone."""

from .models import Stream, StreamEvent


def stream_last_seq(name: str) -> int:
    """The sequence number a page rendered now is current up to."""
    return (
        Stream.objects.filter(name=name).values_list("last_seq", flat=True).first() or 0
    )


def stream_events_since(name: str, since: int, limit: int) -> list[dict]:
    """Frames after ``since``, oldest first, at most ``limit`` of them."""
    events = (
        StreamEvent.objects.filter(stream__name=name, seq__gt=since)
        .select_related("stream")
        .order_by("seq")[:limit]
    )
    return [event.as_frame() for event in events]


def stream_backlog(name: str, since: int, limit: int) -> tuple[int, list[dict]]:
    """The stream's last seq and the frames after ``since`` (at most ``limit``):
    what a subscribing or gap-filling socket needs, in one trip to the database."""
    return stream_last_seq(name), stream_events_since(name, since, limit)
