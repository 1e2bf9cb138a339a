"""The café's tables, from the facilitator's page."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import services
from ...cafe_forms import TableForm
from ...models import CafeTable
from ._common import answers_denied, cafe_to_run, host_candidates
from .console import auto_id_for, console_button, save_form


@require_POST
@answers_denied
def table_save(request: HttpRequest, pk: int, table_id: int | None = None):
    event = cafe_to_run(request, pk)
    table = get_object_or_404(CafeTable, pk=table_id, event=event) if table_id else None
    form = TableForm(
        request.POST,
        hosts=host_candidates(event),
        auto_id=auto_id_for("table", table_id),
    )
    return save_form(
        request,
        event,
        kind="table",
        pk=table_id,
        form=form,
        create=partial(services.cafe_table_create, user=request.user, event=event),
        update=partial(services.cafe_table_update, user=request.user, table=table),
        messages=(_("Table added."), _("Table saved.")),
    )


@require_POST
@answers_denied
def table_delete(request: HttpRequest, pk: int, table_id: int) -> HttpResponse:
    event = cafe_to_run(request, pk)
    table = get_object_or_404(CafeTable, pk=table_id, event=event)
    return console_button(
        request,
        event,
        lambda: services.cafe_table_delete(user=request.user, table=table),
        _("Table removed."),
    )
