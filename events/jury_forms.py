"""Forms of the citizen jury: the organisers' settings, strata, quotas, address
list, letters and draw; the residents' application. Field errors come in
Polish (Django's own messages are translated; ours go through gettext)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from .models import JuryPanel
from .models.jury import ADDRESS_MAX_LENGTH, NAME_MAX_LENGTH, QUESTION_MAX_LENGTH
from .services.jury import SETTINGS_FIELDS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class _DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class JurySettingsForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = JuryPanel
        fields = SETTINGS_FIELDS
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "consent_text": forms.Textarea(attrs={"rows": 5}),
            "applications_open_at": _DateTimeLocal(),
            "applications_close_at": _DateTimeLocal(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].required = True
        self.fields["question"].max_length = QUESTION_MAX_LENGTH
        self.fields["consent_text"].required = True
        for name in ("applications_open_at", "applications_close_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT]
        self.fields["panel_size"].min_value = 1
        self.fields["panel_size"].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        opens, closes = (
            data.get("applications_open_at"),
            data.get("applications_close_at"),
        )
        if opens and closes and closes <= opens:
            # On the field, so the model's constraint is not checked again
            # with its English name.
            self.add_error(
                "applications_close_at", _("Applications must close after they open.")
            )
        return data


_VALUE_LINE = re.compile(r"^(?P<name>.+?)\s*[;|\t]\s*(?P<share>[\d.,]+)\s*%?$")


class StratumForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Feature"), max_length=NAME_MAX_LENGTH)
    question = forms.CharField(
        label=_("Question on the application form"),
        max_length=200,
        required=False,
        help_text=_("Empty: the feature's name is asked."),
    )
    values = forms.CharField(
        label=_("Values and their population shares"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One value per line: the value, a semicolon and its share of the "
            "population in percent (e.g. “kobieta; 52,1”)."
        ),
    )

    def clean_values(self) -> list[tuple[str, Decimal]]:
        rows, names, errors = [], set(), []
        for n, line in enumerate(self.cleaned_data["values"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = _VALUE_LINE.match(line)
            if match is None:
                errors.append(
                    _("Line %(n)d: write the value, a semicolon and a percentage.")
                    % {"n": n}
                )
                continue
            name = match["name"].strip()
            try:
                share = Decimal(match["share"].replace(",", "."))
            except InvalidOperation:
                share = Decimal(-1)
            if not Decimal(0) <= share <= Decimal(100):
                errors.append(
                    _("Line %(n)d: the share must be between 0 and 100.") % {"n": n}
                )
            elif len(name) > NAME_MAX_LENGTH:
                errors.append(_("Line %(n)d: the value is too long.") % {"n": n})
            elif name.lower() in names:
                errors.append(_("Line %(n)d: this value is listed twice.") % {"n": n})
            else:
                names.add(name.lower())
                rows.append((name, share.quantize(Decimal("0.01"))))
        if errors:
            raise forms.ValidationError(errors)
        if len(rows) < 2:
            raise forms.ValidationError(_("A feature needs at least two values."))
        total = sum(share for _name, share in rows)
        if abs(total - 100) > 1:
            raise forms.ValidationError(
                _("The shares add up to %(total)s %%, not 100 %%.") % {"total": total}
            )
        return rows


def stratum_values_text(stratum) -> str:
    """A stratum's values as the form's textarea shows them."""
    return "\n".join(
        f"{value.name}; {str(value.population_share).replace('.', ',')}"
        for value in stratum.values.all()
    )


class QuotasForm(ServiceErrorsMixin, forms.Form):
    """Min and max seats of every value: ``min_<id>``, ``max_<id>``."""

    def __init__(self, *args, strata, panel_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in strata:
            for value_row in row.values:
                value = value_row.value
                for kind, label, initial in (
                    ("min", _("At least"), value.min_seats),
                    ("max", _("At most"), value.max_seats),
                ):
                    self.fields[f"{kind}_{value.pk}"] = forms.IntegerField(
                        label=f"{label}: {row.stratum.name} — {value.name}",
                        min_value=0,
                        max_value=panel_size,
                        initial=initial,
                        widget=forms.NumberInput(attrs={"class": "quota-input"}),
                    )
                self.rows.append(value)

    def quotas(self) -> dict[int, tuple[int, int]]:
        return {
            value.pk: (
                self.cleaned_data[f"min_{value.pk}"],
                self.cleaned_data[f"max_{value.pk}"],
            )
            for value in self.rows
        }

    def pair(self, value):
        return self[f"min_{value.pk}"], self[f"max_{value.pk}"]


class AddressUploadForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Address list (CSV)"),
        help_text=_(
            "The first row names the columns: “adres” and optionally "
            "“kod_pocztowy” and “miejscowosc”. Commas or semicolons."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class SampleForm(ServiceErrorsMixin, forms.Form):
    size = forms.IntegerField(
        label=_("Letters to send"),
        min_value=1,
        help_text=_("Gdańsk sent about 10,000 letters for a panel of 60."),
    )


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    code = forms.CharField(
        label=_("Personal code from your letter"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Optional: the organisers call the people drawn."),
    )
    address = forms.CharField(
        label=_("Home address"),
        max_length=ADDRESS_MAX_LENGTH,
        help_text=_(
            "At most one person per household sits on the panel: the address "
            "is compared, never published."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my data as described above."),
        error_messages={
            "required": _("Agree to the processing of your data to apply.")
        },
    )

    def __init__(self, *args, strata, open_applications: bool, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if open_applications:
            self.fields["code"].help_text = _(
                "No letter? Leave it empty: your application joins the open "
                "stream, drawn as its own marked group."
            )
        else:
            self.fields["code"].required = True
            self.fields["code"].error_messages["required"] = _(
                "Enter the code from your letter."
            )
        self.strata = strata
        for stratum in strata:
            self.fields[f"stratum_{stratum.pk}"] = forms.TypedChoiceField(
                label=stratum.question or stratum.name,
                choices=[(v.pk, v.name) for v in stratum.values.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the answers.")},
            )
        if user is not None and not self.is_bound:
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("full_name", user.get_full_name())
        # The strata questions come after the code, before the contact details.
        order = ["code", *(f"stratum_{s.pk}" for s in strata)]
        self.order_fields(order)

    def strata_fields(self):
        return [self[f"stratum_{s.pk}"] for s in self.strata]

    def answers(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data.get(f"stratum_{s.pk}") for s in self.strata}

    def contact(self) -> dict:
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("full_name", "email", "phone", "address")
        }


class CommitForm(ServiceErrorsMixin, forms.Form):
    secret = forms.CharField(
        label=_("Secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "A long random phrase only you know. The site keeps only its "
            "SHA-256; you reveal the phrase at the public draw."
        ),
    )
    commitment = forms.CharField(
        label=_("…or its SHA-256, computed on your own computer"),
        max_length=64,
        required=False,
        help_text=_("64 hexadecimal characters, e.g. from “sha256sum”."),
    )

    def clean_commitment(self):
        value = self.cleaned_data["commitment"].strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("Enter 64 hexadecimal characters."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("secret") and not data.get("commitment"):
            raise forms.ValidationError(_("Enter the secret or its SHA-256."))
        return data


class DrawForm(ServiceErrorsMixin, forms.Form):
    secret = forms.CharField(
        label=_("The secret (revealed now)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    public_value = forms.CharField(
        label=_("Public value"),
        max_length=200,
        help_text=_("E.g. the numbers the observers called out at the meeting."),
    )


class ReplaceForm(ServiceErrorsMixin, forms.Form):
    number = forms.CharField(
        label=_("Pool number of the juror who left"), max_length=12
    )
