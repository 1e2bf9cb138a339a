from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # Imported here, not at the top: Django imports this module before the
        # models exist (the one place a function-local import is the rule).
        from cms.accounts.export import register_exporter
        from cms.accounts.services import register_deletion_hook
        from cms.live.registry import register_stream
        from cms.live.tallies import register_tally

        from . import cafe_actions, cafe_live_events, permissions
        from .models.pages import STREAM_PREFIX
        from .selectors.registration import user_registrations_export
        from .services.cafe import dots_snapshot
        from .services.registration import account_deleted

        register_stream(STREAM_PREFIX, permissions.can_read_event_stream)
        # Citizen café: ideas and dots from phones over the live socket; dot
        # counts reach screens as coalesced snapshots.
        register_tally(cafe_live_events.DOTS, dots_snapshot)
        cafe_actions.register()
        # "Download my data" and account deletion (GDPR): registrations and
        # their answers are personal data.
        register_exporter("event_registrations", user_registrations_export)
        register_deletion_hook(account_deleted, key="events.registrations")
