"""Roles are Django groups, created by migration 0002_roles. Code names them only
through these constants; the interface shows the translated labels."""

from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"
MODERATORS = "Moderators"
OFFICIALS = "Officials"
FACILITATORS = "Facilitators"

ROLE_LABELS = {
    EDITORS: _("Editors"),
    MODERATORS: _("Moderators"),
    OFFICIALS: _("Officials"),
    FACILITATORS: _("Facilitators"),
}


def has_role(user, role: str) -> bool:
    """True if ``user`` is active and in the role's group. Cached per request user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role in names
