"""Forms of a jury's deliberation: a recommendation (proposal or amendment),
a ballot and the mayor's response. Polish messages come from gettext."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin
from participation.models.responses import Decision

from .models import VoteOption
from .models.jury_votes import REASONING_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


class RecommendationForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the recommendation a title.")},
    )
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the recommendation.")},
    )


class BallotForm(ServiceErrorsMixin, forms.Form):
    option = forms.ChoiceField(
        label=_("Your vote"),
        choices=VoteOption.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes, no or abstain."),
            "invalid_choice": _("Choose yes, no or abstain."),
        },
    )


class ResponseForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        error_messages={"required": _("Choose the decision.")},
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        max_length=REASONING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasoning.")},
    )
