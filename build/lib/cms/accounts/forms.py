from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import User
from .services import PROFILE_FIELDS, user_terms_accept


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form, which subclasses this one."""

    # The name people will see first, then the private sign-in details.
    field_order = ["display_name", "email", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown publicly next to your comments, e.g. your first name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of participation"),
        error_messages={
            "required": _("To create an account, accept the terms of participation.")
        },
    )

    def __init__(self, *args, **kwargs):
        from cms.models import LegalKind
        from cms.selectors import legal_page

        super().__init__(*args, **kwargs)
        # The version in force when the form is built is the one recorded.
        self.terms_page = legal_page(LegalKind.TERMS)
        if self.terms_page is not None:
            self.fields["accept_terms"].help_text = format_html(
                '<a href="{}">{}</a>',
                self.terms_page.get_url(),
                _("Read the terms of participation (version %(version)s of %(date)s)")
                % {
                    "version": self.terms_page.version,
                    "date": date_format(self.terms_page.effective_date),
                },
            )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])
        version = self.terms_page.version if self.terms_page is not None else ""
        user_terms_accept(user=user, version=version)


class ProfileForm(forms.Form):
    """The profile page. A plain form, not a ModelForm: validating a ModelForm
    writes the input onto its instance, and a rejected edit must leave
    ``request.user`` (shown in the header) untouched."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(User, fields=PROFILE_FIELDS))
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {name: getattr(user, name) for name in PROFILE_FIELDS}

    def notification_fields(self):
        return [self[name] for name in PROFILE_FIELDS if name.startswith("notify_")]

    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS if not name.startswith("notify_")]


class AccountDeleteForm(forms.Form):
    """Asks for the password again before an account is deleted."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it so nobody else can delete your account."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Incorrect password."), code="invalid")
        return password


# allauth labels whose Polish we set ourselves: listed here so makemessages keeps
# them in our catalogue, which takes precedence over allauth's and Wagtail's.
ALLAUTH_OVERRIDDEN_MSGIDS = [gettext_noop("Email")]
