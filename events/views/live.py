"""Screens of the live session: the facilitator console, the participant view,
the projector, joining with the room's code, and the POST forms behind every
button (each works without JavaScript; live_session.js sends the same over the
socket). Every screen renders the present state from the database, with the
stream's seq, and then follows the stream."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.links import absolute_url
from cms.live.selectors import stream_last_seq
from cms.ratelimit import client_ip
from cms.visibility import viewer_for_request

from .. import permissions
from ..live_actions import (
    COMMANDS,
    AskForm,
    HideForm,
    PollCreateForm,
    UpvoteForm,
    VoteForm,
    run_command,
)
from ..models import EventPage
from ..registration_codes import CODE_PARAM
from ..selectors import jury as jury_selectors
from ..selectors import live as selectors
from ..services import live as services
from .registration import _event, denied

TEMPLATES = "events/live"


def join_url(code: str) -> str:
    """The absolute address the projector's QR code holds."""
    return absolute_url(f"{reverse('events:join')}?{urlencode({CODE_PARAM: code})}")


def join_qr_svg(code: str):
    buffer = io.BytesIO()
    segno.make(join_url(code), error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="live-qr",
        title=_("QR code to join the event"),
    )
    # segno writes the SVG; its only text is our title, which it escapes.
    return mark_safe(buffer.getvalue().decode())  # noqa: S308


def _facilitated_event(request: HttpRequest, pk: int) -> EventPage:
    event = _event(request, pk)
    if not permissions.can_run_session(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators may run its session."))
    return event


def _state_context(request, event: EventPage, *, console: bool) -> dict:
    viewer = viewer_for_request(request)
    # The seq first, then the state: an event committed in between is applied
    # again on top of it, which every payload allows (it is whole state).
    seq = stream_last_seq(event.live_stream())
    state = selectors.live_state(event, console=console)
    participant = (
        None
        if console
        else selectors.participant_for(viewer, event.pk, kind=event.kind)
    )
    mine = selectors.my_choices(participant, event)
    return {
        "event": event,
        "stream": event.live_stream(),
        "seq": seq,
        "state": state,
        "participant": participant,
        "mine": mine,
        "config": {
            "event": event.pk,
            "stream": event.live_stream(),
            "participant": participant is not None,
            "mine": mine,
            "state": state,
        },
    }


answers_denied = http.answers_denied(denied)


@require_GET
@answers_denied
def console(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    event = _facilitated_event(request, pk)
    session = services.live_session_ensure(event=event)
    context = _state_context(request, event, console=True)
    context["config"]["console_stream"] = event.console_stream()
    context.update(
        console_stream=event.console_stream(),
        console_seq=stream_last_seq(event.console_stream()),
        session=session,
        agenda=list(event.agenda_items.all()),
        poll_form=PollCreateForm(initial={"event": event.pk}),
        hide_form=HideForm(),
        join_code=session.join_code,
        join_url=join_url(session.join_code),
        guests=selectors.guests_count(event.pk),
    )
    return render(request, f"{TEMPLATES}/console.html", context)


@require_POST
@answers_denied
@http.answers_rate_limited
def command(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    spec = COMMANDS.get(name)
    if spec is None:
        raise Http404
    event = _event(request, pk)
    if not permissions.can_run_session(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators may run its session."))
    data = request.POST.copy()
    data["event"] = str(event.pk)
    form = spec.form(data=data)
    back = reverse("events:console", args=[event.pk])
    if not form.is_valid():
        return _refused_form(request, form.errors, back)
    try:
        run_command(name, facilitator=request.user, data=form.cleaned_data)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return _refused_form(request, _errors_of(error), back)
    return http.done(request, spec.done, back)


def _errors_of(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def _refused_form(request: HttpRequest, errors, back: str) -> HttpResponse:
    """Bad input to a button: 400 JSON, or back to the screen with the reasons."""
    reasons = [str(m) for values in dict(errors).values() for m in values]
    if http.wants_json(request):
        return JsonResponse(
            {"error": " ".join(reasons), "fields": dict(errors)}, status=400
        )
    for message in reasons:
        messages.error(request, message)
    response = redirect(back)
    response.status_code = 303
    return response


@require_GET
def participant_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    context = _state_context(request, event, console=False)
    session = selectors.live_session_for(event)
    context.update(
        ask_form=AskForm(initial={"event": event.pk}),
        is_facilitator=permissions.can_run_session(request.user, event),
        guests_allowed=bool(session and session.guests_allowed),
        registered=selectors.is_registered(request.user, event.pk),
        jury_seat=jury_selectors.seat_of(request.user, event),
    )
    return render(request, f"{TEMPLATES}/participant.html", context)


@require_GET
@answers_denied
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    event = _facilitated_event(request, pk)
    session = services.live_session_ensure(event=event)
    context = _state_context(request, event, console=False)
    context.update(
        join_code=session.join_code,
        join_url=join_url(session.join_code),
        qr=join_qr_svg(session.join_code),
    )
    return render(request, f"{TEMPLATES}/projector.html", context)


def _room_write(request: HttpRequest, event: EventPage, form_class, write, ok: str):
    back = reverse("events:live", args=[event.pk])
    form = form_class(data=request.POST)
    if not form.is_valid():
        return _refused_form(request, form.errors, back)
    try:
        write(viewer_for_request(request), form.cleaned_data)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return _refused_form(request, _errors_of(error), back)
    return http.done(request, ok, back)


@require_POST
@answers_denied
@http.answers_rate_limited
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)

    def write(viewer, data):
        if not event.polls.filter(pk=data["poll"]).exists():
            raise ValidationError({"poll": _("Choose a poll of this event.")})
        services.ballot_cast(
            viewer=viewer, poll_id=data["poll"], option_ids=data["options"]
        )

    return _room_write(request, event, VoteForm, write, _("Your vote is counted."))


@require_POST
@answers_denied
@http.answers_rate_limited
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return _room_write(
        request,
        event,
        AskForm,
        lambda viewer, data: services.question_ask(
            viewer=viewer, event=event, text=data["text"]
        ),
        _("Your question is on the list."),
    )


@require_POST
@answers_denied
@http.answers_rate_limited
def upvote(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)

    def write(viewer, data):
        if not event.live_questions.filter(pk=data["question"]).exists():
            raise ValidationError({"question": _("Choose a question of this event.")})
        services.question_upvote(viewer=viewer, question_id=data["question"])

    return _room_write(request, event, UpvoteForm, write, _("Upvoted."))


@require_http_methods(["GET", "POST"])
@http.answers_rate_limited
def join(request: HttpRequest) -> HttpResponse:
    """``/wydarzenia/dolacz/?kod=``: the QR code's address. GET shows the code
    to confirm (no write on GET); POST lets this browser in."""
    code = services.normalise_join_code(
        request.POST.get(CODE_PARAM) or request.GET.get(CODE_PARAM, "")
    )
    error = None
    status = 200
    if request.method == "POST":
        # A guest is bound to the session: make sure there is one.
        request.session["events_live_guest"] = True
        if not request.session.session_key:
            request.session.save()
        try:
            event, _created = services.guest_join(
                viewer=viewer_for_request(request), code=code, client=client_ip(request)
            )
        except ValidationError as refusal:
            if http.is_rate_limited(refusal):
                raise
            error, status = " ".join(refusal.messages), 400
        except PermissionDenied as refusal:
            error, status = http.reason_of(refusal), 403
        else:
            return redirect("events:live", pk=event.pk)
    return render(
        request,
        f"{TEMPLATES}/join.html",
        {"code": code, "error": error, "param": CODE_PARAM},
        status=status,
    )
