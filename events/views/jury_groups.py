"""Thin views of a jury's small groups: the organisers' three buttons on the
console (split, move, name), and the context the live pages' jury parts
render the groups from. Every form posts and redirects back to the console
without JavaScript; jury_votes.js refreshes the parts when ``jury.groups``
arrives."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import http

from .. import permissions
from ..jury_groups_forms import GroupMoveForm, GroupRenameForm, GroupsSplitForm
from ..models import EventPage, JuryPanel
from ..selectors.jury_groups import jury_group_splits, my_jury_groups
from ..selectors.live import live_session_for
from ..services import jury_groups as services
from .jury_votes import _jury, answers_denied
from .live import _errors_of, _refused_form


def groups_context(request: HttpRequest, event: EventPage, jury: JuryPanel, part):
    """What a jury part shows of the small groups: on the console every split
    with pool numbers and the organisers' forms; on the projector every split
    to the organisers only (its part is fetched by the projector's own
    browser); on a juror's phone their own groups."""
    session = live_session_for(event)
    current = session.current_item_id if session else None
    organises = permissions.can_organise_jury(request.user, event)
    if part == "juror":
        splits = my_jury_groups(request.user, jury, current_item_id=current)
    elif organises:
        splits = jury_group_splits(
            jury, current_item_id=current, with_unassigned=part == "console"
        )
    else:
        splits = []
    context = {"groups_splits": splits, "organises_jury": organises}
    if part == "console" and organises:
        context.update(
            groups_agenda=list(event.agenda_items.all()),
            groups_form=GroupsSplitForm(auto_id="groups-%s", initial={"item": current}),
            console_url=reverse("events:console", args=[event.pk]),
        )
    return context


def _write(request, pk, form_class, call, message) -> HttpResponse:
    event, jury = _jury(request, pk)
    if not permissions.can_organise_jury(request.user, event):
        raise PermissionDenied(_("Only the jury's organisers can do that."))
    back = http.safe_next(request, reverse("events:console", args=[event.pk]))
    form = form_class(request.POST)
    if not form.is_valid():
        return _refused_form(request, form.errors, back)
    try:
        call(jury, form.cleaned_data)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return _refused_form(request, _errors_of(error), back)
    return http.done(request, message, back)


@require_POST
@answers_denied
@http.answers_rate_limited
def split(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        GroupsSplitForm,
        lambda jury, data: services.jury_groups_split(
            user=request.user,
            jury=jury,
            agenda_item_id=data["item"],
            group_count=data["groups"],
            seed=data["seed"],
        ),
        _("The panel is split into small groups."),
    )


@require_POST
@answers_denied
@http.answers_rate_limited
def move(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        GroupMoveForm,
        lambda jury, data: services.jury_group_move(
            user=request.user,
            jury=jury,
            split_id=data["split"],
            seat_id=data["seat"],
            group_number=data["group"],
        ),
        _("The juror has moved to the group."),
    )


@require_POST
@answers_denied
@http.answers_rate_limited
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        GroupRenameForm,
        lambda jury, data: services.jury_group_rename(
            user=request.user,
            jury=jury,
            split_id=data["split"],
            group_number=data["group"],
            name=data["name"],
        ),
        _("The group's name is saved."),
    )
