"""A participant's or host's table page ("Mój stolik"): where they sit, the
ideas, writing, hiding and deleting ideas, dots."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import answers_rate_limited, done, run_service

from ... import selectors, services
from ...cafe_forms import HideIdeaForm, IdeaForm
from ...models import CafeIdea, CafeTable
from ..registration import _event_url
from ._common import (
    TEMPLATES,
    answers_denied,
    cafe_event,
    live_state,
    refused_page,
    safe_back,
)


def _table_page(request, event, *, form=None, status=200) -> HttpResponse:
    live = live_state(event)
    view = selectors.cafe_view(event, request.user)
    writable = _writable_tables(view)
    # A participant writes at the table they sit at; when a round starts
    # while the page is open, cafe.js shows the form and points it there.
    seated = view.participant and not view.facilitator and not view.hosting
    if form is None:
        form = (
            IdeaForm(
                tables=[row.table for row in view.tables],
                seated=True,
                seat=view.my_table,
            )
            if seated
            else IdeaForm(tables=writable)
        )
    return render(
        request,
        f"{TEMPLATES}/table.html",
        {
            "event": event,
            "cafe": view,
            "idea_form": form,
            "writable": writable,
            "seated": seated,
            "event_url": _event_url(request, event),
            "live": live,
            "now": timezone.now(),
        },
        status=status,
    )


def _writable_tables(view) -> list[CafeTable]:
    """Where this reader may write ideas now: every table for a facilitator,
    their tables for a host, the one they sit at for a participant."""
    tables = [row.table for row in view.tables]
    if view.facilitator:
        return tables
    mine = {t.pk for t in view.hosting}
    if view.my_table is not None:
        mine.add(view.my_table.pk)
    return [t for t in tables if t.pk in mine]


@require_GET
@answers_denied
def my_table(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mój stolik": where I sit this round, the ideas, my dots."""
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    return _table_page(request, event)


@require_POST
@answers_denied
def idea_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in to add ideas."))
    view = selectors.cafe_view(event, request.user)
    tables = [row.table for row in view.tables]
    form = IdeaForm(request.POST, tables=tables)
    if form.is_valid():
        table = next(t for t in tables if t.pk == form.cleaned_data["table"])
        idea, limited = run_service(
            form,
            lambda: services.cafe_idea_add(
                user=request.user, table=table, text=form.cleaned_data["text"]
            ),
        )
        if idea is not None:
            return done(
                request,
                _("Idea added."),
                safe_back(request, event),
                idea=selectors.idea_payload(idea),
            )
    else:
        limited = False
    if http.wants_json(request):
        return http.invalid(
            request, form, template="", context={}, rate_limited=limited
        )
    return _table_page(request, event, form=form, status=429 if limited else 400)


@require_POST
@answers_denied
@answers_rate_limited
def idea_hide(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    """A facilitator or the table's host hides an idea, with a reason."""
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(
            _("Only the café's facilitators and the table's host hide ideas.")
        )
    idea = get_object_or_404(CafeIdea, pk=idea_id, event=event)
    form = HideIdeaForm(request.POST)
    if not form.is_valid():
        if http.wants_json(request):
            return http.invalid(request, form, template="", context={})
        return refused_page(
            request,
            event,
            ValidationError([m for e in form.errors.values() for m in e]),
        )
    try:
        services.cafe_idea_hide(
            user=request.user,
            idea=idea,
            category=form.cleaned_data["category"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return refused_page(request, event, error)
    return done(request, _("The idea is hidden."), safe_back(request, event))


@require_POST
@answers_denied
@answers_rate_limited
def idea_delete(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    """The author deletes their own idea while its round runs."""
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Only the idea's author can delete it."))
    idea = get_object_or_404(CafeIdea, pk=idea_id, event=event)
    services.cafe_idea_delete(user=request.user, idea=idea)
    return done(request, _("Your idea is deleted."), safe_back(request, event))


@require_POST
@answers_denied
@answers_rate_limited
def dot(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    event = cafe_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Only the café's participants give dots."))
    idea = get_object_or_404(CafeIdea, pk=idea_id, event=event)
    on = request.POST.get("on") == "1"
    try:
        answer = services.cafe_dot_toggle(user=request.user, idea=idea, on=on)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return http.refused(
            request,
            error.messages[0],
            template=f"{TEMPLATES}/refused.html",
            context={"event": event, "back_url": safe_back(request, event)},
            status=400,
        )
    message = _("Dot given.") if answer["dotted"] else _("Dot taken back.")
    return done(request, message, safe_back(request, event), **answer)
