"""A throwaway database for the bench scripts (imported by them, not run).

Every file the settings would write (SQLite, media, mail) goes to a temporary
folder, never to the project's var/. On SQLite the database is a file there; with
a PostgreSQL DATABASE_URL it is a database of the bench's own on that server,
created (clobbering a leftover one), migrated and dropped at the end: the test
runner's way.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(folder: str, *, database: str = "wspolnie_bench") -> str:
    """Configure Django on a fresh, migrated database; returns the name
    ``tear_down`` needs."""
    sys.path.insert(0, str(ROOT))
    os.environ["WSPOLNIE_VAR_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = database
    return connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )


def tear_down(old_name: str) -> None:
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)
