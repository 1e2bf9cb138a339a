import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth names the site after the request's
        # host; our e-mails sign with the site's name instead.
        context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
        super().send_mail(template_prefix, email, context)
