"""Writes to accounts: terms acceptance, profile edits and account deletion."""

import logging
import secrets
from collections.abc import Callable
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from .models import User

logger = logging.getLogger(__name__)

DeletionHook = Callable[[Any], None]

_deletion_hooks: dict[str, DeletionHook] = {}

# What the owner may change on the profile page.
PROFILE_FIELDS = (
    "display_name",
    "district",
    "notify_replies",
    "notify_responses",
    "notify_followed",
)


def register_deletion_hook(fn: DeletionHook, *, key: str | None = None) -> None:
    """Lets an app anonymise its own data when an account is deleted.

    ``fn(user)`` runs inside ``user_delete``'s transaction, before the account is
    anonymised, so it still sees the user's e-mail and name; if it raises, nothing
    is deleted. Register in ``AppConfig.ready()``; registering the same function
    (or ``key``) again replaces it.
    """
    _deletion_hooks[key or f"{fn.__module__}.{fn.__qualname__}"] = fn


def unregister_deletion_hook(fn: DeletionHook, *, key: str | None = None) -> None:
    """For tests."""
    _deletion_hooks.pop(key or f"{fn.__module__}.{fn.__qualname__}", None)


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    district: str,
    notify_replies: bool,
    notify_responses: bool,
    notify_followed: bool,
) -> User:
    """Saves what the user may change about themselves on the profile page."""
    user.display_name = display_name.strip()
    user.district = district.strip()
    user.notify_replies = notify_replies
    user.notify_responses = notify_responses
    user.notify_followed = notify_followed
    user.clean_fields(
        exclude=[f.name for f in User._meta.fields if f.name not in PROFILE_FIELDS]
    )
    user.save(update_fields=list(PROFILE_FIELDS))
    return user


@transaction.atomic
def user_terms_accept(*, user: User, version: str) -> User:
    """Records that ``user`` accepted the terms of participation in ``version``
    (empty when the site publishes no terms page) now."""
    user.terms_version = version
    user.terms_accepted_at = timezone.now()
    user.save(update_fields=["terms_version", "terms_accepted_at"])
    logger.info("User %s accepted the terms, version %r", user.pk, version)
    return user


@transaction.atomic
def user_delete(*, user: User) -> User:
    """Deletes an account at its owner's request (GDPR art. 17) by anonymising it.

    The row stays so that the user's public contributions keep their author, shown
    as ``user.public_name`` ("Deleted user"). Everything that identifies the person
    goes: names, district, e-mail addresses, password, roles and sessions. Apps
    registered with ``register_deletion_hook`` anonymise their own data first.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user
    for hook in list(_deletion_hooks.values()):
        hook(user)

    placeholder = f"deleted-{user.pk}-{secrets.token_hex(6)}"
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    _delete_wagtail_profile(user)

    user.username = placeholder
    user.email = f"{placeholder}@deleted.invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.district = ""
    user.department = None
    user.notify_replies = False
    user.notify_responses = False
    user.notify_followed = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    # A new (unusable) password also changes the session auth hash, so any session
    # this function cannot find below is rejected on its next request anyway.
    user.set_unusable_password()
    user.deleted_at = timezone.now()
    user.save()
    _end_sessions(user)
    logger.info("Account %s deleted at its owner's request", user.pk)
    return user


def _delete_wagtail_profile(user: User) -> None:
    # Editors may have uploaded an avatar to the Wagtail admin. The file goes only
    # once the deletion is committed: a rollback cannot bring a file back.
    from wagtail.users.models import UserProfile

    for profile in UserProfile.objects.filter(user=user):
        avatar = profile.avatar
        if avatar:
            transaction.on_commit(partial(avatar.storage.delete, avatar.name))
        profile.delete()


def _end_sessions(user: User) -> None:
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        # Other engines cannot be searched by user; the password change above
        # already invalidates their sessions.
        return
    from django.contrib.sessions.models import Session

    user_pk = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_pk
    ]
    Session.objects.filter(pk__in=ended).delete()
