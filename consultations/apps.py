from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_section_context(request) -> dict:
    from .models import ConsultationIndexPage
    from .selectors import consultations_open

    index = ConsultationIndexPage.objects.live().first()
    return {
        "consultations": consultations_open(limit=6),
        "index_url": index.get_url(request) if index is not None else "",
    }


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from cms.home import register_home_section
        from cms.live.registry import register_stream

        from . import permissions
        from .pages import STREAM_PREFIX

        register_stream(STREAM_PREFIX, permissions.can_read_consultation_stream)
        register_home_section(
            "open_consultations",
            template="consultations/home_section.html",
            order=10,
            context=_home_section_context,
        )
