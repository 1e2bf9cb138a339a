"""The facilitator's page: tables, rounds, the seating list and the harvest
form (sending chosen ideas to the consultation); its forms and buttons come
back to it with their errors or a message."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import done, run_service

from ... import selectors, services
from ...cafe_forms import HarvestForm, IdeaForm, RoundForm, TableForm
from ...models import CafeIdea, CafeIdeaStatus
from ..registration import _event_url
from ._common import (
    TEMPLATES,
    answers_denied,
    cafe_to_run,
    console_url,
    host_candidates,
    live_state,
)


def console_page(request, event, *, bound=None, status=200) -> HttpResponse:
    """The page, with ``bound`` ({"name": form}) replacing the blank forms
    whose errors it shows."""
    live = live_state(event, console=True)
    view = selectors.cafe_view(event, request.user, with_people=True)
    hosts = host_candidates(event)
    harvestable = [i for i in view.ideas if i.harvested_comment_id is None]
    forms = {
        "table_form": TableForm(hosts=hosts, auto_id=auto_id_for("table", None)),
        "round_form": RoundForm(auto_id=auto_id_for("round", None)),
        "harvest_form": HarvestForm(ideas=harvestable),
        "idea_form": IdeaForm(tables=[row.table for row in view.tables]),
    }
    edit_forms = {}
    for row in view.tables:
        edit_forms[("table", row.table.pk)] = TableForm(
            hosts=hosts,
            auto_id=auto_id_for("table", row.table.pk),
            initial={
                "topic": row.table.topic,
                "size": row.table.size,
                "host": row.table.host_id or "",
            },
        )
    for round_ in view.rounds:
        edit_forms[("round", round_.pk)] = RoundForm(
            auto_id=auto_id_for("round", round_.pk),
            initial={"duration_minutes": round_.duration_minutes},
        )
    for name, form in (bound or {}).items():
        if name == "errors":
            continue
        if isinstance(name, tuple):
            edit_forms[name] = form
        else:
            forms[name] = form
    for row in view.tables:
        row.form = edit_forms[("table", row.table.pk)]
    for round_ in view.rounds:
        round_.form = edit_forms[("round", round_.pk)]
    return render(
        request,
        f"{TEMPLATES}/console.html",
        {
            "event": event,
            "cafe": view,
            "harvestable": harvestable,
            "event_url": _event_url(request, event),
            "live": live,
            "seating": selectors.cafe_seating(event),
            "now": timezone.now(),
            "errors": (bound or {}).get("errors", []),
            **forms,
        },
        status=status,
    )


def invalid_on_console(request, event, name, form, rate_limited=False) -> HttpResponse:
    if http.wants_json(request):
        return http.invalid(
            request, form, template="", context={}, rate_limited=rate_limited
        )
    return console_page(
        request, event, bound={name: form}, status=429 if rate_limited else 400
    )


@require_GET
@answers_denied
def cafe(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    return console_page(request, cafe_to_run(request, pk))


@require_GET
@answers_denied
def seating(request: HttpRequest, pk: int) -> HttpResponse:
    """The seating list alone, as the database has it now: the console
    swaps it in when a round starts or people check in."""
    event = cafe_to_run(request, pk)
    return render(
        request,
        "events/includes/cafe_seating.html",
        {"event": event, "seating": selectors.cafe_seating(event)},
    )


def save_form(request, event, *, kind: str, pk, form, create, update, messages):
    """A table's or a round's form, new (``pk`` None) or changed: the same
    steps for both. ``create``/``update`` take the cleaned data as the
    service's keywords; ``messages`` is (added, saved). Errors show on the
    form they came from (``kind`` and ``pk`` name it on the page)."""
    name = (kind, pk) if pk else f"{kind}_form"
    if not form.is_valid():
        return invalid_on_console(request, event, name, form)
    data = form.cleaned_data
    call = create if pk is None else update
    result, limited = run_service(form, lambda: call(**data))
    if result is None:
        return invalid_on_console(request, event, name, form, limited)
    return done(request, messages[pk is not None], console_url(event))


def auto_id_for(kind: str, pk) -> str:
    return f"{kind}-{pk}-%s" if pk else f"new-{kind}-%s"


def console_button(request, event, call, message) -> HttpResponse:
    """A button without a form (delete, start, finish): its refusal becomes
    a message on the page."""
    try:
        call()
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        if http.wants_json(request):
            return http.refused(
                request, error.messages[0], template="", context={}, status=400
            )
        return console_page(
            request, event, bound={"errors": error.messages}, status=400
        )
    return done(request, message, console_url(event))


@require_POST
@answers_denied
def harvest(request: HttpRequest, pk: int) -> HttpResponse:
    event = cafe_to_run(request, pk)
    ideas = CafeIdea.objects.filter(
        event=event, harvested_comment__isnull=True, status=CafeIdeaStatus.VISIBLE
    ).select_related("table")
    form = HarvestForm(request.POST, ideas=ideas)
    if not form.is_valid():
        return invalid_on_console(request, event, "harvest_form", form)
    comments, limited = run_service(
        form,
        lambda: services.cafe_harvest(
            user=request.user, event=event, ideas=form.cleaned_data["ideas"]
        ),
    )
    if comments is None:
        return invalid_on_console(request, event, "harvest_form", form, limited)
    url = event.consultation.get_url(request) if event.consultation else ""
    return done(
        request,
        ngettext(
            "%(count)d idea sent to the consultation “%(title)s”.",
            "%(count)d ideas sent to the consultation “%(title)s”.",
            len(comments),
        )
        % {"count": len(comments), "title": event.consultation.title},
        console_url(event),
        consultation_url=url,
    )
