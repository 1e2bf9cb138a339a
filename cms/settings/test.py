"""pytest: same components as production, fast hashing, mail kept in memory,
background tasks run immediately.

DATABASE_URL and REDIS_URL still apply, so CI can run the suite on SQLite with the
in-memory layer and again on PostgreSQL with Redis.
"""

import os

from .base import *  # noqa: F401,F403
from .base import DATABASES, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at enqueue time, in the test's own transaction; tests that need the
# queue itself override TASKS with the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = str(VAR_DIR / "test-media")
PRIVATE_ROOT = str(VAR_DIR / "test-private")
STORAGES = {
    **STORAGES,
    "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_ROOT}},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' Daphne process must see the same data.
    # One file per pytest process, so parallel runs never share a test database.
    # The name travels in the environment so the live server's process uses it too.
    os.environ.setdefault("WSPOLNIE_TEST_DB", f"test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / os.environ["WSPOLNIE_TEST_DB"])
    }
# Tally snapshots right after commit: tests see them without waiting (the
# coalescing itself is tested with an event loop of its own).
LIVE_TALLY_SECONDS = 0
EVENT_LIVE_TALLY_SECONDS = 0
