"""Thin views of the citizen café: the facilitator's page (tables, rounds,
starting rounds, the harvest), a participant's table (where they sit now,
its ideas, dots) and the projector's harvest wall. Every form posts and
redirects without JavaScript; cafe.js does the same over the live socket."""

from __future__ import annotations

import io
from functools import partial

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import answers_rate_limited, done, run_service
from cms.live.selectors import stream_last_seq

from .. import permissions, selectors, services
from ..cafe_forms import HarvestForm, HideIdeaForm, IdeaForm, RoundForm, TableForm
from ..models import (
    CafeIdea,
    CafeIdeaStatus,
    CafeRound,
    CafeTable,
    EventPage,
    RegistrationStatus,
)
from .registration import _event, _event_url, denied

TEMPLATES = "events/cafe"
answers_denied = http.answers_denied(denied)


def _cafe(request: HttpRequest, pk: int) -> EventPage:
    event = _event(request, pk)
    if not permissions.is_cafe(event):
        raise Http404
    return event


def _run(request: HttpRequest, pk: int) -> EventPage:
    """The café, for its facilitators (403 to the others who may see it)."""
    event = _cafe(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in as the event's facilitator."))
    if not permissions.can_run_cafe(request.user, event):
        raise PermissionDenied(_("Only the event's facilitators run the café."))
    return event


def _console_url(event: EventPage) -> str:
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


def _live(event: EventPage, *, console: bool = False) -> dict:
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


# --- the facilitator's page ---------------------------------------------------------
def _console(request, event, *, bound=None, status=200) -> HttpResponse:
    """The page, with ``bound`` ({"name": form}) replacing the blank forms
    whose errors it shows."""
    live = _live(event, console=True)
    view = selectors.cafe_view(event, request.user, with_people=True)
    hosts = host_candidates(event)
    harvestable = [i for i in view.ideas if i.harvested_comment_id is None]
    forms = {
        "table_form": TableForm(hosts=hosts, auto_id=_auto_id("table", None)),
        "round_form": RoundForm(auto_id=_auto_id("round", None)),
        "harvest_form": HarvestForm(ideas=harvestable),
        "idea_form": IdeaForm(tables=[row.table for row in view.tables]),
    }
    edit_forms = {}
    for row in view.tables:
        edit_forms[("table", row.table.pk)] = TableForm(
            hosts=hosts,
            auto_id=_auto_id("table", row.table.pk),
            initial={
                "topic": row.table.topic,
                "size": row.table.size,
                "host": row.table.host_id or "",
            },
        )
    for round_ in view.rounds:
        edit_forms[("round", round_.pk)] = RoundForm(
            auto_id=_auto_id("round", round_.pk),
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


def _invalid(request, event, name, form, rate_limited=False) -> HttpResponse:
    if http.wants_json(request):
        return http.invalid(
            request, form, template="", context={}, rate_limited=rate_limited
        )
    return _console(
        request, event, bound={name: form}, status=429 if rate_limited else 400
    )


@require_GET
@answers_denied
def cafe(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    return _console(request, _run(request, pk))


@require_GET
@answers_denied
def seating(request: HttpRequest, pk: int) -> HttpResponse:
    """The seating list alone, as the database has it now: the console
    swaps it in when a round starts or people check in."""
    event = _run(request, pk)
    return render(
        request,
        "events/includes/cafe_seating.html",
        {"event": event, "seating": selectors.cafe_seating(event)},
    )


def _save(request, event, *, kind: str, pk, form, create, update, messages):
    """A table's or a round's form, new (``pk`` None) or changed: the same
    steps for both. ``create``/``update`` take the cleaned data as the
    service's keywords; ``messages`` is (added, saved). Errors show on the
    form they came from (``kind`` and ``pk`` name it on the page)."""
    name = (kind, pk) if pk else f"{kind}_form"
    if not form.is_valid():
        return _invalid(request, event, name, form)
    data = form.cleaned_data
    call = create if pk is None else update
    result, limited = run_service(form, lambda: call(**data))
    if result is None:
        return _invalid(request, event, name, form, limited)
    return done(request, messages[pk is not None], _console_url(event))


def _auto_id(kind: str, pk) -> str:
    return f"{kind}-{pk}-%s" if pk else f"new-{kind}-%s"


@require_POST
@answers_denied
def table_save(request: HttpRequest, pk: int, table_id: int | None = None):
    event = _run(request, pk)
    table = get_object_or_404(CafeTable, pk=table_id, event=event) if table_id else None
    form = TableForm(
        request.POST, hosts=host_candidates(event), auto_id=_auto_id("table", table_id)
    )
    return _save(
        request,
        event,
        kind="table",
        pk=table_id,
        form=form,
        create=partial(services.cafe_table_create, user=request.user, event=event),
        update=partial(services.cafe_table_update, user=request.user, table=table),
        messages=(_("Table added."), _("Table saved.")),
    )


def _simple(request, event, call, message) -> HttpResponse:
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
        return _console(request, event, bound={"errors": error.messages}, status=400)
    return done(request, message, _console_url(event))


@require_POST
@answers_denied
def table_delete(request: HttpRequest, pk: int, table_id: int) -> HttpResponse:
    event = _run(request, pk)
    table = get_object_or_404(CafeTable, pk=table_id, event=event)
    return _simple(
        request,
        event,
        lambda: services.cafe_table_delete(user=request.user, table=table),
        _("Table removed."),
    )


@require_POST
@answers_denied
def round_save(request: HttpRequest, pk: int, round_id: int | None = None):
    event = _run(request, pk)
    round_ = (
        get_object_or_404(CafeRound, pk=round_id, event=event) if round_id else None
    )
    return _save(
        request,
        event,
        kind="round",
        pk=round_id,
        form=RoundForm(request.POST, auto_id=_auto_id("round", round_id)),
        create=partial(services.cafe_round_create, user=request.user, event=event),
        update=partial(services.cafe_round_update, user=request.user, round_=round_),
        messages=(_("Round added."), _("Round saved.")),
    )


@require_POST
@answers_denied
def round_delete(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = _run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return _simple(
        request,
        event,
        lambda: services.cafe_round_delete(user=request.user, round_=round_),
        _("Round removed."),
    )


@require_POST
@answers_denied
def round_start(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = _run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return _simple(
        request,
        event,
        lambda: services.cafe_round_start(user=request.user, round_=round_),
        _("Round %(number)s has started: everyone sees their table.")
        % {"number": round_.number},
    )


@require_POST
@answers_denied
def round_finish(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = _run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return _simple(
        request,
        event,
        lambda: services.cafe_round_finish(user=request.user, round_=round_),
        _("Round %(number)s has ended.") % {"number": round_.number},
    )


@require_POST
@answers_denied
def harvest(request: HttpRequest, pk: int) -> HttpResponse:
    event = _run(request, pk)
    ideas = CafeIdea.objects.filter(
        event=event, harvested_comment__isnull=True, status=CafeIdeaStatus.VISIBLE
    ).select_related("table")
    form = HarvestForm(request.POST, ideas=ideas)
    if not form.is_valid():
        return _invalid(request, event, "harvest_form", form)
    comments, limited = run_service(
        form,
        lambda: services.cafe_harvest(
            user=request.user, event=event, ideas=form.cleaned_data["ideas"]
        ),
    )
    if comments is None:
        return _invalid(request, event, "harvest_form", form, limited)
    url = event.consultation.get_url(request) if event.consultation else ""
    return done(
        request,
        ngettext(
            "%(count)d idea sent to the consultation “%(title)s”.",
            "%(count)d ideas sent to the consultation “%(title)s”.",
            len(comments),
        )
        % {"count": len(comments), "title": event.consultation.title},
        _console_url(event),
        consultation_url=url,
    )


# --- participants -------------------------------------------------------------------
def _table_page(request, event, *, form=None, status=200) -> HttpResponse:
    live = _live(event)
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
    event = _cafe(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    return _table_page(request, event)


@require_POST
@answers_denied
def idea_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _cafe(request, pk)
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


def safe_back(request, event) -> str:
    return http.safe_next(request, reverse("events:cafe_table", args=[event.pk]))


def _refused(request, event, error: ValidationError) -> HttpResponse:
    return http.refused(
        request,
        " ".join(error.messages),
        template=f"{TEMPLATES}/refused.html",
        context={"event": event, "back_url": safe_back(request, event)},
        status=400,
    )


@require_POST
@answers_denied
@answers_rate_limited
def idea_hide(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    """A facilitator or the table's host hides an idea, with a reason."""
    event = _cafe(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(
            _("Only the café's facilitators and the table's host hide ideas.")
        )
    idea = get_object_or_404(CafeIdea, pk=idea_id, event=event)
    form = HideIdeaForm(request.POST)
    if not form.is_valid():
        if http.wants_json(request):
            return http.invalid(request, form, template="", context={})
        return _refused(
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
        return _refused(request, event, error)
    return done(request, _("The idea is hidden."), safe_back(request, event))


@require_POST
@answers_denied
@answers_rate_limited
def idea_delete(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    """The author deletes their own idea while its round runs."""
    event = _cafe(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Only the idea's author can delete it."))
    idea = get_object_or_404(CafeIdea, pk=idea_id, event=event)
    services.cafe_idea_delete(user=request.user, idea=idea)
    return done(request, _("Your idea is deleted."), safe_back(request, event))


@require_POST
@answers_denied
@answers_rate_limited
def dot(request: HttpRequest, pk: int, idea_id: int) -> HttpResponse:
    event = _cafe(request, pk)
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


# --- the projector ------------------------------------------------------------------
def join_qr(url: str) -> SafeString:
    """The table page's address as a QR code for the projector (inline SVG,
    black on white so it scans whatever the wall's colours)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=2,
        xmldecl=False,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="cafe-join-qr",
        title=_("QR code: my table"),
    )
    # segno writes the SVG itself and escapes the title, our only text in it.
    return mark_safe(buffer.getvalue().decode())  # noqa: S308


@require_GET
def wall(request: HttpRequest, pk: int) -> HttpResponse:
    """The harvest wall: every table's ideas, most dotted first, large type,
    following the stream. As public as the event's page."""
    event = _cafe(request, pk)
    live = _live(event)
    view = selectors.cafe_view(event, request.user)
    join_url = request.build_absolute_uri(reverse("events:cafe_table", args=[event.pk]))
    return render(
        request,
        f"{TEMPLATES}/wall.html",
        {
            "event": event,
            "cafe": view,
            "live": live,
            "now": timezone.now(),
            "event_url": _event_url(request, event),
            "join_url": join_url,
            "join_qr": None if event.is_past() else join_qr(join_url),
        },
    )
