"""Local development: `make run`. DEBUG on unless DJANGO_DEBUG says otherwise."""

from cms.env import env_bool

from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, EMAIL_BACKEND_NAME, EMAIL_HOST, SECRET_KEY

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]"]
# Daphne serves static files through WhiteNoise straight from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Without a mail server e-mails go to the terminal, their subjects decoded.
if not EMAIL_BACKEND_NAME and not EMAIL_HOST:
    EMAIL_BACKEND = "cms.mail.ConsoleEmailBackend"
