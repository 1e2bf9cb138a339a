"""The café's tables: a topic, a host, a size (facilitators set them up)."""

from __future__ import annotations

import bleach
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ...models import CafeTable, EventPage
from ...models.cafe import TOPIC_MAX_LENGTH
from ._common import check_runs, lock_event, number_in, setup_changed

TABLE_SIZE_RANGE = (2, 50)


def _clean_topic(topic: str) -> str:
    topic = bleach.clean(topic or "", tags=[], strip=True).strip()
    if not topic:
        raise ValidationError(
            {"topic": ValidationError(_("Give the table a topic."), code="required")}
        )
    if len(topic) > TOPIC_MAX_LENGTH:
        raise ValidationError(
            {
                "topic": ValidationError(
                    _("Write at most %(limit)d characters.")
                    % {"limit": TOPIC_MAX_LENGTH},
                    code="max_length",
                )
            }
        )
    return topic


def _clean_size(size) -> int:
    low, high = TABLE_SIZE_RANGE
    return number_in(
        size,
        low,
        high,
        "size",
        _("A table seats %(low)d to %(high)d people.") % {"low": low, "high": high},
    )


# --- tables ---------------------------------------------------------------------------
@transaction.atomic
def cafe_table_create(
    *, user, event: EventPage, topic: str, size=6, host=None
) -> CafeTable:
    """Adds a table (numbered after the last one) with its topic and host."""
    event = lock_event(event)
    check_runs(user, event)
    topic, size = _clean_topic(topic), _clean_size(size)
    last = CafeTable.objects.filter(event=event).aggregate(n=Max("number"))["n"]
    table = CafeTable.objects.create(
        event=event, number=(last or 0) + 1, topic=topic, size=size, host=host
    )
    setup_changed(event)
    return table


@transaction.atomic
def cafe_table_update(*, user, table: CafeTable, topic: str, size, host) -> CafeTable:
    """Changes a table's topic, size or host (also between rounds)."""
    event = lock_event(table.event)
    check_runs(user, event)
    table = CafeTable.objects.select_for_update().get(pk=table.pk)
    table.topic, table.size, table.host = _clean_topic(topic), _clean_size(size), host
    table.save(update_fields=["topic", "size", "host"])
    setup_changed(event)
    return table


@transaction.atomic
def cafe_table_delete(*, user, table: CafeTable) -> None:
    """Removes a table nobody has sat at and no idea belongs to."""
    event = lock_event(table.event)
    check_runs(user, event)
    if table.seats.exists() or table.ideas.exists():
        raise ValidationError(
            _("People have already sat at this table: it stays, with its ideas."),
            code="in_use",
        )
    table.delete()
    setup_changed(event)
