"""Settings of the servers that bench/comment_fanout.py starts (never the site's).

The development settings with DEBUG off (so no query log is kept) unless
DJANGO_DEBUG says otherwise (seed_demo needs it on to create the demo users),
and a per-user comment limit that lets one user post a benchmark's comments.
Used as DJANGO_SETTINGS_MODULE=bench_settings with bench/ on PYTHONPATH.
"""

from cms.env import env_bool
from cms.settings.dev import *  # noqa: F401,F403
from cms.settings.dev import INSTALLED_APPS, WRITE_RATE_LIMITS

DEBUG = env_bool("DJANGO_DEBUG", False)
WRITE_RATE_LIMITS = {
    **WRITE_RATE_LIMITS,
    "comment": (100_000, 60),
    # bench/event_live.py: one facilitator sends all the commands.
    "event_command": (100_000, 60),
}
# bench/event_live.py's baseline: the bench.echo action (bench/bench_echo/).
INSTALLED_APPS = [*INSTALLED_APPS, "bench_echo"]
