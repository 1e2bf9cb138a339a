"""Forms of the organisation registry. They check shape and normalise the
register numbers (spaces, dashes, missing leading zeros of a KRS); the model's
validators check the digits and the services decide what is allowed."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from cms.forms import ServiceErrorsMixin

from .identifiers import normalise_krs, normalise_nip, normalise_regon
from .models import Organisation, Sphere
from .models.organisations import EARLIEST_YEAR_FOUNDED
from .organisation_import import MAX_FILE_BYTES
from .services.organisations import REASON_MAX_LENGTH

PUBLIC_FIELDS = [
    "name",
    "legal_form",
    "register",
    "register_number",
    "krs",
    "nip",
    "regon",
    "is_public_benefit",
    "public_benefit_since",
    "address",
    "district",
    "website",
    "email",
    "phone",
    "year_founded",
    "description",
]


class OrganisationForm(ServiceErrorsMixin, forms.ModelForm):
    """A user's registration of an organisation (and the base of staff's)."""

    spheres = forms.MultipleChoiceField(
        label=_("Spheres of public benefit activity"),
        help_text=_("Art. 4(1) of the Public Benefit and Volunteering Act."),
        choices=Sphere.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = PUBLIC_FIELDS
        widgets = {
            "public_benefit_since": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "year_founded": forms.NumberInput(
                attrs={"min": EARLIEST_YEAR_FOUNDED, "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["spheres"] = [s.sphere for s in self.instance.spheres.all()]
        for name in ("krs", "nip", "regon"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
            # Typed with dashes or spaces, then normalised: the length check
            # is the model's, on the digits.
            field = self.fields[name]
            field.max_length = 30
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.validators.append(MaxLengthValidator(30))
            field.widget.attrs["maxlength"] = "30"

    def clean_krs(self):
        return normalise_krs(self.cleaned_data.get("krs", ""))

    def clean_nip(self):
        return normalise_nip(self.cleaned_data.get("nip", ""))

    def clean_regon(self):
        return normalise_regon(self.cleaned_data.get("regon", ""))

    def clean_year_founded(self):
        year = self.cleaned_data.get("year_founded")
        if year is not None and not (
            EARLIEST_YEAR_FOUNDED <= year <= timezone.now().year
        ):
            raise forms.ValidationError(
                _("Enter a year between %(first)d and this year.")
                % {"first": EARLIEST_YEAR_FOUNDED}
            )
        return year

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class StaffOrganisationForm(OrganisationForm):
    """Staff also choose the logo among the site's images."""

    class Meta(OrganisationForm.Meta):
        fields = [*PUBLIC_FIELDS, "logo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].queryset = get_image_model().objects.order_by("title")
        self.fields["logo"].help_text = _(
            "Upload the image in the admin panel's Images first."
        )


class VerificationForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 (with or without BOM) or Windows-1250, columns separated by "
            "semicolons or commas, the first row naming the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
