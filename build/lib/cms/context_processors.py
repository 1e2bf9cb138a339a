from collections.abc import Callable

from django.conf import settings
from django.utils.functional import cached_property
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


class StaffQueue:
    """A staff work queue the site header links to with its count. Nothing is
    asked until a template reads it: fragments and pages without the header pay
    nothing, a reader who is not staff pays no COUNT, and the count runs once
    however often the template reads it."""

    def __init__(self, user, *, allowed: Callable[[object], bool], count):
        self._user = user
        self._allowed = allowed
        self._count = count

    @cached_property
    def allowed(self) -> bool:
        return self._allowed(self._user)

    @cached_property
    def count(self) -> int:
        return self._count(self._user) if self.allowed else 0
