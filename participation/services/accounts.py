"""What the thread does when an account is deleted."""


def account_deleted(user) -> None:
    """Account deletion hook (runs in accounts' transaction). Comments stay, signed
    "Deleted user" by the accounts app; the person stops representing any
    organisation."""
    user.organisation_memberships.all().delete()
