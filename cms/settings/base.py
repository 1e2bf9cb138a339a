"""Settings shared by every mode. Every environment variable is read here, once.

dev.py, test.py and production.py only override what differs.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cms.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("WSPOLNIE_VAR_DIR", str(BASE_DIR / "var")))
# SQLite, media, mail and test databases live here; a fresh clone has no such folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- environment ---------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "") or ""
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wspolnie.sqlite3'}")
REDIS_URL = env("REDIS_URL", "") or ""
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Wspólnie <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND_NAME = env("EMAIL_BACKEND", "") or ""
MEDIA_ROOT = env("MEDIA_ROOT", str(VAR_DIR / "media"))
# Files only their owners may download, through a view that checks (a jury's
# letters with addresses and codes): outside MEDIA_ROOT, never served as files.
PRIVATE_ROOT = env("PRIVATE_ROOT", str(VAR_DIR / "private"))
STATIC_ROOT = env("STATIC_ROOT", str(VAR_DIR / "static"))
# Applied by production.py only: development and tests speak plain HTTP.
HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", True)
# Reverse proxies in front of Daphne that append to X-Forwarded-For (nginx: one).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
WAGTAILADMIN_BASE_URL = SITE_URL

# --- applications -----------------------------------------------------------------
INSTALLED_APPS = [
    "daphne",
    "cms.accounts",
    "cms.live",
    "cms",
    "participation",
    "consultations",
    "events",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
ASGI_APPLICATION = "cms.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_shell",
                "consultations.context_processors.awaiting_response",
                "participation.context_processors.moderation_queue",
            ],
        },
    },
]

# --- data --------------------------------------------------------------------------
# Seconds a connection is kept for reuse (0: closed after every request).
# Live sockets hop to the database thread once per action (a vote) and per
# snapshot; reopening a PostgreSQL connection each time costs more than the
# vote's queries. Under Daphne all database work runs on that one thread
# (database_sync_to_async), so one kept connection serves it; the health
# check replaces one the server dropped.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (Daphne, tests' live server) run beside one writer; the
    # timeout makes a second writer wait instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "wspolnie"},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wspolnie",
        }
    }
else:
    # Channels' in-memory layer with a fan-out linear in the sockets
    # (cms/live/layers.py).
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "cms.live.layers.LiveInMemoryChannelLayer"}
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks ----------------------------------------------------------------
# Work that must not hold up a request (e-mail fan-out; later the jury draw, report
# PDFs, digests) is enqueued as a task. The queue is a table in the same database,
# so no extra server is needed: `manage.py db_worker` runs the tasks (`make run`
# starts one beside Daphne; production runs it as its own service). Wagtail's own
# tasks (reference index, file deletion) go through the same queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- accounts ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Wspólnie] "
ACCOUNT_SIGNUP_FORM_CLASS = "cms.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "cms.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "cms.accounts.adapter.user_display"
# Off: allauth limits codes per e-mail, so anyone could block it and flood the
# owner's inbox (cms.accounts.lockout).
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
# The client address per-IP limits count is the X-Forwarded-For entry our own
# proxy added, counted from the right: everything left of it, and REMOTE_ADDR
# (which Daphne's --proxy-headers takes from the leftmost entry), is whatever the
# client chose to send. cms.ratelimit.client_ip gives our own limits the same.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per e-mail it would let anyone lock the owner out: cms.accounts.lockout
    # limits failed sign-ins instead (LOGIN_FAILURE_LIMITS).
    "login_failed": None,
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Failed sign-ins (how many, per how many seconds) per known browser of the
# account; and, for any other attempt, per address, per (account, address) and,
# as a backstop one address cannot reach, per account. See cms.accounts.lockout.
LOGIN_FAILURE_LIMITS = {
    "device": (10, 15 * 60),
    "address": (30, 15 * 60),
    "account_address": (5, 15 * 60),
    "account": (100, 15 * 60),
}
# The signed cookie that makes a browser known to the accounts that signed in
# from it (HttpOnly, SameSite=Lax, Secure where the session cookie is).
LOGIN_DEVICE_COOKIE_NAME = "wspolnie_device"
LOGIN_DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
LOGIN_DEVICE_COOKIE_ACCOUNTS = 5
# Wagtail's own sign-in page counts against the same limits.
WAGTAILADMIN_USER_LOGIN_FORM = "cms.accounts.admin_forms.AdminLoginForm"

# --- i18n --------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski"), ("en", "English")]

# --- static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- wagtail -----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Wspólnie"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.PublicDocument"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The site search's Polish lemmas (cms.search.lemmas): "auto" takes Morfeusz 2
# where it is installed, else simplemma.
SEARCH_LEMMATISER = env("SEARCH_LEMMATISER", "auto")
# Documents reach visitors only through Wagtail's document view, which checks
# collection privacy and sends them as attachments with nosniff and its own
# "default-src 'none'" policy. Their files under MEDIA_ROOT/documents/ are never
# served as they are (cms.urls in DEBUG, the README's nginx in production): an
# uploaded x.html would run as a script of the site's origin there.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# What an office publishes. No HTML, SVG or scripts: whatever the view does, a
# browser must never be handed a document it could run.
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "txt",
    "rtf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- e-mail ------------------------------------------------------------------------
if EMAIL_BACKEND_NAME:
    EMAIL_BACKEND = EMAIL_BACKEND_NAME
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- security ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy for public pages (Wagtail admin is exempt: it relies on
# inline scripts). Enforced by cms.middleware, which fills in {socket_origin}: the
# request's own ws:// or wss:// origin. 'self' covers same-origin sockets only in
# CSP Level 3 browsers (older Safari refuses them), and a bare "ws: wss:" would
# let a script send data to any host.
CONTENT_SECURITY_POLICY_PUBLIC = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'{socket_origin}; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# --- live updates --------------------------------------------------------------------
LIVE_MAX_FRAME_BYTES = 4096
LIVE_RATE_LIMIT = (30, 10)  # at most 30 frames per 10 s per socket
LIVE_REPLAY_LIMIT = 500
# Frames replayed from the database on subscribe, per LIVE_REPLAY_PERIOD seconds:
# per socket, per person (user or session, across sockets and processes) and per
# client address (a high backstop: a venue's Wi-Fi puts a room behind one
# address). Past a budget, subscribe answers "reset" and the page reloads.
LIVE_REPLAY_BUDGET = {"socket": 2000, "person": 5000, "address": 50000}
LIVE_REPLAY_PERIOD = 60
# Open sockets per signed-in user, per session and per client address (again a
# high backstop). Counted in the cache with places that expire after
# LIVE_SOCKET_TTL seconds unless refreshed (every third of it): a crashed
# process frees its places within that.
LIVE_SOCKET_LIMITS = {"user": 10, "session": 10, "address": 1000}
LIVE_SOCKET_TTL = 90
# A socket asks again whether it may still read its streams this often (seconds).
LIVE_RECHECK_SECONDS = 60
# Tallies (supports, later votes) reach pages at most this often per stream.
LIVE_TALLY_SECONDS = 0.25
# Answers to client actions sent with an idempotency key are kept this long, so a
# retry gets the first answer; `manage.py live_prune` deletes older ones.
LIVE_RECEIPT_RETENTION = timedelta(days=2)
# Stored events serve resync only (the content has its own tables); live_prune
# deletes older ones, and a client further behind than that gets "reset".
LIVE_EVENT_RETENTION = timedelta(days=2)

# --- events ------------------------------------------------------------------------
# Answers to an event's registration questions (accessibility, childcare, diet)
# are erased this many days after the event (manage.py events_erase_answers).
EVENT_ANSWERS_RETENTION_DAYS = env_int("EVENT_ANSWERS_RETENTION_DAYS", 30)
# The live session (events/services/live.py). Poll and upvote counts reach the
# room's screens at most this often (seconds), as coalesced snapshots. Once a
# second: a snapshot to a full room of 1,000 phones takes a single process
# about half a second to send on a busy 2-core machine (bench/event_live.py),
# so 0.3 s snapshots piled up faster than they went out and slowed the votes.
EVENT_LIVE_TALLY_SECONDS = 1.0
# Per event: guests let in with the join code, and sockets following its stream
# (across server processes, cms.live.sockets). A room's phones share one Wi-Fi
# address, so nothing here counts by address; LIVE_SOCKET_LIMITS["address"] is
# a backstop set above a full hall.
EVENT_LIVE_LIMITS = {"guests": 500, "sockets": 2000}
# Dots each participant of a citizen café may give per round (dot-voting).
CAFE_DOTS_PER_ROUND = 3
# Citizen jury: applicants' names, contact details and addresses (and the
# address list with its letters) are erased this many days after the jury's
# event ends (manage.py events_erase_answers); pool numbers and strata answers
# stay for the published protocol.
JURY_DATA_RETENTION_DAYS = env_int("JURY_DATA_RETENTION_DAYS", 30)
# The uploaded address list (CSV): its size and its rows.
JURY_ADDRESS_LIST_MAX_BYTES = 20 * 1024 * 1024
JURY_ADDRESS_LIST_MAX_ROWS = 200_000
# Invitation letters per PDF of the print run's ZIP (a background task,
# events.services.jury_letters). bench/jury_letters.py, 10,000 letters: 20 PDFs
# of 500 in 110 s and +27 MB of worker memory; one PDF of 10,000 in 302 s and
# +176 MB (fpdf2 holds the whole document until it is written).
JURY_LETTERS_PER_PDF = 500

# --- participation -------------------------------------------------------------------
# Writes a person can repeat: (how many, per how many seconds) per user and kind,
# checked by each service (cms.ratelimit.check_write_rate). Generous for a
# person, tight for a script: 200 support toggles in 10 s used to go through.
WRITE_RATE_LIMITS = {
    "comment": (10, 60),
    "reply": (20, 60),
    # Comments on behalf of a group (a citizen café's harvest), sent in batches.
    "group_comment": (100, 60),
    "edit": (20, 60),
    "support": (30, 60),
    "flag": (10, 60),
    "delete": (10, 60),
    "follow": (20, 60),  # following and unfollowing together
    # Registering and cancelling together: each can e-mail someone (a promotion).
    "registration": (10, 60),
    # Registering an organisation: each one is work for the office to verify.
    "organisation": (5, 3600),
    # Staff adding, editing and verifying organisations by hand.
    "organisation_staff": (60, 60),
    # A facilitator at the door checks a queue in quickly.
    "check_in": (120, 60),
    # The live session: a facilitator's commands, and a participant's or
    # guest's votes, questions and upvotes (keyed by participant, not address).
    "event_command": (300, 60),
    "event_vote": (30, 60),
    "event_question": (5, 60),
    "event_upvote": (60, 60),
    "event_join": (10, 60),
    # Citizen café: ideas written at a table, dots given and taken back.
    "cafe_idea": (10, 60),
    "cafe_dot": (30, 60),
    # A facilitator or host hiding ideas, an author deleting their own.
    "cafe_idea_hide": (30, 60),
    "cafe_idea_delete": (10, 60),
    # Citizen jury: applying and withdrawing; every personal code typed (a
    # wrong one too, so codes cannot be guessed); organisers' changes.
    "jury_application": (5, 3600),
    "jury_code": (10, 3600),
    "jury_organise": (120, 60),
    # Representatives: asking to represent an organisation (each request reaches
    # its admins), and admins' decisions, role changes, removals and leaving.
    "representation_request": (5, 3600),
    "representation_decision": (60, 60),
    # Policy proposals: filing and editing drafts; co-signing and withdrawing.
    "proposal": (10, 60),
    "proposal_signature": (20, 60),
}
# Formatting previews per user per minute (the editor asks again as people type).
COMMENT_PREVIEW_RATE_LIMIT = (60, 60)
COMMENT_EDIT_WINDOW_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Redefining "django" drops Django's own console handler, so records are not
    # printed twice (once by it, once by the root handler).
    "loggers": {
        "django": {"level": "INFO"},
        "daphne": {"level": "WARNING"},
        # The worker raises these to INFO itself: one line as a task starts and one
        # as it ends, nothing while it waits.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django.channels": {"level": "WARNING"},
    },
}
