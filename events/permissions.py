"""Who may see and do what with events. Every view, export, feed and socket
asks these functions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.accounts.permissions import (
    has_verified_email,
    is_editor,
    is_facilitator,
    is_signed_in,
)
from cms.params import parse_id
from cms.visibility import Viewer, page_visible_to

from .models import EventPage, Registration, RegistrationStatus


def can_view(viewer: Viewer, event) -> bool:
    """An event (its page, calendar entry, live session) is as visible as its
    page: published and let in by its view restrictions."""
    return page_visible_to(viewer, event)


def is_event_facilitator(user, event) -> bool:
    """The facilitators assigned to the event run it; superusers may too. The
    Facilitator role alone is not enough: it has to be this event."""
    if not is_facilitator(user):
        return False
    if user.is_superuser:
        return True
    return event.facilitators.filter(user_id=user.pk).exists()


def can_read_event_stream(viewer: Viewer, key: str) -> bool:
    """Live events of an event are as visible as its page."""
    pk = parse_id(key)
    if pk is None:
        return False
    # By content type rather than through EventPage: models import nothing
    # from here, but keeping the registry check free of page classes matches
    # the consultations stream.
    page = Page.objects.filter(
        id=pk, content_type__app_label="events", content_type__model="eventpage"
    ).first()
    return page is not None and can_view(viewer, page)


def _event_page(key: str):
    pk = parse_id(key)
    if pk is None:
        return None
    return EventPage.objects.filter(id=pk).first()


def can_read_console_stream(viewer: Viewer, key: str) -> bool:
    """The console's stream (poll counts before they are revealed) is for the
    event's facilitators."""
    event = _event_page(key)
    return (
        event is not None
        and can_view(viewer, event)
        and is_event_facilitator(viewer.user, event)
    )


def can_run_session(user, event) -> bool:
    """The facilitator console, its commands and the projector."""
    return is_event_facilitator(user, event)


# --- registration ----------------------------------------------------------------
def registration_denied_reason(user, event) -> str | None:
    """None if ``user`` may register for ``event`` now, else the reason shown
    (the form is not offered then). Whether a place is free does not matter
    here: a full event puts people on its waiting list."""
    if not is_signed_in(user):
        return _("Log in to register.")
    if not has_verified_email(user):
        return _("Confirm your e-mail address to register.")
    if not event.takes_registration:
        return _("This event takes no registration.")
    if event.is_cancelled:
        return _("This event has been cancelled.")
    now = timezone.now()
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if not event.registration_is_open(now):
        return _("Registration is closed.")
    return None


def can_register(user, event) -> bool:
    return registration_denied_reason(user, event) is None


def can_see_registrations(user, event) -> bool:
    """The registration list holds personal data (names, e-mail addresses,
    answers): only the event's facilitators see it, check people in and
    export it."""
    return is_event_facilitator(user, event)


def can_see_online_link(user, event) -> bool:
    """The online meeting's link goes only to people holding a confirmed place
    and to the event's facilitators: a public link invites strangers into the
    meeting."""
    if not event.online_url or not is_signed_in(user):
        return False
    if is_event_facilitator(user, event):
        return True
    return event.registrations.filter(
        user_id=user.pk, status=RegistrationStatus.CONFIRMED
    ).exists()


# --- citizen café ------------------------------------------------------------------
# Who does what at a café (``events.services.cafe`` asks these, and so do its
# views, templates and socket actions): the event's facilitators set up the
# tables and rounds, start rounds and send the harvest; a table's host records
# its ideas; participants (confirmed registrations) write ideas at the table
# they sit at and give dots. Services pass the objects they locked, so these
# read only what they are given plus a registration or a seat.
def is_cafe(event) -> bool:
    return getattr(event, "kind", None) == "cafe"


def can_run_cafe(user, event) -> bool:
    return is_cafe(event) and is_event_facilitator(user, event)


def is_cafe_participant(user, event) -> bool:
    """A confirmed registration makes a participant (seated, writes, dots)."""
    if not is_signed_in(user) or not is_cafe(event):
        return False
    return Registration.objects.filter(
        event=event, user_id=user.pk, status=RegistrationStatus.CONFIRMED
    ).exists()


def is_table_host(user, table) -> bool:
    return is_signed_in(user) and table.host_id == user.pk


def cafe_idea_denied_reason(user, table, *, seat_table_id: int | None) -> str | None:
    """None if ``user`` may add an idea at ``table`` now. ``seat_table_id`` is
    where the person sits in the running round (None: not seated or no round
    running)."""
    if not is_signed_in(user):
        return _("Log in to add ideas.")
    event = table.event
    if can_run_cafe(user, event) or is_table_host(user, table):
        return None
    if seat_table_id is None:
        return _("Ideas are added at your table while a round is running.")
    if seat_table_id != table.pk:
        return _("You can add ideas only at the table you sit at.")
    return None


def can_hide_cafe_idea(user, idea) -> bool:
    """The event's facilitators hide any idea, a table's host those of their
    own table; nobody else (an idea's author deletes it instead)."""
    if not is_signed_in(user) or not is_cafe(idea.event):
        return False
    return is_table_host(user, idea.table) or can_run_cafe(user, idea.event)


def cafe_idea_delete_denied_reason(
    user, idea, *, running_round_id: int | None
) -> str | None:
    """None if ``user`` may delete ``idea``: their own, while the round it was
    written in is still running and before it went to the consultation."""
    if not is_signed_in(user) or idea.author_id != user.pk:
        return _("Only the idea's author can delete it.")
    if idea.harvested_comment_id is not None:
        return _("This idea has been sent to the consultation: it stays.")
    if running_round_id is None or idea.round_id != running_round_id:
        return _("Ideas can be deleted only while their round is running.")
    return None


# --- citizen jury ------------------------------------------------------------------
# The jury's organisers are the event's facilitators and the site's editors: they
# set it up, see the applicants' personal data, run the draw and replace jurors.
# Residents apply while applications are open; everyone sees the public protocol.
def is_jury(event) -> bool:
    return getattr(event, "kind", None) == "jury"


def can_organise_jury(user, event) -> bool:
    if not is_jury(event) or not is_signed_in(user):
        return False
    return is_editor(user) or is_event_facilitator(user, event)


def can_see_applicants(user, event) -> bool:
    """Applicants' names, contact details and addresses: organisers only."""
    return can_organise_jury(user, event)


def jury_application_denied_reason(user, jury, now=None) -> str | None:
    """None if ``user`` may apply to ``jury`` now, else the reason shown."""
    if not is_signed_in(user):
        return _("Log in to apply.")
    if not has_verified_email(user):
        return _("Confirm your e-mail address to apply.")
    now = now or timezone.now()
    if jury.event.is_cancelled:
        return _("This event has been cancelled.")
    if jury.applications_open_at is None or now < jury.applications_open_at:
        return _("Applications have not opened yet.")
    if not jury.applications_are_open(now):
        return _("Applications are closed.")
    return None
