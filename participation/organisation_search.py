"""Organisations in site search and in the directory's own search box. Every
organisation in the registry is public (unverified ones are marked as such),
so each has one entry: its name, legal form, district, spheres and
description. Indexed right after the commit (``immediate``): an entry is
cheap, and a new organisation should be findable at once. Registered by
``apps.py``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import pgettext_lazy

from cms.search.models import SearchEntry, SearchToken
from cms.search.registry import IndexDocument, register_indexer, register_kind
from cms.search.text import query_keys

from .models import Organisation, OrganisationSphere

ORGANISATION = "organisation"


def organisation_documents(organisation: Organisation) -> list[IndexDocument]:
    # Indexed words and link in the site's default language (the entry is
    # shared by all readers; Polish is what people search the registry in).
    with translation.override(settings.LANGUAGE_CODE):
        spheres = [s.get_sphere_display() for s in organisation.spheres.all()]
        text = "\n".join(
            filter(
                None,
                [
                    organisation.get_legal_form_display(),
                    organisation.district,
                    organisation.address,
                    *spheres,
                    organisation.description,
                ],
            )
        )
        return [
            IndexDocument(
                kind=ORGANISATION,
                title=organisation.name,
                text=text,
                link=organisation.get_absolute_url(),
                context=organisation.get_legal_form_display(),
                date=organisation.created_at,
            )
        ]


def matching_ids(query: str) -> QuerySet | None:
    """The ids of organisations matching every word of ``query`` (a subquery);
    None when the query has no words to search."""
    keys_per_word = query_keys(query)
    if not keys_per_word:
        return None
    entries = SearchEntry.objects.filter(
        kind=ORGANISATION,
        source_type=ContentType.objects.get_for_model(Organisation),
    )
    for keys in keys_per_word:
        entries = entries.filter(
            pk__in=SearchToken.objects.filter(token__in=keys).values("entry_id")
        )
    return entries.values("source_id")


def register() -> None:
    register_kind(ORGANISATION, pgettext_lazy("search kind", "Organisations"), order=40)
    register_indexer(
        Organisation,
        documents=organisation_documents,
        queryset=lambda: Organisation.objects.prefetch_related("spheres"),
        dependents={OrganisationSphere: lambda sphere: sphere.organisation},
        immediate=True,
    )
