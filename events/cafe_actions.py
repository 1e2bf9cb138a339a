"""The café's live-socket actions (``cms.live.actions``): a phone adds an idea
or gives a dot without a page load. Each calls one service, which checks
everything again; the permission here is the cheap early "no".

cafe.idea_add  data {"table": <id>, "text": "..."}
    → {"idea": {...}} (as ``cafe.idea_created`` carries it)
cafe.dot       data {"idea": <id>, "on": true|false}
    → {"idea", "dotted", "dots", "dots_left"}
cafe.idea_hide data {"idea": <id>, "category": "<FlagCategory>", "reason": "..."}
    → {"idea": <id>, "hidden": true}; facilitators, and a table's host for
    its ideas (anyone else: a "forbidden" error frame, nothing changes)
cafe.idea_delete data {"idea": <id>}
    → {"idea": <id>, "deleted": true}; the author, while the round runs
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.accounts.permissions import is_signed_in
from cms.live.actions import register_action, unregister_action
from cms.visibility import Viewer

from . import permissions
from .cafe_forms import HideIdeaForm
from .models import CafeIdea, CafeRoundStatus, CafeTable
from .models.cafe import IDEA_MAX_LENGTH
from .selectors.cafe import idea_payload
from .services.cafe import (
    cafe_dot_toggle,
    cafe_idea_add,
    cafe_idea_delete,
    cafe_idea_hide,
)

IDEA_ADD = "cafe.idea_add"
DOT = "cafe.dot"
IDEA_HIDE = "cafe.idea_hide"
IDEA_DELETE = "cafe.idea_delete"
# Per person across their sockets, before the services' own write limits.
RATE_LIMIT = (30, 60)


class IdeaActionForm(forms.Form):
    table = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    text = forms.CharField(
        max_length=IDEA_MAX_LENGTH * 2,
        error_messages={"required": gettext_lazy("Write the idea.")},
    )


class DotActionForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    on = forms.BooleanField(required=False)


class IdeaRefForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class HideActionForm(HideIdeaForm):
    idea = forms.IntegerField(min_value=1, max_value=2**31 - 1)


def _signed_in(viewer: Viewer, data: dict) -> bool:
    if not is_signed_in(viewer.user):
        raise PermissionDenied(_("Log in to take part."))
    return True


def _visible(viewer: Viewer, obj, event):
    if obj is None or not permissions.can_view(viewer, event):
        raise PermissionDenied(_("This café no longer exists."))
    return obj


def add_idea(viewer: Viewer, data: dict) -> dict:
    table = CafeTable.objects.select_related("event").filter(pk=data["table"]).first()
    _visible(viewer, table, table.event if table else None)
    idea = cafe_idea_add(user=viewer.user, table=table, text=data["text"])
    # Only the author's own answer says it may be deleted: the stream's frame
    # names nobody.
    running = idea.round is not None and idea.round.status == CafeRoundStatus.RUNNING
    return {"idea": idea_payload(idea), "deletable": running}


def _idea(viewer: Viewer, data: dict) -> CafeIdea:
    idea = (
        CafeIdea.objects.select_related("event", "table")
        .filter(pk=data["idea"])
        .first()
    )
    return _visible(viewer, idea, idea.event if idea else None)


def hide_idea(viewer: Viewer, data: dict) -> dict:
    idea = cafe_idea_hide(
        user=viewer.user,
        idea=_idea(viewer, data),
        category=data["category"],
        reason=data["reason"],
    )
    return {"idea": idea.pk, "hidden": True}


def delete_idea(viewer: Viewer, data: dict) -> dict:
    idea = _idea(viewer, data)
    cafe_idea_delete(user=viewer.user, idea=idea)
    return {"idea": idea.pk, "deleted": True}


def dot(viewer: Viewer, data: dict) -> dict:
    idea = CafeIdea.objects.select_related("event").filter(pk=data["idea"]).first()
    _visible(viewer, idea, idea.event if idea else None)
    return cafe_dot_toggle(user=viewer.user, idea=idea, on=data["on"])


def register() -> None:
    for name in (IDEA_ADD, DOT, IDEA_HIDE, IDEA_DELETE):
        unregister_action(name)  # ready() may run twice in tests
    register_action(
        IDEA_ADD,
        handler=add_idea,
        permission=_signed_in,
        form=IdeaActionForm,
        rate_limit=RATE_LIMIT,
    )
    register_action(
        DOT,
        handler=dot,
        permission=_signed_in,
        form=DotActionForm,
        rate_limit=RATE_LIMIT,
    )
    register_action(
        IDEA_HIDE,
        handler=hide_idea,
        permission=_signed_in,
        form=HideActionForm,
        rate_limit=RATE_LIMIT,
    )
    register_action(
        IDEA_DELETE,
        handler=delete_idea,
        permission=_signed_in,
        form=IdeaRefForm,
        rate_limit=RATE_LIMIT,
    )
