from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks for Wspólnie accounts."""

    def populate_username(self, request, user):
        # Usernames are internal handles; allauth derives a unique one from e-mail.
        super().populate_username(request, user)
