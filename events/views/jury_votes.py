"""Thin views of a jury's deliberation: the working page (jurors draft and
vote, facilitators open and close, officials enter the mayor's response), its
forms, and the parts the live pages fetch again when a frame arrives. Every
form posts and redirects without JavaScript; jury_votes.js sends votes and
commands over the socket and refreshes the parts."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import done, run_service
from cms.live.selectors import stream_last_seq

from ..jury_votes_forms import BallotForm, RecommendationForm, ResponseForm
from ..jury_votes_permissions import (
    can_respond,
    can_run_jury,
    can_see_workroom,
    is_juror,
    is_jury,
)
from ..models import EventPage, JuryPanel, JuryRecommendation
from ..selectors.jury_votes import jury_votes_view
from ..services import jury_votes as services
from .registration import _event, denied

TEMPLATES = "events/jury"
answers_denied = http.answers_denied(denied)
COMMANDS = ("drafting_open", "drafting_close", "vote_open", "vote_close")
PARTS = ("juror", "console", "projector")


def _jury(request: HttpRequest, pk: int) -> tuple[EventPage, JuryPanel]:
    event = _event(request, pk)
    jury = JuryPanel.objects.filter(event=event).first()
    if not is_jury(event) or jury is None:
        raise Http404
    return event, jury


def _workroom(request: HttpRequest, pk: int) -> tuple[EventPage, JuryPanel]:
    event, jury = _jury(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in as a juror of this panel."))
    if not can_see_workroom(request.user, event):
        raise PermissionDenied(
            _("Only the panel's jurors do this; reserves join once they take a seat.")
        )
    return event, jury


def _recommendation(jury: JuryPanel, rid: int) -> JuryRecommendation:
    return get_object_or_404(
        JuryRecommendation.objects.select_related("jury__event"), pk=rid, jury=jury
    )


def _url(event: EventPage) -> str:
    return reverse("events:jury_recommendations", args=[event.pk])


def roles(user, event: EventPage, jury: JuryPanel) -> dict:
    return {
        "is_juror": is_juror(user, jury),
        "runs_jury": can_run_jury(user, event),
        "responds": can_respond(user),
    }


def part_context(request: HttpRequest, event: EventPage, name: str) -> dict:
    """What a live page's jury part needs (``name`` is one of PARTS); empty
    if the event has no jury. The console, participant and projector pages
    include the parts through ``events_jury_votes`` tags."""
    from .jury_groups import groups_context

    view = jury_votes_view(event, request.user)
    if view is None:
        return {}
    return {
        **groups_context(request, event, view.jury, name),
        "event": event,
        "jury": view.jury,
        "votes": view,
        "part": name,
        "part_url": reverse("events:jury_part", args=[event.pk, name]),
        "request": request,
        **roles(request.user, event, view.jury),
    }


def _page(request, event, jury, *, bound=None, status=200) -> HttpResponse:
    """The working page, with ``bound`` ({"key": form}) replacing the blank
    forms whose errors it shows."""
    stream = event.live_stream()
    seq = stream_last_seq(stream)
    view = jury_votes_view(event, request.user, with_history=True)
    bound = bound or {}
    for recommendation in view.recommendations:
        key = recommendation.pk
        recommendation.amend_form = bound.get(("amend", key)) or RecommendationForm(
            auto_id=f"amend-{key}-%s",
            initial={"title": recommendation.title, "text": recommendation.text},
        )
        recommendation.ballot_form = bound.get(("ballot", key)) or BallotForm(
            auto_id=f"ballot-{key}-%s"
        )
        response = getattr(recommendation, "response", None)
        recommendation.response_form = bound.get(("respond", key)) or ResponseForm(
            auto_id=f"respond-{key}-%s",
            initial=(
                {"decision": response.decision, "reasoning": response.reasoning}
                if response
                else None
            ),
        )
    return render(
        request,
        f"{TEMPLATES}/workroom.html",
        {
            "event": event,
            "jury": jury,
            "votes": view,
            "stream": stream,
            "seq": seq,
            "propose_form": bound.get("propose")
            or RecommendationForm(auto_id="propose-%s"),
            "errors": bound.get("errors", []),
            **roles(request.user, event, jury),
        },
        status=status,
    )


def _invalid(request, event, jury, key, form, rate_limited=False) -> HttpResponse:
    if http.wants_json(request):
        return http.invalid(
            request, form, template="", context={}, rate_limited=rate_limited
        )
    return _page(
        request, event, jury, bound={key: form}, status=429 if rate_limited else 400
    )


def _ballot_invalid(request, event, jury, form, rate_limited=False):
    """A refused ballot: its reasons at the top of the page (the ballot
    itself sits in the live part, which shows no bound form)."""
    if http.wants_json(request):
        return http.invalid(
            request, form, template="", context={}, rate_limited=rate_limited
        )
    errors = [message for messages in form.errors.values() for message in messages]
    status = 429 if rate_limited else 400
    return _page(request, event, jury, bound={"errors": errors}, status=status)


@require_GET
@answers_denied
def recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    event, jury = _workroom(request, pk)
    return _page(request, event, jury)


def _form_write(request, event, jury, *, key, form, call, message) -> HttpResponse:
    """A form posted to the workroom: ``call(cleaned_data)`` runs the service;
    its field errors, refusals and rate limit come back on the page (or as
    JSON) under ``key``, success with ``message``."""
    if not form.is_valid():
        return _invalid(request, event, jury, key, form)
    result, limited = run_service(form, lambda: call(form.cleaned_data))
    if result is None:
        return _invalid(request, event, jury, key, form, limited)
    return done(request, message, _url(event))


@require_POST
@answers_denied
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _workroom(request, pk)
    return _form_write(
        request,
        event,
        jury,
        key="propose",
        form=RecommendationForm(request.POST, auto_id="propose-%s"),
        call=lambda data: services.recommendation_propose(
            user=request.user, jury=jury, title=data["title"], text=data["text"]
        ),
        message=_("Recommendation proposed."),
    )


@require_POST
@answers_denied
def amend(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    event, jury = _workroom(request, pk)
    recommendation = _recommendation(jury, rid)
    return _form_write(
        request,
        event,
        jury,
        key=("amend", rid),
        form=RecommendationForm(request.POST, auto_id=f"amend-{rid}-%s"),
        call=lambda data: services.recommendation_amend(
            user=request.user,
            recommendation=recommendation,
            title=data["title"],
            text=data["text"],
        ),
        message=_("Amendment saved."),
    )


@require_POST
@answers_denied
def ballot(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """A juror's secret vote. The message after it does not name the option:
    messages may be kept in the session, which is a database row."""
    event, jury = _workroom(request, pk)
    recommendation = _recommendation(jury, rid)
    if not is_juror(request.user, jury):
        raise PermissionDenied(
            _("Only the panel's jurors do this; reserves join once they take a seat.")
        )
    form = BallotForm(request.POST, auto_id=f"ballot-{rid}-%s")
    if not form.is_valid():
        return _ballot_invalid(request, event, jury, form)
    voters, limited = run_service(
        form,
        lambda: services.vote_cast(
            user=request.user,
            recommendation=recommendation,
            option=form.cleaned_data["option"],
        ),
    )
    if voters is None:
        return _ballot_invalid(request, event, jury, form, limited)
    return done(request, _("Your vote has been cast."), _url(event), voters=voters)


@require_POST
@answers_denied
def command(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A facilitator's button: open or close drafting, open or close a vote."""
    event, jury = _workroom(request, pk)
    if name not in COMMANDS:
        raise Http404
    if not can_run_jury(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators run the jury."))
    try:
        if name.startswith("drafting_"):
            services.jury_drafting_set(
                user=request.user, jury=jury, open=name == "drafting_open"
            )
        else:
            try:
                rid = int(request.POST.get("recommendation", ""))
            except ValueError:
                raise Http404 from None
            recommendation = _recommendation(jury, rid)
            call = services.vote_open if name == "vote_open" else services.vote_close
            call(user=request.user, recommendation=recommendation)
    except ValidationError as error:
        if http.wants_json(request):
            return http.refused(
                request, error.messages[0], template="", context={}, status=400
            )
        return _page(request, event, jury, bound={"errors": error.messages}, status=400)
    messages = {
        "drafting_open": _("Drafting is open."),
        "drafting_close": _("Drafting is closed."),
        "vote_open": _("The vote is open."),
        "vote_close": _("The vote is closed."),
    }
    return done(request, messages[name], http.safe_next(request, _url(event)))


@require_POST
@answers_denied
def respond(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    event, jury = _workroom(request, pk)
    recommendation = _recommendation(jury, rid)
    return _form_write(
        request,
        event,
        jury,
        key=("respond", rid),
        form=ResponseForm(request.POST, auto_id=f"respond-{rid}-%s"),
        call=lambda data: services.recommendation_respond(
            user=request.user,
            recommendation=recommendation,
            decision=data["decision"],
            reasoning=data["reasoning"],
        ),
        message=_("The mayor's response is saved."),
    )


@require_GET
@answers_denied
def part(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One part of a live page, rendered again for jury_votes.js when a
    frame arrives. The projector's and the juror's parts show what the
    public may see (the number of voters while a vote is open; ballots only to
    jurors); the console's is for the event's facilitators."""
    if name not in PARTS:
        raise Http404
    event, jury = _jury(request, pk)
    if name == "console" and not can_run_jury(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators run the jury."))
    return render(
        request,
        f"{TEMPLATES}/_{name}_part.html",
        part_context(request, event, name),
    )
