"""Reads for the site shell's pages."""

from django.db.models import QuerySet

from .models import NewsPage, PublicDocument


def news_latest(*, parent=None, limit: int | None = None) -> QuerySet[NewsPage]:
    news = NewsPage.objects.live().public().order_by("-date", "-pk")
    if parent is not None:
        news = news.child_of(parent)
    return news[:limit] if limit else news


def documents_filtered(
    *, kind: str | None, year: int | None
) -> QuerySet[PublicDocument]:
    documents = PublicDocument.objects.order_by("-year", "-created_at")
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
    """Live, public pages matching ``query``, best first (Wagtail search)."""
    from wagtail.models import Page

    return Page.objects.live().public().specific().search(query)[:50]
