"""Absolute links for e-mails and feeds."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(target=None, fragment: str = "") -> str:
    """The public address of a page (anything with ``get_url``) or a site path.

    Relative links are joined to SITE_URL, the address people actually use; the
    Wagtail Site record's host and port are often left at their defaults.
    """
    if target is None:
        url = "/"
    elif isinstance(target, str):
        url = target
    else:
        url = target.get_url() or "/"
    if not urlsplit(url).scheme:
        url = settings.SITE_URL + (url if url.startswith("/") else f"/{url}")
    url = url.split("#", 1)[0]
    return f"{url}#{fragment}" if fragment else url
