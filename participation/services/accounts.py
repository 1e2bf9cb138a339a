"""What the thread does when an account is deleted."""

from .representatives import representatives_account_deleted


def account_deleted(user) -> None:
    """Account deletion hook (runs in accounts' transaction). Comments stay, signed
    "Deleted user" by the accounts app; the person stops representing any
    organisation (services.representatives explains who takes over as admin)."""
    representatives_account_deleted(user)
