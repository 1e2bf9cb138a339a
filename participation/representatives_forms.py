"""Forms of organisations' representatives: asking, deciding, roles, leaving.
Shape and length only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from .models import RepresentativeRole
from .models.representatives import (
    DECISION_REASON_MAX_LENGTH,
    REQUEST_MESSAGE_MAX_LENGTH,
)
from .sanitize import TOO_LONG_MESSAGE

APPROVE_MEMBER = "approve_member"
APPROVE_ADMIN = "approve_admin"
REFUSE = "refuse"


class RepresentationRequestForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the organisation (optional)"),
        help_text=_(
            "Who you are in the organisation, e.g. “board member” or "
            "“volunteer coordinator”. Its admins and the office read it."
        ),
        required=False,
        max_length=REQUEST_MESSAGE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG_MESSAGE},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE_MEMBER, _("Approve as a member")),
            (APPROVE_ADMIN, _("Approve as an admin")),
            (REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reason = forms.CharField(
        label=_("Reason for refusing"),
        help_text=_("Required when refusing: the person will read it."),
        required=False,
        max_length=DECISION_REASON_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG_MESSAGE},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=RepresentativeRole.choices)


class LeaveForm(ServiceErrorsMixin, forms.Form):
    """The last admin picks who takes over; others just confirm."""

    successor = forms.ChoiceField(label=_("Hand the admin role over to"))

    def __init__(self, *args, successors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if successors is None:
            del self.fields["successor"]
            self.successors = {}
            return
        self.successors = {str(m.pk): m for m in successors}
        self.fields["successor"].choices = [
            ("", _("Choose a representative")),
            *((pk, m.user.public_name) for pk, m in self.successors.items()),
        ]
        self.fields["successor"].error_messages["required"] = _(
            "Choose who becomes the admin."
        )

    def clean_successor(self):
        return self.successors.get(self.cleaned_data.get("successor") or "")
