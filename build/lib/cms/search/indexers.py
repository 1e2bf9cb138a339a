"""The site shell's indexers: documents of the library, news and standard and
legal pages. Registered by ``cms.apps`` (imported there, once the models exist);
consultations, provisions and comments register theirs in their own apps."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from wagtail.models import CollectionViewRestriction, Page

from cms.models import LegalPage, NewsPage, PublicDocument, StandardPage

from .extract import document_text
from .registry import IndexDocument, register_indexer, register_kind

DOCUMENT = "document"
NEWS = "news"
PAGE = "page"


def field_text(page: Page, *names: str) -> str:
    """The searchable text of ``page``'s fields (plain, rich text, StreamField)
    as Wagtail's own index would read them, one paragraph per block."""
    parts = []
    for name in names:
        field = page._meta.get_field(name)
        value = getattr(page, name)
        if hasattr(field, "get_searchable_content"):
            parts.extend(str(item) for item in field.get_searchable_content(value))
        elif value:
            parts.append(str(value))
    return "\n".join(part for part in parts if part.strip())


def _day(value) -> datetime | None:
    if value is None:
        return None
    return timezone.make_aware(datetime.combine(value, time(12)))


def _page_document(page: Page, kind: str, *fields: str, date=None) -> IndexDocument:
    return IndexDocument(
        kind=kind,
        title=page.title,
        text=field_text(page, *fields),
        page=page,
        date=date or page.last_published_at,
    )


def news_documents(page) -> list[IndexDocument]:
    if not page.live:
        return []
    return [_page_document(page, NEWS, "lead", "body", date=_day(page.date))]


def standard_documents(page) -> list[IndexDocument]:
    if not page.live:
        return []
    return [_page_document(page, PAGE, "intro", "body")]


def document_is_public(document) -> bool:
    """Documents in a collection with a view restriction (its own or an
    ancestor's) are for the people it lets in, so never in the shared index."""
    return not document.collection.get_view_restrictions().exists()


def document_documents(document) -> list[IndexDocument]:
    if not document_is_public(document):
        return []
    text = "\n".join(
        part for part in (document.description, document_text(document)) if part
    )
    return [
        IndexDocument(
            kind=DOCUMENT,
            title=document.title,
            text=text,
            link=document.url,
            context=document.get_kind_display(),
            date=document.created_at,
        )
    ]


def register() -> None:
    register_kind(DOCUMENT, pgettext_lazy("search kind", "Documents"), order=40)
    register_kind(NEWS, pgettext_lazy("search kind", "News"), order=50)
    register_kind(PAGE, pgettext_lazy("search kind", "Pages"), order=60)
    register_indexer(
        NewsPage,
        documents=news_documents,
        queryset=lambda: NewsPage.objects.live(),
    )
    for model in (StandardPage, LegalPage):
        register_indexer(
            model,
            documents=standard_documents,
            queryset=lambda model=model: model.objects.live(),
        )
    register_indexer(
        PublicDocument,
        documents=document_documents,
        queryset=lambda: PublicDocument.objects.select_related("collection"),
        # A collection made private (or public again) changes its documents.
        dependents={
            CollectionViewRestriction: lambda restriction: list(
                PublicDocument.objects.filter(
                    Q(collection=restriction.collection)
                    | Q(collection__path__startswith=restriction.collection.path)
                )
            )
        },
    )
