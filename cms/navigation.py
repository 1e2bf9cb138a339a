"""The main navigation: fixed sections, each the child of the home page with that
slug. Later apps replace a placeholder page with their index page of the same slug."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

MAIN_SECTIONS = [
    ("konsultacje", _("Consultations")),
    ("wydarzenia", _("Events")),
    ("organizacje", _("Organisations")),
    ("wyniki", _("Results")),
    ("aktualnosci", _("News")),
]


def main_navigation(request) -> list[dict]:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    cache = getattr(request, "_main_navigation", None)
    if cache is not None:
        return cache
    slugs = [slug for slug, _label in MAIN_SECTIONS]
    pages = {
        page.slug: page
        for page in Page.objects.child_of(site.root_page).live().filter(slug__in=slugs)
    }
    items = []
    for slug, label in MAIN_SECTIONS:
        page = pages.get(slug)
        if page is None:
            continue
        url = page.get_url(request)
        active = request.path.startswith(url) if url else False
        items.append({"label": label, "url": url, "active": active})
    request._main_navigation = items
    return items
