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
