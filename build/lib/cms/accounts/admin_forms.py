from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm

from cms.accounts import lockout


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) under the same
    failure limits as allauth's (cms.accounts.lockout): otherwise /admin/login/
    would take unlimited guesses."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        attempt = lockout.sign_in_attempt(self.request, username)
        if not attempt.start():
            raise ValidationError(
                # allauth's message, translated in our catalogue.
                _("Too many failed login attempts. Try again later."),
                code="too_many_login_attempts",
            )
        cleaned_data = super().clean()
        attempt.succeeded()
        return cleaned_data
