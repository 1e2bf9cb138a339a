from django.conf import settings

from .navigation import main_navigation


def site_shell(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "main_navigation": main_navigation(request),
    }
