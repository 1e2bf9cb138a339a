from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # Imported here, not at the top: Django imports this module before the
        # models exist (the one place a function-local import is the rule).
        from cms.live.registry import register_stream

        from . import permissions
        from .models.pages import STREAM_PREFIX

        register_stream(STREAM_PREFIX, permissions.can_read_event_stream)
