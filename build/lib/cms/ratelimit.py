"""A fixed-window rate limit on the shared cache (Redis in production), for
actions allauth does not cover: comments, supports, flags, follows, messages.

Our limits key by user. A limit keyed by address must take it from
``client_ip``, never from ``REMOTE_ADDR`` or X-Forwarded-For directly: behind the
proxy both carry what the client chose to send.
"""

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

# The code of the ValidationError a service raises when a limit is spent; views
# answer it with 429 (cms.http).
RATE_LIMITED = "rate_limited"


def client_ip(request: HttpRequest) -> str:
    """The address our own proxy saw the request come from, as allauth's rate
    limits count it (``ALLAUTH_TRUSTED_PROXY_COUNT``)."""
    return get_adapter(request).get_client_ip(request)


def rate_limit_hit(
    key: str, *, limit: int, period: int, cost: int = 1, at: float | None = None
) -> bool:
    """Counts ``cost`` actions for ``key``; False when the limit for this window is
    spent (the refused ones count too: hammering does not reopen the window).
    ``at`` (a ``time.time()``) picks the window, so ``rate_limit_release`` can give
    back to the same one."""
    window = int((time.time() if at is None else at) // period)
    cache_key = f"ratelimit:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key, cost)
    except ValueError:
        # The key expired between add and incr: this is the window's first hit.
        cache.set(cache_key, cost, timeout=period + 1)
        count = cost
    return count <= limit


def rate_limit_release(key: str, *, period: int, at: float, cost: int = 1) -> None:
    """Gives back ``cost`` actions ``rate_limit_hit(..., at=at)`` counted, e.g. for
    an attempt that turned out not to be one (a successful sign-in)."""
    cache_key = f"ratelimit:{key}:{int(at // period)}"
    try:
        cache.decr(cache_key, cost)
    except ValueError:
        pass  # The window is over: nothing left to give back.


def check_write_rate(kind: str, *, user) -> None:
    """Counts one write of ``kind`` (a key of ``settings.WRITE_RATE_LIMITS``) by
    ``user`` and raises ValidationError(code=RATE_LIMITED) past the limit.

    Services call it after their own checks and before they write, so a refused
    attempt leaves nothing behind and an invalid one costs nothing. Each kind
    has its own budget: a burst of supports does not stop a comment."""
    limit, period = settings.WRITE_RATE_LIMITS[kind]
    if not rate_limit_hit(f"write:{kind}:{user.pk}", limit=limit, period=period):
        raise ValidationError(
            _("You are doing that too often. Wait a minute and try again."),
            code=RATE_LIMITED,
        )
