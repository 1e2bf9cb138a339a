"""Roles are Django groups, created by migration 0002_roles. Code names them only
through these constants; the interface shows the translated labels. Who holds a
role is asked through ``cms.accounts.permissions``."""

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
