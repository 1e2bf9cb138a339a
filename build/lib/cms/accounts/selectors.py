"""Reads about accounts: roles for display and the personal data export."""

from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from .export import ACCOUNT_KEY, EXPORTED_AT_KEY, registered_exporters
from .models import User
from .roles import ROLE_LABELS


def user_role_names(user: User) -> list[str]:
    """The user's roles (group names) in the order ROLE_LABELS lists them."""
    if not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_LABELS if role in names]


def user_role_labels(user: User) -> list[str]:
    """Translated role names for display."""
    return [str(ROLE_LABELS[role]) for role in user_role_names(user)]


def user_email_addresses(user: User) -> list[EmailAddress]:
    return list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))


def user_export_data(user: User) -> dict[str, Any]:
    """Everything the site stores about ``user``, as JSON-able data.

    The account section comes from here; other apps add theirs through
    ``cms.accounts.export.register_exporter``.
    """
    account = {
        "email": user.email,
        "display_name": user.display_name,
        "district": user.district,
        "department": user.department.name if user.department_id else None,
        "notifications": {
            "replies": user.notify_replies,
            "responses": user.notify_responses,
            "followed": user.notify_followed,
        },
        "date_joined": user.date_joined,
        "terms_accepted": {
            "version": user.terms_version,
            "accepted_at": user.terms_accepted_at,
        },
        "last_login": user.last_login,
        "roles": user_role_names(user),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in user_email_addresses(user)
        ],
    }
    data: dict[str, Any] = {
        EXPORTED_AT_KEY: timezone.now(),
        ACCOUNT_KEY: account,
    }
    for key, exporter in registered_exporters().items():
        data[key] = exporter(user)
    return data
