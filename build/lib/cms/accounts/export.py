"""The "download my data" registry (GDPR art. 15 and 20).

The accounts app exports the account itself; every other app that stores personal
data registers an exporter in its ``AppConfig.ready()``::

    from cms.accounts.export import register_exporter
    register_exporter("comments", comments_for_export)  # fn(user) -> JSON-able

Each exporter's result appears under its key in the downloaded JSON file.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]

_exporters: dict[str, Exporter] = {}

# The account's own section and the file's timestamp: no app may use these keys.
ACCOUNT_KEY = "account"
EXPORTED_AT_KEY = "exported_at"


def register_exporter(key: str, fn: Exporter) -> None:
    """Adds ``fn(user)`` to the export under ``key``; registering again replaces it
    (``ready()`` may run more than once in tests)."""
    if key in (ACCOUNT_KEY, EXPORTED_AT_KEY):
        raise ValueError(f"{key!r} is reserved by the accounts app")
    _exporters[key] = fn


def registered_exporters() -> dict[str, Exporter]:
    return dict(sorted(_exporters.items()))


def unregister_exporter(key: str) -> None:
    """For tests."""
    _exporters.pop(key, None)
