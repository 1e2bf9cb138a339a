"""Consultations in site search: each published consultation (title, summary,
legal basis, the act's title) and each provision of its current published
version, linked straight to the provision. Registered by ``apps.py``."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from cms.search.indexers import field_text
from cms.search.registry import IndexDocument, register_indexer, register_kind

from .models import ConsultationPage, DraftAct, DraftActVersion

CONSULTATION = "consultation"
PROVISION = "provision"


def consultation_documents(page) -> list[IndexDocument]:
    """The consultation and its current provisions; none unless published (the
    page's view restrictions are checked when searching)."""
    if not page.live:
        return []
    act = getattr(page, "draft_act", None)
    text = field_text(page, "summary", "legal_basis")
    if act is not None:
        text = f"{act.title}\n{text}"
    documents = [
        IndexDocument(
            kind=CONSULTATION,
            title=page.title,
            text=text,
            page=page,
            date=page.opens_at,
        )
    ]
    version = page.current_version()
    for provision in page.current_provisions():
        title = provision.label
        if provision.heading:
            title = f"{title} {provision.heading}"
        documents.append(
            IndexDocument(
                kind=PROVISION,
                part=str(provision.key),
                # "§ 9 Komisje konkursowe": the label and heading are searched
                # too ("§ 9" finds it), the text shown as the snippet.
                title=title,
                text=provision.text,
                link=f"#provision-{provision.key}",
                page=page,
                context=page.title,
                date=version.published_at if version else None,
            )
        )
    return documents


def register() -> None:
    register_kind(CONSULTATION, pgettext_lazy("search kind", "Consultations"), order=10)
    register_kind(
        PROVISION, pgettext_lazy("search kind", "Provisions of draft acts"), order=20
    )
    register_indexer(
        ConsultationPage,
        documents=consultation_documents,
        queryset=lambda: ConsultationPage.objects.live(),
        # Publishing (or deleting) a version changes the provisions searched.
        dependents={
            DraftActVersion: lambda version: version.act.consultation,
            DraftAct: lambda act: act.consultation,
        },
    )
