from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # Imported here, not at the top: Django imports this module before the
        # models exist (the one place a function-local import is the rule).
        from cms.home import register_home_section
        from cms.live.registry import register_stream

        from . import permissions, views
        from .pages import STREAM_PREFIX

        register_stream(STREAM_PREFIX, permissions.can_read_consultation_stream)

        from . import search

        search.register()

        register_home_section(
            "open_consultations",
            template="consultations/home_section.html",
            order=10,
            context=views.home_section_context,
        )
