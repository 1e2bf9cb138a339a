"""How many live sockets each user, session and address holds, counted in the
shared cache (Redis in production) so every server process sees the same count.

A socket takes one numbered place per ident (``user:<pk>``, ``session:<hash>``,
``address:<ip>``) among ``settings.LIVE_SOCKET_LIMITS[kind]``: a cache key set
with ``add`` (atomic, so two processes never take the same place) that expires
after ``settings.LIVE_SOCKET_TTL`` unless the socket's server refreshes it. A
crashed process leaves no count behind for longer than that; a plain counter
would stay up forever. Sync code: the consumer calls it in a worker thread.
"""

import random

from django.conf import settings
from django.core.cache import cache

# Places read from the cache at a time while looking for a free one.
_WINDOW = 64


def _keys(ident: str, limit: int | None = None) -> list[str]:
    if limit is None:
        limit = settings.LIVE_SOCKET_LIMITS[ident.split(":", 1)[0]]
    return [f"live.socket:{ident}:{n}" for n in range(limit)]


def claim_one(ident: str, token: str, limit: int | None = None) -> str | None:
    """A place for ``token`` among ``limit`` (default: the kind's setting)
    under ``ident``, or None when all are taken.

    The search starts at a random place and reads a window at a time: a
    room of hundreds of phones behind one address (or one event's stream)
    would otherwise read every place on every connect, O(limit) each. Only
    a nearly full cap costs a full scan."""
    keys = _keys(ident, limit)
    if not keys:
        return None
    start = random.randrange(len(keys))
    ordered = keys[start:] + keys[:start]
    for first in range(0, len(ordered), _WINDOW):
        window = ordered[first : first + _WINDOW]
        taken = cache.get_many(window)
        for key in window:
            # add() fails if another socket took it since get_many: try the next.
            if key not in taken and cache.add(
                key, token, timeout=settings.LIVE_SOCKET_TTL
            ):
                return key
    return None


_claim_one = claim_one


def claim(idents: list[str], token: str) -> list[str] | None:
    """A place for ``token`` (the socket's channel name) under every ident, or
    None, holding nothing, when one of them has all its places taken."""
    places = []
    for ident in idents:
        place = _claim_one(ident, token)
        if place is None:
            release(places, token)
            return None
        places.append(place)
    return places


def refresh(places: list[str], token: str) -> None:
    """Keeps the socket's places from expiring. A place lost meanwhile (the
    cache restarted, the event loop stalled past the TTL) is taken again if
    still free; if not, the socket stays open uncounted rather than cut off."""
    for key in places:
        if not cache.touch(key, settings.LIVE_SOCKET_TTL):
            cache.add(key, token, timeout=settings.LIVE_SOCKET_TTL)


def release(places: list[str], token: str) -> None:
    """Frees the socket's places (only those still its own)."""
    for key in places:
        if cache.get(key) == token:
            cache.delete(key)
