from django.db import models


class Stream(models.Model):
    """A named stream of live events (e.g. ``consultations.consultation.42``).

    ``last_seq`` is bumped inside the writer's transaction, so sequence numbers are
    gap-free per stream and a rolled-back write leaves no trace.
    """

    name = models.CharField(max_length=100, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}@{self.last_seq}"


class StreamEvent(models.Model):
    """One event on a stream, kept so a reconnecting client can replay it, for
    ``settings.LIVE_EVENT_RETENTION`` (``manage.py live_prune``)."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    # Indexed for live_prune, which deletes by age (events_prune).
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["stream", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "seq"], name="live_event_seq_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream.name}#{self.seq} {self.type}"

    def as_frame(self) -> dict:
        return {
            "type": "event",
            "stream": self.stream.name,
            "seq": self.seq,
            "event": self.type,
            "data": self.payload,
        }


class ActionReceipt(models.Model):
    """The answer to a client action carried out with an idempotency key.

    Written in the handler's transaction, so it exists exactly when the action's
    writes do. A retry with the same key (another socket, another process) gets
    ``result`` again instead of acting twice; the unique constraint settles
    concurrent duplicates.
    """

    # "user:<pk>" or "session:<hash>", see Viewer.principal().
    principal = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    result = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["principal", "key"], name="live_receipt_principal_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.action} {self.key}"
