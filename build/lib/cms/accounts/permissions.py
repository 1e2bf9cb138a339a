"""Who the user is: signed in and active, verified e-mail, roles. The one module
of user checks; every app's ``permissions.py`` builds its rules on these.

Every function accepts any user object, anonymous included, and answers False for
anonymous, inactive and deleted accounts.

Facts that need the database (roles, a verified address, an app's own facts
such as the organisations a person represents) are kept in one cache on the user
object, so a thread of 500 comments asks each question once. The cache has a
lifetime: a request's user lives for one request, but a WebSocket keeps its
user object for hours, and a role revoked meanwhile must stop counting within
``USER_FACTS_MAX_AGE`` seconds. When the cache expires, the account row itself
is read again too (a deactivated or deleted account stops being signed in).
"""

import time
from collections.abc import Callable

from allauth.account.models import EmailAddress

from .roles import EDITORS, FACILITATORS, MODERATORS, OFFICIALS

# How long facts about a user are trusted (seconds).
USER_FACTS_MAX_AGE = 60

_CACHE_ATTR = "_user_facts"
# Fields of the account row that the checks read; refreshed with the cache.
_ACCOUNT_FIELDS = ("is_active", "is_superuser", "deleted_at", "department")


def _clock() -> float:
    # One indirection so tests can move time.
    return time.monotonic()


def _facts(user) -> dict:
    """The user's fact cache, emptied (and the account re-read) once expired."""
    cache = user.__dict__.get(_CACHE_ATTR)
    now = _clock()
    if cache is None:
        cache = {"_at": now}
        user.__dict__[_CACHE_ATTR] = cache
    elif now - cache["_at"] >= USER_FACTS_MAX_AGE:
        if user.pk is not None:
            try:
                user.refresh_from_db(fields=_ACCOUNT_FIELDS)
            except type(user).DoesNotExist:
                user.is_active = False
        cache.clear()
        cache["_at"] = now
    return cache


def cached_fact(user, name: str, load: Callable[[], object]):
    """``load()``'s answer about ``user``, kept in the user's fact cache.

    Apps use it for their own facts (participation: the organisations a person
    represents), so they expire together with roles and the verified address.
    """
    cache = _facts(user)
    if name not in cache:
        cache[name] = load()
    return cache[name]


def forget_user_facts(user) -> None:
    """Drop what is known about ``user`` (after changing their roles or address)."""
    user.__dict__.pop(_CACHE_ATTR, None)


# --- who ------------------------------------------------------------------------
def is_signed_in(user) -> bool:
    """Signed in with an active account that was not deleted."""
    if not getattr(user, "is_authenticated", False):
        return False
    _facts(user)  # an expired cache re-reads is_active and deleted_at
    return bool(user.is_active) and getattr(user, "deleted_at", None) is None


def has_verified_email(user) -> bool:
    """Signed in, and allauth has verified one of the user's addresses."""
    if not is_signed_in(user):
        return False
    return cached_fact(
        user,
        "verified_email",
        lambda: EmailAddress.objects.filter(user=user, verified=True).exists(),
    )


def role_names(user) -> frozenset[str]:
    """Names of the role groups ``user`` is in (empty when not signed in)."""
    if not is_signed_in(user):
        return frozenset()
    return cached_fact(
        user,
        "roles",
        lambda: frozenset(user.groups.values_list("name", flat=True)),
    )


def has_role(user, role: str) -> bool:
    """True if ``user`` is signed in and holds ``role``. Superusers hold every
    role: they keep the keys to everything, and one rule for all roles means no
    check admits them where another refuses."""
    if not is_signed_in(user):
        return False
    return bool(user.is_superuser) or role in role_names(user)


def is_editor(user) -> bool:
    return has_role(user, EDITORS)


def is_moderator(user) -> bool:
    return has_role(user, MODERATORS)


def is_official(user) -> bool:
    return has_role(user, OFFICIALS)


def is_facilitator(user) -> bool:
    return has_role(user, FACILITATORS)
