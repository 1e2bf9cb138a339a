"""Forms of the events app: registration (with only the questions the event
asks), check-in at the door."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin
from participation.acting import ActAsField, act_as_setup
from participation.sanitize import TOO_LONG_MESSAGE

from .services.registration import ANSWER_FIELDS, ANSWER_MAX_LENGTH


def _answer_field(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG_MESSAGE},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(ServiceErrorsMixin, forms.Form):
    on_behalf_of = ActAsField(label=_("Register as"))
    accessibility_needs = _answer_field(
        _("Accessibility needs"),
        _(
            "Optional: e.g. step-free access, a sign language interpreter, "
            "a hearing loop, large print."
        ),
    )
    childcare = _answer_field(
        _("Childcare during the event"),
        _("Optional: how many children, and how old, so we can plan the care."),
    )
    dietary_needs = _answer_field(
        _("Dietary needs"),
        _("Optional: e.g. vegetarian, gluten-free, allergies."),
    )

    def __init__(self, *args, event, organisations=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field, flag in ANSWER_FIELDS.items():
            if not getattr(event, flag):
                del self.fields[field]
        act_as_setup(self, user=user, organisations=organisations)

    def answers(self) -> dict:
        return {f: self.cleaned_data.get(f, "") for f in ANSWER_FIELDS}


class CheckInForm(ServiceErrorsMixin, forms.Form):
    code = forms.CharField(
        label=_("Registration code"),
        max_length=20,
        help_text=_("As on the person's phone or e-mail, e.g. ABCD-2345."),
        error_messages={"required": _("Enter the registration code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
