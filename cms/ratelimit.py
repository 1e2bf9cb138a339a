"""A fixed-window rate limit on the shared cache (Redis in production), for
actions allauth does not cover: comments, messages, flags.

Our limits key by user. A limit keyed by address must take it from
``client_ip``, never from ``REMOTE_ADDR`` or X-Forwarded-For directly: behind the
proxy both carry what the client chose to send.
"""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address our own proxy saw the request come from, as allauth's rate
    limits count it (``ALLAUTH_TRUSTED_PROXY_COUNT``)."""
    return get_adapter(request).get_client_ip(request)


def rate_limit_hit(key: str, *, limit: int, period: int) -> bool:
    """Counts one action for ``key``; False when the limit for this window is spent."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr: this is the window's first hit.
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit
