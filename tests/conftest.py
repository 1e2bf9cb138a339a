import logging
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

DEMO_PASSWORD = "wspolnie-demo"


def pytest_collection_modifyitems(items):
    # Real-browser journeys go last: they are slow, and their Playwright event loop
    # must not share the process with the other tests' async safety checks.
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def make_user(db):
    """Creates a user with a verified e-mail, optionally in role groups."""

    def make(
        email="resident@example.org",
        *,
        display_name=None,
        groups=(),
        verified=True,
        **extra,
    ):
        from django.contrib.auth.models import Group

        user = get_user_model().objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=display_name or email.split("@")[0].title(),
            **extra,
        )
        EmailAddress.objects.create(
            user=user, email=email, verified=verified, primary=True
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


class TaskQueue:
    """The database task backend, as production runs it: enqueued tasks wait in
    django_tasks_db's table until ``run()`` processes them the way the worker does."""

    def results(self, path: str = ""):
        from django_tasks_db.models import DBTaskResult

        # Wagtail enqueues its own tasks (reference index) when pages are saved.
        return list(
            DBTaskResult.objects.filter(task_path__startswith=path).order_by(
                "enqueued_at"
            )
        )

    def run(self) -> None:
        """``manage.py db_worker --batch``: run every ready task, then return."""
        loggers = [
            logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")
        ]
        levels = [logger.level for logger in loggers]
        try:
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
            )
        finally:
            # The command sets these loggers' levels for the whole process.
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database queue instead of running at once. The worker takes
    its own transactions, so tests using this are
    ``django_db(transaction=True, serialized_rollback=True)``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return TaskQueue()


def pytest_sessionfinish(session, exitstatus):
    # pytest-django deletes the SQLite test database but not its WAL side files.
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
