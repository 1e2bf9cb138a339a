"""Messages through Django's gettext when Django is set up (the site and
manage.py speak Polish), the English msgids as they are otherwise (a bare
script such as the benchmark)."""

from __future__ import annotations


def _(message: str) -> str:
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)
