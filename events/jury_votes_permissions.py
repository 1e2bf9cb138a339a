"""Who may do what with a jury's recommendations and votes (the services,
views, templates and socket actions ask these).

Jurors are the people holding a panel seat they have not left; reserves vote
only once they replace someone. The event's facilitators open and close
drafting and each vote; officials enter the mayor's response.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cms.accounts.permissions import is_official, is_signed_in

from .models import JurySeat, SeatRole
from .permissions import is_event_facilitator


def is_jury(event) -> bool:
    return getattr(event, "kind", None) == "jury"


def is_juror(user, jury) -> bool:
    """An active panel seat of ``jury`` (not a reserve, not one who left)."""
    if not is_signed_in(user) or jury is None:
        return False
    return JurySeat.objects.filter(
        jury=jury,
        role=SeatRole.PANEL,
        left_at__isnull=True,
        application__user_id=user.pk,
    ).exists()


def can_run_jury(user, event) -> bool:
    """Opening and closing drafting and votes: the event's facilitators."""
    return is_jury(event) and is_event_facilitator(user, event)


def can_respond(user) -> bool:
    """The mayor's response is entered by an official, as official responses
    to comments are."""
    return is_official(user)


def juror_denied_reason(user, jury) -> str | None:
    """None if ``user`` is a juror of ``jury``, else the reason shown."""
    if not is_signed_in(user):
        return _("Log in as a juror of this panel.")
    if not is_juror(user, jury):
        return _(
            "Only the panel's jurors do this; reserves join once they take a seat."
        )
    return None


def can_see_workroom(user, event) -> bool:
    """The jury's working page (drafting, votes): jurors, facilitators and
    officials; the public sees the jury page."""
    jury = getattr(event, "jury", None)
    return (
        can_run_jury(user, event)
        or can_respond(user)
        or (jury is not None and is_juror(user, jury))
    )
