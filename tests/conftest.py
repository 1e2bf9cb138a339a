from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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


def pytest_sessionfinish(session, exitstatus):
    # pytest-django deletes the SQLite test database but not its WAL side files.
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
