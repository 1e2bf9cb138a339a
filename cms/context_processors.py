from django.conf import settings
from django.utils.translation import get_language

from .navigation import main_navigation


def content_language() -> str:
    """The language of what people and editors write (the site's default,
    settings.LANGUAGE_CODE) when the interface speaks another, else "": the
    templates mark such content ``lang="{{ CONTENT_LANG }}"`` (WCAG 3.1.2)."""
    content = settings.LANGUAGE_CODE
    interface = (get_language() or content).split("-")[0]
    return "" if interface == content.split("-")[0] else content


def site_shell(request):
    return {
        "CONTENT_LANG": content_language(),
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "main_navigation": main_navigation(request),
    }
