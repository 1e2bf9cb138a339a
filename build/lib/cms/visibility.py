"""Who is looking, and whether they may see a page: the one visibility rule.

A ``Viewer`` is a user together with their session, because Wagtail remembers an
entered page password in the session (``PageViewRestriction.accept_request``
reads only ``.user`` and ``.session``), so the same check answers for an HTTP
request, a WebSocket's scope and a background task (no session: passwords
never pass).

Each app's ``permissions.can_view(viewer, obj)`` is built on
``page_visible_to``; views, fragments, forms, exports, feeds, the API and
sockets ask it. Listings shown to everyone (indexes, search, the home page's
sections and feed) use ``public_pages``, the same rule as a queryset for a
reader with no password and no groups: they are shared by all readers, so they
list only what everyone may see.
"""

import hashlib
from dataclasses import dataclass, field
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser


@dataclass(eq=False)
class Viewer:
    """A person looking at the site: ``user`` (maybe anonymous) and ``session``
    (a session store or any mapping; None when there is none)."""

    user: object
    session: object = None
    # page pk -> visible; a viewer lives for one request or one socket check.
    _pages: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if self.user is None:
            self.user = AnonymousUser()
        if self.session is None:
            # accept_request reads passed restrictions from the session.
            self.session = {}

    def principal(self) -> str | None:
        """One stable name for the person (rate limits, idempotency receipts):
        ``user:<pk>`` when signed in, else ``session:<hash of the session key>``;
        None for an anonymous visitor without a stored session.

        Touches the session store (the database): call it from sync code.
        """
        if getattr(self.user, "is_authenticated", False):
            return f"user:{self.user.pk}"
        session = self.session
        if not hasattr(session, "session_key"):
            return None
        # Loading is what tells a real session from a forged or expired cookie:
        # the store forgets a key it does not hold.
        session.items()
        key = session.session_key
        if not key:
            return None
        # Hashed: the receipts table and rate-limit keys should not hold a
        # working credential.
        return "session:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def viewer_for_request(request) -> Viewer:
    """The request's viewer, made once per request."""
    viewer = getattr(request, "_viewer", None)
    if viewer is None:
        viewer = Viewer(
            getattr(request, "user", None), getattr(request, "session", None)
        )
        request._viewer = viewer
    return viewer


def viewer_for_user(user) -> Viewer:
    """A viewer with no session: background tasks and services called without
    a request. Password-protected pages stay closed to it."""
    return Viewer(user)


def viewer_for_scope(scope: dict, *, fresh: bool = False) -> Viewer:
    """A WebSocket's viewer. ``fresh`` reads the session and the account again
    (sync code only): a socket lives for hours, and a person who logged out,
    lost a role or had their account closed meanwhile must not keep what the
    connection's user object remembers."""
    session = scope.get("session")
    if not fresh:
        return Viewer(scope.get("user"), session)
    key = getattr(session, "session_key", None)
    if not key:
        return Viewer(AnonymousUser())
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    # django.contrib.auth.get_user needs only an object with a session.
    user = get_user(SimpleNamespace(session=store))
    return Viewer(user, store)


def page_visible_to(viewer: Viewer, page) -> bool:
    """True if ``viewer`` may see ``page``: it is published, and every view
    restriction on it and its ancestors (password, login, groups) lets the
    viewer in. Cached per viewer and page."""
    if page is None or page.pk is None:
        return False
    cached = viewer._pages.get(page.pk)
    if cached is None:
        cached = bool(page.live) and all(
            restriction.accept_request(viewer)
            for restriction in page.get_view_restrictions()
        )
        viewer._pages[page.pk] = cached
    return cached


def public_pages(queryset):
    """``queryset`` narrowed to pages everyone may see (live, no restriction)."""
    return queryset.live().public()
