from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        # "Download my data" and account deletion (GDPR): the accounts app calls
        # what each app registers here.
        from cms.accounts.export import register_exporter
        from cms.accounts.services import register_deletion_hook
        from cms.live.tallies import register_tally

        from . import rendering, selectors, services

        register_exporter("participation", selectors.user_participation_export)
        register_tally(rendering.TALLIES_EVENT, rendering.supports_snapshot)
        register_deletion_hook(services.account_deleted, key="participation")

        from . import organisation_search, search

        search.register()

        from cms.live.registry import register_stream

        from . import permissions_proposals, proposal_live_events  # noqa: F401

        register_stream(
            permissions_proposals.STREAM_PREFIX,
            permissions_proposals.can_read_proposal_stream,
        )
        organisation_search.register()

        from cms.navigation import register_section_route

        register_section_route("organizacje", "organisations:directory")
