"""Events in site search: each published event (title, summary, place,
agenda, minutes). Registered by ``apps.py`` (imported there, once the models
exist); comments on an event come from participation's indexer."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from cms.search.indexers import field_text
from cms.search.registry import IndexDocument, register_indexer, register_kind

from .models.pages import EventPage

EVENT = "event"


def event_documents(page: EventPage) -> list[IndexDocument]:
    if not page.live:
        return []
    agenda = [
        " ".join(filter(None, [item.title, item.speaker]))
        for item in page.agenda_items.all()
    ]
    text = "\n".join(
        filter(
            None,
            [
                field_text(page, "summary"),
                page.place_name,
                page.address,
                *agenda,
                field_text(page, "minutes"),
            ],
        )
    )
    return [
        IndexDocument(
            kind=EVENT,
            title=page.title,
            text=text,
            page=page,
            context=page.get_kind_display(),
            date=page.starts_at,
        )
    ]


def register() -> None:
    register_kind(EVENT, pgettext_lazy("search kind", "Events"), order=15)
    register_indexer(
        EventPage,
        documents=event_documents,
        queryset=lambda: EventPage.objects.live(),
    )
