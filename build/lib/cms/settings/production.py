"""Production: PostgreSQL, Redis, SMTP, HTTPS behind a reverse proxy.

Everything comes from the environment (see base.py and the README); this module
only turns on what must never be off in production.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import BEHIND_TLS_PROXY, HSTS_SECONDS, SECRET_KEY, SSL_REDIRECT, STORAGES

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to at least 50 random characters."
    )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "cms.staticfiles.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_SSL_REDIRECT = SSL_REDIRECT
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
