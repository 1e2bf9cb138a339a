"""Fixtures every app's tests share: the people of Gmina Przykładowo, their
departments and organisation, a clean cache and the Polish interface per test, and
``module_db`` for data built once per module (see ``tests/cms/conftest.py``)."""

import logging
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from cms.accounts.models import Department
from cms.accounts.roles import EDITORS, FACILITATORS, MODERATORS, OFFICIALS
from participation.models import Organisation, OrganisationMembership

DEMO_PASSWORD = "wspolnie-demo"


def pytest_collection_modifyitems(items):
    # Real-browser journeys go last: they are slow, and their Playwright event loop
    # must not share the process with the other tests' async safety checks.
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


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


# --- every test ----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache, keyed by user pk, and pks are reused
    after rollbacks (as is Wagtail's cached site root): every test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _polish():
    """Polish, the default interface language, whatever a previous test (or a
    request to /en/) left active in this thread."""
    with translation.override("pl"):
        yield


# --- data built once per module ------------------------------------------------------
@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction open for the whole module and rolled back at its end.

    A module-scoped fixture that writes inside ``with django_db_blocker.unblock():``
    after requesting this one builds its data once for the module; pytest-django's
    ``db`` then runs each test in savepoints on top of it (as Django's
    ``setUpTestData``), so no test sees another's writes. The database stays blocked
    between setup and teardown: a test without ``db`` still may not query.
    Not for ``transaction=True`` tests: their flush would empty the module's data.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    # Rows are gone without signals: drop what caches remembered of them.
    ContentType.objects.clear_cache()
    cache.clear()


def refuse_transactional(request) -> None:
    """For fixtures handing out ``module_db`` data: a ``transaction=True`` test's
    flush would empty the module's data for the tests after it."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (
        marker and marker.kwargs.get("transaction")
    ):
        pytest.fail(f"{request.fixturename} needs a non-transactional test")


# --- people --------------------------------------------------------------------------
@pytest.fixture
def write_limit(settings):
    """``write_limit("support", 2)``: two supports a minute per user in this test
    (one kind of settings.WRITE_RATE_LIMITS; the others keep their values)."""

    def set_limit(kind: str, limit: int, period: int = 60) -> None:
        settings.WRITE_RATE_LIMITS = {
            **settings.WRITE_RATE_LIMITS,
            kind: (limit, period),
        }

    return set_limit


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


@pytest.fixture
def department(db):
    return Department.objects.create(name="Wydział Ochrony Środowiska")


@pytest.fixture
def other_department(db):
    return Department.objects.create(name="Wydział Komunikacji")


@pytest.fixture
def resident(make_user):
    return make_user("resident@example.org", display_name="Anna Mieszkanka")


@pytest.fixture
def neighbour(make_user):
    return make_user("neighbour@example.org", display_name="Bartek Sąsiad")


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Fundacja Razem", slug="fundacja-razem", krs="0000123456", verified=True
    )


@pytest.fixture
def ngo(make_user, organisation):
    """A verified member of a verified organisation: may act on its behalf."""
    user = make_user("ngo@example.org", display_name="Piotr z Fundacji")
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, verified=True
    )
    return user


@pytest.fixture
def official(make_user, department):
    return make_user(
        "official@example.org",
        display_name="Jan Urzędnik",
        groups=[OFFICIALS],
        department=department,
    )


@pytest.fixture
def other_official(make_user, other_department):
    return make_user(
        "official2@example.org",
        display_name="Ewa Urzędniczka",
        groups=[OFFICIALS],
        department=other_department,
    )


@pytest.fixture
def moderator(make_user):
    return make_user(
        "moderator@example.org", display_name="Marta Moderatorka", groups=[MODERATORS]
    )


@pytest.fixture
def facilitator(make_user):
    return make_user(
        "facilitator@example.org", display_name="Filip", groups=[FACILITATORS]
    )


@pytest.fixture
def editor(make_user):
    return make_user(
        "editor@example.org", display_name="Edyta Redaktor", groups=[EDITORS]
    )


@pytest.fixture
def unverified(make_user):
    return make_user("new@example.org", display_name="Nowy", verified=False)


@pytest.fixture
def anonymous():
    return AnonymousUser()
