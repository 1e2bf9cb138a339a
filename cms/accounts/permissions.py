"""Who holds which role. The only place role checks live: views, templates,
consumers and other apps' permissions ask these functions.

Every function accepts any user object, anonymous included, and answers False for
anonymous and inactive users (``has_role`` already refuses them).
"""

from allauth.account.models import EmailAddress

from .roles import EDITORS, FACILITATORS, MODERATORS, OFFICIALS, has_role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_editor(user) -> bool:
    return has_role(user, EDITORS)


def is_moderator(user) -> bool:
    return has_role(user, MODERATORS)


def is_official(user) -> bool:
    return has_role(user, OFFICIALS)


def is_facilitator(user) -> bool:
    return has_role(user, FACILITATORS)


def can_access_admin(user) -> bool:
    """The Wagtail admin is for Editors; superusers keep the keys to everything."""
    return _active(user) and (user.is_superuser or is_editor(user))


def has_verified_email(user) -> bool:
    """True once allauth has verified one of the user's addresses.

    Asked on most participation pages, so the answer is cached on the user object
    (the request's user lives for one request only).
    """
    if not _active(user):
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached
