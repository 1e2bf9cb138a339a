from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms.live.registry import register_stream

        from . import permissions

        register_stream("cms.whatsnew", permissions.can_read_whatsnew)

        from wagtail.signals import page_published

        from .home import register_placeholder_section
        from .models import NewsPage
        from .receivers import news_published

        page_published.connect(
            news_published, sender=NewsPage, dispatch_uid="cms.news_published"
        )
        # Placeholders until the events app and the results pages register theirs
        # under the same keys (see cms/home.py).
        register_placeholder_section(
            "upcoming_events",
            order=20,
            title=_("Upcoming events"),
            empty_message=_("No upcoming events yet."),
            section_slug="wydarzenia",
            more_label=_("About events"),
        )
        register_placeholder_section(
            "latest_results",
            order=30,
            title=_("Latest results"),
            empty_message=_("No results published yet."),
            section_slug="wyniki",
            more_label=_("About results"),
        )
