from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # Imported here, not at the top: Django imports this module before the
        # models exist (the one place a function-local import is the rule).
        from wagtail.signals import page_published

        from cms.accounts.export import register_exporter
        from cms.accounts.services import register_deletion_hook
        from cms.home import register_home_section
        from cms.live.registry import register_stream

        from . import permissions
        from .models.pages import STREAM_PREFIX, EventPage
        from .receivers import event_published
        from .selectors.registration import user_registrations_export
        from .services.registration import account_deleted
        from .views.pages import home_section_context

        register_stream(STREAM_PREFIX, permissions.can_read_event_stream)
        # "Download my data" and account deletion (GDPR): registrations and
        # their answers are personal data.
        register_exporter("event_registrations", user_registrations_export)
        register_deletion_hook(account_deleted, key="events.registrations")
        # Replaces the site shell's placeholder of the same key (cms/home.py).
        register_home_section(
            "upcoming_events",
            template="events/home_section.html",
            order=20,
            context=home_section_context,
        )
        # A new time or place, found on publishing, reaches the registered
        # people's calendars (events.services.changes).
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="events.published"
        )
