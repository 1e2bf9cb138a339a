"""Reads for the site shell's pages."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from cms.links import in_current_language
from cms.live.selectors import stream_events_latest, stream_last_seq

from .models import NewsPage, PublicDocument
from .services import WHATSNEW_EVENT, WHATSNEW_STREAM, whatsnew_kind_label


def news_latest(*, parent=None, limit: int | None = None) -> QuerySet[NewsPage]:
    news = NewsPage.objects.live().public().order_by("-date", "-pk")
    if parent is not None:
        news = news.child_of(parent)
    return news[:limit] if limit else news


def documents_filtered(
    *, kind: str | None, year: int | None
) -> QuerySet[PublicDocument]:
    documents = PublicDocument.objects.order_by("-year", "-created_at", "-pk")
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(year=year)
    return documents


def document_years() -> list[int]:
    return list(
        PublicDocument.objects.exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def site_search(query: str, *, request=None):
    """Live, public pages matching ``query``, best first (Wagtail search).

    The result is lazy: paginate it, and only the shown page is fetched.
    """
    from wagtail.models import Page

    # The SQLite backend hands double quotes to FTS5 unescaped, where an unpaired
    # one is a syntax error; the words are what people are looking for.
    words = " ".join(query.replace('"', " ").split())
    if not words:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(words)


@dataclass(frozen=True)
class WhatsNewItem:
    seq: int
    kind: str
    kind_label: str
    title: str
    url: str
    at: datetime | None


def whatsnew_latest(limit: int = 10) -> tuple[int, list[WhatsNewItem]]:
    """The feed's current sequence number and its newest items, newest first.

    The sequence number is read first: an item published in between is then both
    listed and replayed to the browser, which drops the duplicate by its seq,
    instead of being missed.
    """
    seq = stream_last_seq(WHATSNEW_STREAM)
    items = []
    for event in stream_events_latest(WHATSNEW_STREAM, limit):
        data = event.payload or {}
        if event.type != WHATSNEW_EVENT or not data.get("title"):
            continue
        kind = str(data.get("kind", ""))
        items.append(
            WhatsNewItem(
                seq=event.seq,
                kind=kind,
                kind_label=whatsnew_kind_label(kind),
                title=str(data["title"]),
                url=in_current_language(str(data.get("url", ""))),
                at=parse_datetime(str(data.get("at", ""))) or event.created_at,
            )
        )
    return seq, items
