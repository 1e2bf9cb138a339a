"""Who may do what in the organisation registry: the one place these rules
live (views, templates and services ask them).

The registry is kept by the office: officials (the NGO cooperation office)
and editors add, edit, verify and import organisations; any signed-in user
with a verified e-mail may register one, which stays unverified until staff
verify it. Reading the directory is public."""

from cms.accounts.permissions import (
    has_verified_email,
    is_editor,
    is_official,
    is_signed_in,
)


def can_manage_organisations(user) -> bool:
    """Add, edit, verify and import organisations (superusers hold every role)."""
    return is_official(user) or is_editor(user)


def can_register_organisation(user) -> bool:
    return is_signed_in(user) and has_verified_email(user)
