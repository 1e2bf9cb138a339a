"""Who may see what in the site shell."""

from .visibility import Viewer, page_visible_to


def can_view(viewer: Viewer, page) -> bool:
    """Generic pages (standard pages, news, the documents hub) are visible as
    Wagtail's publishing and privacy settings say."""
    return page_visible_to(viewer, page)


def can_read_whatsnew(viewer: Viewer, key: str) -> bool:
    # The home page's "what's new" feed carries only published, public items.
    return key == ""
