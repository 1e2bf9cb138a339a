import secrets
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.urls import reverse

from cms.accounts import lockout
from cms.links import in_current_language


def user_display(user) -> str:
    """How allauth names a user in its pages, messages and e-mails
    (settings.ACCOUNT_USER_DISPLAY): the public name, never the internal username."""
    return user.public_name


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks for Wspólnie accounts."""

    def populate_username(self, request, user):
        # People sign in by e-mail, so allauth leaves the username empty
        # (ACCOUNT_USER_MODEL_USERNAME_FIELD = None), but the column is unique:
        # give every new account a random internal handle. It is not derived from
        # the e-mail address, which must never leak through it.
        if not user.username:
            user.username = f"user-{secrets.token_hex(6)}"

    # LOGIN_REDIRECT_URL and LOGOUT_REDIRECT_URL name the Polish home page ("/");
    # someone who signs in or out on the English site stays on the English one.
    def get_login_redirect_url(self, request) -> str:
        return in_current_language(super().get_login_redirect_url(request))

    def get_logout_redirect_url(self, request) -> str:
        return in_current_language(super().get_logout_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return in_current_language(super().get_signup_redirect_url(request))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # Someone who signs up from a page ("Comment on this provision" leads to
        # sign-in, then sign-up, with ?next=) comes back to it: the link keeps
        # that page as the sign-in's next, so confirming leads to signing in and
        # signing in to the page, in whichever browser the e-mail is opened.
        # get_next_redirect_url() takes only addresses on this site.
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if not next_url:
            return url
        sign_in = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return f"{url}?{urlencode({'next': sign_in})}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth names the site after the request's
        # host; our e-mails sign with the site's name instead.
        context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
        super().send_mail(template_prefix, email, context)

    # Sign-in failure limits: cms.accounts.lockout (allauth's own, per e-mail,
    # is off in ACCOUNT_RATE_LIMITS, and super() would count it).
    def pre_authenticate(self, request, **credentials) -> None:
        login = credentials.get("email") or credentials.get("username") or ""
        self._sign_in_attempt = lockout.sign_in_attempt(request, login)
        if not self._sign_in_attempt.start():
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            self._sign_in_attempt.succeeded()
        return user

    def post_login(self, request, user, **kwargs):
        # Every sign-in (password, sign-up, password reset) marks the browser as
        # known to the account: its own failure allowance from now on.
        response = super().post_login(request, user, **kwargs)
        lockout.remember_device(request, response, user)
        return response
