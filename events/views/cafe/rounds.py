"""The café's rounds, from the facilitator's page: add, change, remove,
start (everyone is seated) and finish."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import services
from ...cafe_forms import RoundForm
from ...models import CafeRound
from ._common import answers_denied, cafe_to_run
from .console import auto_id_for, console_button, save_form


@require_POST
@answers_denied
def round_save(request: HttpRequest, pk: int, round_id: int | None = None):
    event = cafe_to_run(request, pk)
    round_ = (
        get_object_or_404(CafeRound, pk=round_id, event=event) if round_id else None
    )
    return save_form(
        request,
        event,
        kind="round",
        pk=round_id,
        form=RoundForm(request.POST, auto_id=auto_id_for("round", round_id)),
        create=partial(services.cafe_round_create, user=request.user, event=event),
        update=partial(services.cafe_round_update, user=request.user, round_=round_),
        messages=(_("Round added."), _("Round saved.")),
    )


@require_POST
@answers_denied
def round_delete(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = cafe_to_run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return console_button(
        request,
        event,
        lambda: services.cafe_round_delete(user=request.user, round_=round_),
        _("Round removed."),
    )


@require_POST
@answers_denied
def round_start(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = cafe_to_run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return console_button(
        request,
        event,
        lambda: services.cafe_round_start(user=request.user, round_=round_),
        _("Round %(number)s has started: everyone sees their table.")
        % {"number": round_.number},
    )


@require_POST
@answers_denied
def round_finish(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    event = cafe_to_run(request, pk)
    round_ = get_object_or_404(CafeRound, pk=round_id, event=event)
    return console_button(
        request,
        event,
        lambda: services.cafe_round_finish(user=request.user, round_=round_),
        _("Round %(number)s has ended.") % {"number": round_.number},
    )
