"""Reads for the site shell's pages."""

from django.db.models import Q, QuerySet
from wagtail.models import Page

from cms.links import in_current_language
from cms.live.selectors import stream_last_seq

from .models import LegalPage, NewsPage, PublicDocument, WhatsNewItem
from .services import WHATSNEW_STREAM, whatsnew_kind_label
from .visibility import public_pages


def news_latest(*, parent=None, limit: int | None = None) -> QuerySet[NewsPage]:
    news = public_pages(NewsPage.objects).order_by("-date", "-pk")
    if parent is not None:
        news = news.child_of(parent)
    return news[:limit] if limit else news


def legal_page(kind: str) -> LegalPage | None:
    """The published privacy policy or terms of participation (``LegalKind``)."""
    return public_pages(LegalPage.objects).filter(kind=kind).order_by("path").first()


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


def whatsnew_latest(limit: int = 10) -> tuple[int, list[WhatsNewItem]]:
    """The feed's current sequence number and its newest items, newest first,
    each with ``kind_label``; items announcing a page that is no longer public
    are left out. Two queries.

    The sequence number is read first: an item published in between is then both
    listed and replayed to the browser, which drops the duplicate by its seq,
    instead of being missed.
    """
    seq = stream_last_seq(WHATSNEW_STREAM)
    public = public_pages(Page.objects).values("pk")
    items = list(
        WhatsNewItem.objects.filter(Q(page__isnull=True) | Q(page__in=public)).order_by(
            "-created_at", "-pk"
        )[:limit]
    )
    for item in items:
        item.kind_label = whatsnew_kind_label(item.kind)
        item.url = in_current_language(item.url)
    return seq, items
