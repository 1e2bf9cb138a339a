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

        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished

        from .home import register_placeholder_section
        from .models import NewsPage
        from .receivers import news_published, visibility_changed

        page_published.connect(
            news_published, sender=NewsPage, dispatch_uid="cms.news_published"
        )
        # Any page type: page_unpublished is sent with the specific class.
        page_unpublished.connect(visibility_changed, dispatch_uid="cms.unpublished")
        post_delete.connect(visibility_changed, sender=Page, dispatch_uid="cms.deleted")
        post_save.connect(
            visibility_changed,
            sender=PageViewRestriction,
            dispatch_uid="cms.restricted",
        )
        m2m_changed.connect(
            visibility_changed,
            sender=PageViewRestriction.groups.through,
            dispatch_uid="cms.restricted_groups",
        )
        from .search import indexers as search_indexers
        from .search import receivers as search_receivers

        search_indexers.register()
        search_receivers.connect()

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
