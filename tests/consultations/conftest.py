import pytest

from cms.accounts.models import Department
from cms.accounts.roles import EDITORS, MODERATORS, OFFICIALS


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
def editor(make_user):
    return make_user(
        "editor@example.org", display_name="Edyta Redaktor", groups=[EDITORS]
    )


@pytest.fixture
def moderator(make_user):
    return make_user("moderator@example.org", groups=[MODERATORS])


@pytest.fixture
def official(make_user, department):
    return make_user(
        "official@example.org",
        display_name="Jan Urzędnik",
        groups=[OFFICIALS],
        department=department,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache, keyed by user id; test databases reuse ids."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _polish():
    """Polish, the default interface language, whatever a previous test (or
    request to /en/) left active in this thread."""
    from django.utils import translation

    with translation.override("pl"):
        yield
