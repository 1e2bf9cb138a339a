"""Forms of the citizen café's pages (each works without JavaScript): a
table, a round, an idea, the harvest. They check shape only; the services
check the rest and their errors land on the same fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from cms.forms import ServiceErrorsMixin
from participation.models import FlagCategory
from participation.sanitize import TOO_LONG_MESSAGE

from .models.cafe import HIDE_REASON_MAX_LENGTH, IDEA_MAX_LENGTH, TOPIC_MAX_LENGTH
from .services.cafe import ROUND_MINUTES_RANGE, TABLE_SIZE_RANGE


class TableForm(ServiceErrorsMixin, forms.Form):
    topic = forms.CharField(
        label=_("Topic"),
        max_length=TOPIC_MAX_LENGTH,
        error_messages={
            "required": _("Give the table a topic."),
            "max_length": TOO_LONG_MESSAGE,
        },
    )
    size = forms.IntegerField(
        label=_("Places for participants"),
        help_text=_("Besides the host."),
        min_value=TABLE_SIZE_RANGE[0],
        max_value=TABLE_SIZE_RANGE[1],
        initial=6,
    )
    host = forms.ChoiceField(
        label=_("Host"),
        required=False,
        help_text=_("Stays at the table and records its ideas."),
    )

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = {str(user.pk): user for user in hosts}
        self.fields["host"].choices = [
            ("", _("No host")),
            *((pk, user.public_name) for pk, user in self.hosts.items()),
        ]

    def clean_host(self):
        return self.hosts.get(self.cleaned_data.get("host") or "")


class RoundForm(ServiceErrorsMixin, forms.Form):
    duration_minutes = forms.IntegerField(
        # "Minutes" alone is also a meeting's minutes (protokół).
        label=pgettext_lazy("length of a round", "Minutes"),
        min_value=ROUND_MINUTES_RANGE[0],
        max_value=ROUND_MINUTES_RANGE[1],
        initial=20,
    )


class IdeaForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Your idea"),
        max_length=IDEA_MAX_LENGTH,
        error_messages={
            "required": _("Write the idea."),
            "max_length": TOO_LONG_MESSAGE,
        },
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": IDEA_MAX_LENGTH}),
    )
    table = forms.TypedChoiceField(label=_("Table"), coerce=int)

    def __init__(self, *args, tables=(), seated=False, seat=None, **kwargs):
        """``seated``: a participant writes where they sit, ``seat`` (None
        before the first round): a hidden field that cafe.js moves when a
        round seats them."""
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [
            (
                t.pk,
                _("Table %(number)s — %(topic)s")
                % {"number": t.number, "topic": t.topic},
            )
            for t in tables
        ]
        if seated or len(tables) == 1:
            self.fields["table"].widget = forms.HiddenInput()
            chosen = seat if seated else tables[0]
            self.fields["table"].initial = chosen.pk if chosen else ""


# "Stolik 2: Mały grant… (4 kropki)"
HARVEST_CHOICE = _("Table %(number)s: %(text)s (%(dots)s)")


class HarvestForm(ServiceErrorsMixin, forms.Form):
    ideas = forms.TypedMultipleChoiceField(
        label=_("Ideas to send to the consultation"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the ideas to send.")},
    )

    def __init__(self, *args, ideas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [
            (
                idea.pk,
                HARVEST_CHOICE
                % {
                    "number": idea.table.number,
                    "text": idea.text,
                    "dots": ngettext(
                        "%(counter)s dot", "%(counter)s dots", idea.dot_count
                    )
                    % {"counter": idea.dot_count},
                },
            )
            for idea in ideas
        ]


class HideIdeaForm(ServiceErrorsMixin, forms.Form):
    """Why a facilitator or host hides an idea: a preset (as for reporting a
    comment) and, for "something else" required, their own words."""

    category = forms.ChoiceField(
        label=_("Reason"),
        choices=FlagCategory.choices,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("Choose a reason."),
        },
    )
    reason = forms.CharField(
        label=_("In your words"),
        required=False,
        max_length=HIDE_REASON_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG_MESSAGE},
    )
