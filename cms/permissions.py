"""Who may read what in the site shell."""


def can_read_whatsnew(user, key: str) -> bool:
    # The home page's "what's new" feed carries only published, public items.
    return key == ""
