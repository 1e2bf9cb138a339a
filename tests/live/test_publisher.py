import datetime

import pytest
from django.db import transaction

from cms.live.models import StreamEvent
from cms.live.publisher import publish
from cms.live.selectors import (
    stream_events_since,
    stream_last_seq,
)

pytestmark = pytest.mark.django_db


def test_publish_numbers_events_per_stream():
    for n in range(3):
        publish("test.room.1", "message.posted", {"n": n})
    publish("test.room.2", "message.posted")
    assert stream_last_seq("test.room.1") == 3
    assert stream_last_seq("test.room.2") == 1
    assert stream_last_seq("test.room.3") == 0
    assert [f["seq"] for f in stream_events_since("test.room.1", 1, 10)] == [2, 3]


def test_publish_sends_only_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "cms.live.publisher.send_frame", lambda stream, frame: sent.append(frame)
    )
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish("test.room.1", "message.posted", {"n": 1})
            assert sent == []
    assert [(f["stream"], f["seq"]) for f in sent] == [("test.room.1", 1)]


def test_payload_is_stored_and_sent_as_plain_json(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "cms.live.publisher.send_frame", lambda stream, frame: sent.append(frame)
    )
    when = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    payload = {"at": when, "ids": (1, 2)}
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish("test.room.1", "meeting.moved", payload)
            payload["ids"] = "changed after publishing"
    stored = StreamEvent.objects.get().as_frame()
    assert sent == [stored]
    assert stored["data"] == {"at": "2026-05-01T12:00:00Z", "ids": [1, 2]}


@pytest.mark.parametrize(
    ("stream", "event_type"),
    [("bad name", "x"), ("", "x"), ("test.room.1", ""), ("test.room.1", "x" * 65)],
)
def test_publish_refuses_bad_names(stream, event_type):
    with pytest.raises(ValueError):
        publish(stream, event_type, {})
    assert not StreamEvent.objects.exists()


def test_failed_notification_is_logged_not_raised(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    class BrokenLayer:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr("cms.live.publisher.get_channel_layer", lambda: BrokenLayer())
    with django_capture_on_commit_callbacks(execute=True):
        event = publish("test.room.1", "message.posted", {})
    assert event.seq == 1
    assert "Could not notify stream test.room.1" in caplog.text
