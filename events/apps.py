from django.apps import AppConfig
from django.conf import settings
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
        from cms.live.tallies import register_tally

        from . import (
            cafe_actions,
            cafe_live_events,
            live_actions,
            live_events,
            permissions,
        )
        from .models.pages import CONSOLE_STREAM_PREFIX, STREAM_PREFIX, EventPage
        from .receivers import event_published
        from .selectors.jury import user_jury_applications_export
        from .selectors.registration import user_registrations_export
        from .services import live as live_services
        from .services.cafe import dots_snapshot
        from .services.jury import account_deleted as jury_account_deleted
        from .services.registration import account_deleted
        from .views.pages import home_section_context

        register_stream(
            STREAM_PREFIX,
            permissions.can_read_event_stream,
            socket_limit=lambda: settings.EVENT_LIVE_LIMITS["sockets"],
        )
        register_stream(CONSOLE_STREAM_PREFIX, permissions.can_read_console_stream)
        # The live session: socket actions and coalesced counts.
        live_actions.register()
        for event_type, build in (
            (live_events.POLL_TALLIES, live_services.poll_tallies),
            (live_events.CONSOLE_TALLIES, live_services.console_tallies),
            (live_events.QUESTION_TALLIES, live_services.question_tallies),
        ):
            register_tally(event_type, build, seconds="EVENT_LIVE_TALLY_SECONDS")
        # Citizen café: ideas and dots from phones over the live socket; dot
        # counts reach screens as coalesced snapshots.
        register_tally(cafe_live_events.DOTS, dots_snapshot)
        cafe_actions.register()
        # Citizen jury: secret votes and the facilitators' commands over the
        # socket; the number of voters reaches screens coalesced.
        from . import jury_actions, jury_votes_live_events
        from .selectors.jury_votes import voters_snapshot

        jury_actions.register()
        register_tally(jury_votes_live_events.VOTERS, voters_snapshot)
        # "Download my data" and account deletion (GDPR): registrations and
        # their answers are personal data.
        register_exporter("event_registrations", user_registrations_export)
        register_deletion_hook(account_deleted, key="events.registrations")
        # Jury applications: names, contact details, addresses, strata answers.
        register_exporter("jury_applications", user_jury_applications_export)
        register_deletion_hook(jury_account_deleted, key="events.jury")
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
        from . import search

        search.register()
