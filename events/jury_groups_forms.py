"""Forms of a jury's small groups: split the panel for an agenda item, move
a juror, name a group. Polish messages come from gettext."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from .models.jury_groups import GROUP_NAME_MAX_LENGTH, MAX_GROUPS

_ID = {"min_value": 1, "max_value": 2**31 - 1}


class GroupsSplitForm(ServiceErrorsMixin, forms.Form):
    item = forms.IntegerField(
        label=_("Agenda item"),
        **_ID,
        error_messages={"required": _("Choose an item of this event's agenda.")},
    )
    groups = forms.IntegerField(
        label=_("Number of groups"),
        min_value=1,
        max_value=MAX_GROUPS,
        initial=4,
        error_messages={"required": _("Give the number of groups.")},
    )
    seed = forms.CharField(
        label=_("Seed (optional)"),
        max_length=64,
        required=False,
        help_text=_("The same seed and jurors give the same groups; empty: random."),
    )


class GroupMoveForm(ServiceErrorsMixin, forms.Form):
    split = forms.IntegerField(widget=forms.HiddenInput, **_ID)
    seat = forms.IntegerField(
        label=_("Juror"),
        **_ID,
        error_messages={"required": _("Choose a juror seated on the panel.")},
    )
    group = forms.IntegerField(
        label=_("To group"),
        min_value=1,
        max_value=MAX_GROUPS,
        error_messages={"required": _("Choose a group of this split.")},
    )


class GroupRenameForm(ServiceErrorsMixin, forms.Form):
    split = forms.IntegerField(widget=forms.HiddenInput, **_ID)
    group = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=99)
    name = forms.CharField(
        label=_("Group name"), max_length=GROUP_NAME_MAX_LENGTH, required=False
    )
