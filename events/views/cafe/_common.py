"""What the café's views share: finding the café (404 if the event is not
one), the facilitators' check (403), the live stream a page follows, the way
back after a form and the refusal page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.live.selectors import stream_last_seq

from ... import permissions
from ...models import EventPage, RegistrationStatus
from ..registration import _event, denied

TEMPLATES = "events/cafe"
answers_denied = http.answers_denied(denied)


def cafe_event(request: HttpRequest, pk: int) -> EventPage:
    event = _event(request, pk)
    if not permissions.is_cafe(event):
        raise Http404
    return event


def cafe_to_run(request: HttpRequest, pk: int) -> EventPage:
    """The café, for its facilitators (403 to the others who may see it)."""
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in as the event's facilitator."))
    if not permissions.can_run_cafe(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators run the café."))
    return event


def console_url(event: EventPage) -> str:
    return reverse("events:cafe", args=[event.pk])


def host_candidates(event: EventPage) -> list:
    """Who may host a table: the event's facilitators and its participants."""
    return list(
        get_user_model()
        .objects.filter(
            Q(facilitated_events__page=event)
            | Q(
                event_registrations__event=event,
                event_registrations__status=RegistrationStatus.CONFIRMED,
            )
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def live_state(event: EventPage, *, console: bool = False) -> dict:
    """The stream and the seq the page is current up to: read before the
    state, so an event committed in between is replayed, never missed (the
    script ignores an idea it already shows). ``console``: the facilitators'
    stream too (check-ins for the seating list)."""
    stream = event.live_stream()
    live = {"stream": stream, "seq": stream_last_seq(stream)}
    if console:
        live["console_stream"] = event.console_stream()
        live["console_seq"] = stream_last_seq(live["console_stream"])
    return live


def safe_back(request, event) -> str:
    return http.safe_next(request, reverse("events:cafe_table", args=[event.pk]))


def refused_page(request, event, error: ValidationError) -> HttpResponse:
    return http.refused(
        request,
        " ".join(error.messages),
        template=f"{TEMPLATES}/refused.html",
        context={"event": event, "back_url": safe_back(request, event)},
        status=400,
    )
