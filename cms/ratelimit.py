"""A fixed-window rate limit on the shared cache (Redis in production), for
actions allauth does not cover: comments, messages, flags."""

import time

from django.core.cache import cache


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
