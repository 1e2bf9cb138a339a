"""The feed used to be read from its live events: copy them into the feed's own
table, so pruning old events deletes no content."""

from django.db import migrations
from django.utils.dateparse import parse_datetime


def copy_events(apps, schema_editor):
    StreamEvent = apps.get_model("live", "StreamEvent")
    WhatsNewItem = apps.get_model("cms", "WhatsNewItem")
    items = []
    events = StreamEvent.objects.filter(
        stream__name="cms.whatsnew", type="whatsnew.item"
    ).order_by("seq")
    for event in events.iterator():
        data = event.payload or {}
        title = " ".join(str(data.get("title", "")).split())
        url = str(data.get("url", ""))
        if not title or not url:
            continue
        at = parse_datetime(str(data.get("at", ""))) or event.created_at
        items.append(
            WhatsNewItem(
                kind=str(data.get("kind", ""))[:40],
                title=title[:200],
                url=url[:500],
                seq=event.seq,
                created_at=at,
            )
        )
    WhatsNewItem.objects.bulk_create(items)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_whatsnew_items"),
        ("live", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_events, migrations.RunPython.noop)]
