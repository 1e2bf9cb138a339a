"""Wagtail signal receivers of the site shell. They only hand over to services.

``page_published`` rather than the ``after_publish_page`` admin hook: the hook runs
only for the admin's publish button, while the signal also covers scheduled
publishing (``publish_scheduled``), workflow approval and bulk publishing.
"""

from cms.live.consumers import notify_visibility_changed

from .services import news_announce


def news_published(sender, instance, **kwargs) -> None:
    if kwargs.get("alias"):
        return
    news_announce(news=instance)


def visibility_changed(sender, **kwargs) -> None:
    """A page was unpublished, deleted or given a view restriction: open sockets
    re-check what they follow (cms.live.consumers)."""
    notify_visibility_changed()
