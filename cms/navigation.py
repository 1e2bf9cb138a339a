"""The main navigation: fixed sections, each the child of the home page with that
slug. Later apps replace a placeholder page with their index page of the same slug.

The footer links (accessibility statement, documents hub) are found the same way,
in the same single query, cached on the request. The privacy policy and the terms
of participation are found there too, by their ``LegalPage.kind`` rather than
their slug, which editors may change; their keys are ``legal:<kind>``.
"""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .models import LegalKind

MAIN_SECTIONS = [
    ("konsultacje", _("Consultations")),
    ("wydarzenia", _("Events")),
    ("organizacje", _("Organisations")),
    ("wyniki", _("Results")),
    ("aktualnosci", _("News")),
]


# Sections served by an app's own URLs rather than a page (the organisation
# registry at /organizacje/): slug -> URL name, registered in ``ready()``. They
# win over a page of the same slug, which their URLs shadow anyway.
_section_routes: dict[str, str] = {}


def register_section_route(slug: str, url_name: str) -> None:
    _section_routes[slug] = url_name


def legal_key(kind: str) -> str:
    """The key of a legal page (``LegalKind``) for :func:`section_url`."""
    return f"legal:{kind}"


FOOTER_LINKS = [
    ("dokumenty", _("Documents for organisations")),
    ("deklaracja-dostepnosci", _("Accessibility statement")),
    *((legal_key(kind), label) for kind, label in LegalKind.choices),
]


def _section_urls(request) -> dict[str, str]:
    """URL of each known child of the home page, by slug (one query per request)."""
    if request is None:
        return {}
    cache = getattr(request, "_section_urls", None)
    if cache is not None:
        return cache
    site = Site.find_for_request(request)
    urls: dict[str, str] = {}
    if site is not None:
        slugs = [slug for slug, _label in MAIN_SECTIONS + FOOTER_LINKS]
        pages = (
            Page.objects.child_of(site.root_page)
            .live()
            .filter(Q(slug__in=slugs) | Q(legalpage__isnull=False))
            .annotate(legal_kind=F("legalpage__kind"))
            .order_by("path")
        )
        for page in pages:
            url = page.get_url(request)
            if not url:
                continue
            # The first page of a kind wins, as in ``legal_page``.
            key = legal_key(page.legal_kind) if page.legal_kind else page.slug
            urls.setdefault(key, url)
    for slug, url_name in _section_routes.items():
        urls[slug] = reverse(url_name)
    request._section_urls = urls
    return urls


def section_url(request, slug: str) -> str | None:
    return _section_urls(request).get(slug)


def _links(request, sections) -> list[dict]:
    urls = _section_urls(request)
    path = getattr(request, "path", "")
    return [
        {
            "slug": slug,
            "label": label,
            "url": urls[slug],
            "active": path.startswith(urls[slug]),
        }
        for slug, label in sections
        if slug in urls
    ]


def main_navigation(request) -> list[dict]:
    return _links(request, MAIN_SECTIONS)


def footer_navigation(request) -> list[dict]:
    return _links(request, FOOTER_LINKS)
