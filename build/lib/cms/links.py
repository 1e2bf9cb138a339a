"""Links: absolute ones for e-mails and feeds, and site paths in the reader's
language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


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


def in_current_language(url: str) -> str:
    """A site path stored in the default language, as the current language's path
    ("/aktualnosci/x/" -> "/en/aktualnosci/x/"); other URLs unchanged."""
    language = translation.get_language()
    if not url.startswith("/") or language == settings.LANGUAGE_CODE:
        return url
    # translate_url resolves the path in the active language, so resolve it in
    # the language it was stored in.
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)
