"""Forms of the draft act editor (Wagtail admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

LEVEL_CHOICES = [
    (0, _("§ (paragraph) or preamble")),
    (1, _("ust. (section)")),
    (2, _("pkt (point)")),
    (3, _("lit. (letter)")),
]


class DraftActForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the draft act"),
        max_length=300,
        help_text=_("E.g. “Projekt uchwały w sprawie …”."),
    )


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the draft act"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "Paste the whole act as plain text: title, legal basis, then § 1., "
            "§ 2. … with sections (1.), points (1)) and letters (a))."
        ),
    )
    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProvisionForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(
        label=_("Label"), max_length=120, help_text=_("E.g. § 3 ust. 2")
    )
    heading = forms.CharField(
        label=_("Heading"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: chapter or paragraph title."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=LEVEL_CHOICES, coerce=int, initial=0
    )
