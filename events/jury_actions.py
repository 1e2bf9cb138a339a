"""The jury's live-socket actions (``cms.live.actions``): a juror votes from
their phone, a facilitator opens and closes drafting and votes from the
console, without a page load. Each calls one service, which checks everything
again; the permission here is the cheap early "no" (an error frame
``forbidden`` with the reason).

jury.vote     data {"recommendation": <id>, "option": "yes|no|abstain"}
    → {"voted": true, "voters": <n>}   (never the option)
jury.command  data {"name": "drafting_open|drafting_close|vote_open|vote_close",
                    "recommendation": <id>|null}
    → {"ok": true}

``jury.vote`` keeps no receipt (``receipts=False``): a receipt would store
who voted and when to the second. A repeated request is refused by the
service ("already voted") instead of being answered from a receipt.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.live.actions import register_action, unregister_action
from cms.visibility import Viewer

from . import permissions
from .jury_votes_permissions import can_run_jury, juror_denied_reason
from .models import JuryPanel, JuryRecommendation, VoteOption
from .services import jury_votes as services

VOTE = "jury.vote"
COMMAND = "jury.command"
COMMANDS = ("drafting_open", "drafting_close", "vote_open", "vote_close")
RATE_LIMIT = (30, 60)


class VoteActionForm(forms.Form):
    recommendation = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    option = forms.ChoiceField(
        choices=VoteOption.choices,
        error_messages={"required": gettext_lazy("Choose yes, no or abstain.")},
    )


class CommandActionForm(forms.Form):
    name = forms.ChoiceField(choices=[(name, name) for name in COMMANDS])
    recommendation = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False
    )
    jury = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


def _recommendation(viewer: Viewer, pk) -> JuryRecommendation:
    recommendation = (
        JuryRecommendation.objects.select_related("jury__event").filter(pk=pk).first()
    )
    if recommendation is None or not permissions.can_view(
        viewer, recommendation.jury.event
    ):
        raise PermissionDenied(_("This recommendation no longer exists."))
    return recommendation


def _may_vote(viewer: Viewer, data: dict) -> bool:
    recommendation = _recommendation(viewer, data["recommendation"])
    reason = juror_denied_reason(viewer.user, recommendation.jury)
    if reason:
        raise PermissionDenied(reason)
    return True


def vote(viewer: Viewer, data: dict) -> dict:
    recommendation = _recommendation(viewer, data["recommendation"])
    voters = services.vote_cast(
        user=viewer.user, recommendation=recommendation, option=data["option"]
    )
    return {"voted": True, "voters": voters}


def _jury_of(viewer: Viewer, data: dict) -> JuryPanel:
    if data.get("recommendation"):
        return _recommendation(viewer, data["recommendation"]).jury
    jury = JuryPanel.objects.select_related("event").filter(pk=data.get("jury")).first()
    if jury is None or not permissions.can_view(viewer, jury.event):
        raise PermissionDenied(_("This jury no longer exists."))
    return jury


def _may_run(viewer: Viewer, data: dict) -> bool:
    if not can_run_jury(viewer.user, _jury_of(viewer, data).event):
        raise PermissionDenied(_("Only the event's facilitators run the jury."))
    return True


def command(viewer: Viewer, data: dict) -> dict:
    name, user = data["name"], viewer.user
    if name.startswith("drafting_"):
        services.jury_drafting_set(
            user=user, jury=_jury_of(viewer, data), open=name == "drafting_open"
        )
    else:
        if not data.get("recommendation"):
            raise PermissionDenied(_("Which recommendation?"))
        recommendation = _recommendation(viewer, data["recommendation"])
        call = services.vote_open if name == "vote_open" else services.vote_close
        call(user=user, recommendation=recommendation)
    return {"ok": True}


def register() -> None:
    for name in (VOTE, COMMAND):
        unregister_action(name)  # ready() may run twice in tests
    register_action(
        VOTE,
        handler=vote,
        permission=_may_vote,
        form=VoteActionForm,
        rate_limit=RATE_LIMIT,
        receipts=False,
    )
    register_action(
        COMMAND,
        handler=command,
        permission=_may_run,
        form=CommandActionForm,
        rate_limit=(120, 60),
    )
