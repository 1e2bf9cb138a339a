"""The main navigation: fixed sections, each the child of the home page with that
slug. Later apps replace a placeholder page with their index page of the same slug.

The footer links (accessibility statement, documents hub) are found the same way,
in the same single query, cached on the request.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

MAIN_SECTIONS = [
    ("konsultacje", _("Consultations")),
    ("wydarzenia", _("Events")),
    ("organizacje", _("Organisations")),
    ("wyniki", _("Results")),
    ("aktualnosci", _("News")),
]

FOOTER_LINKS = [
    ("dokumenty", _("Documents for organisations")),
    ("deklaracja-dostepnosci", _("Accessibility statement")),
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
        for page in Page.objects.child_of(site.root_page).live().filter(slug__in=slugs):
            url = page.get_url(request)
            if url:
                urls[page.slug] = url
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
