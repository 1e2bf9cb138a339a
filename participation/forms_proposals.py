"""Forms of policy proposals. They only read input; the services validate and
decide (their errors land on these fields: cms.forms.ServiceErrorsMixin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from .models import OpinionVerdict, Proposal, ProposalConcerns
from .spheres import Sphere


def behalf_choices(user, organisations) -> list[tuple[str, str]]:
    """ "As myself / as <organisation>": small on purpose, so the representatives'
    shared helper can replace it."""
    name = getattr(user, "public_name", "") or _("myself")
    return [
        ("", _("Myself (%(name)s)") % {"name": name}),
        *(
            (str(org.pk), _("On behalf of %(organisation)s") % {"organisation": org})
            for org in organisations
        ),
    ]


class BehalfMixin:
    def _set_behalf(self, user, organisations):
        self.organisations = {str(org.pk): org for org in organisations}
        if self.organisations:
            self.fields["on_behalf_of"].choices = behalf_choices(user, organisations)
        else:
            del self.fields["on_behalf_of"]

    def clean_on_behalf_of(self):
        return self.organisations.get(self.cleaned_data.get("on_behalf_of") or "")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ProposalForm(BehalfMixin, ServiceErrorsMixin, forms.Form):
    on_behalf_of = forms.ChoiceField(label=_("File as"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The problem"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong today, and whom it affects."),
    )
    proposed_change = forms.CharField(
        label=_("The proposed change"), widget=forms.Textarea(attrs={"rows": 5})
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5})
    )
    sphere = forms.ChoiceField(
        label=_("Sphere of public-benefit activity"),
        choices=[("", "—"), *Sphere.choices],
    )
    concerns = forms.ChoiceField(
        label=_("It concerns"), choices=ProposalConcerns.choices
    )
    concerns_title = forms.CharField(
        label=_("Which policy or resolution"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Program współpracy 2027” or the resolution's number."),
    )
    consultation = forms.ModelChoiceField(
        label=_("Consultation (optional)"), queryset=None, required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Up to 5 files of 10 MB each: PDF, office documents, images."),
    )

    def __init__(self, *args, user, organisations=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["on_behalf_of"]
            self.organisations = {}
        else:
            self._set_behalf(user, organisations)
        consultation_model = Proposal._meta.get_field("consultation").related_model
        # Only what every reader may see: the choice is shown on a public page.
        self.fields["consultation"].queryset = (
            consultation_model.objects.live().public().order_by("-first_published_at")
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "title",
                "problem",
                "proposed_change",
                "justification",
                "sphere",
                "concerns",
                "concerns_title",
                "consultation",
            )
        } | {"files": data.get("attachments") or []}


class SignForm(BehalfMixin, ServiceErrorsMixin, forms.Form):
    on_behalf_of = forms.ChoiceField(label=_("Co-sign as"), required=False)

    def __init__(self, *args, user, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_behalf(user, organisations)


class StepForm(ServiceErrorsMixin, forms.Form):
    """Any step; the fields a step does not use are ignored by its service."""

    reason = forms.CharField(
        label=_("Why (shown on the public timeline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False
    )
    verdict = forms.ChoiceField(
        label=_("Opinion"),
        choices=[("", "—"), *OpinionVerdict.choices],
        required=False,
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department_model = Proposal._meta.get_field("department").related_model
        self.fields["department"].queryset = department_model.objects.order_by("name")
