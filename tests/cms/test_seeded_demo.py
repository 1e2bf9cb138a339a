"""What one ``manage.py seed_demo`` (DEBUG on) builds, seeded once for the module.
How seeding behaves (refusals, re-runs, app seeders) is in test_seed.py."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page, Site

from cms.accounts import roles
from cms.accounts.models import Department
from cms.models import (
    DocumentsHubPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PublicDocument,
    StandardPage,
)
from events.models import EventIndexPage
from tests.conftest import refuse_transactional

pytestmark = pytest.mark.django_db

SECTION_SLUGS = [
    "konsultacje",
    "wydarzenia",
    "organizacje",
    "wyniki",
    "aktualnosci",
    "dokumenty",
    "deklaracja-dostepnosci",
]


@pytest.fixture(scope="module")
def _seed_output_once(module_db, module_media_root, django_db_blocker):
    out = io.StringIO()
    with (
        override_settings(DEBUG=True),
        django_db_blocker.unblock(),
        translation.override("pl"),
    ):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_output(_seed_output_once, db, request):
    """What the command printed; what it built is in the database (see module_db)."""
    refuse_transactional(request)
    return _seed_output_once


def test_seed_builds_gmina_przykladowo(seed_output):
    home = HomePage.objects.get()
    assert home.title == "Gmina Przykładowo — Wspólnie"
    assert "Witamy" in home.intro
    site = Site.objects.get()
    assert (site.hostname, site.port, site.is_default_site) == ("localhost", 80, True)
    assert site.site_name == "Gmina Przykładowo"
    assert site.root_page_id == home.pk
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert list(Page.objects.filter(depth=2)) == [home.page_ptr]

    children = {page.slug: page.specific for page in home.get_children()}
    assert set(SECTION_SLUGS) <= set(children)
    assert isinstance(children["aktualnosci"], NewsIndexPage)
    assert isinstance(children["dokumenty"], DocumentsHubPage)
    assert children["dokumenty"].title == "Dokumenty dla organizacji — jedno okienko"
    # The events app's seeder replaced the placeholder at /wydarzenia/.
    assert isinstance(children["wydarzenia"], EventIndexPage)
    for slug in ("organizacje", "wyniki", "deklaracja-dostepnosci"):
        assert isinstance(children[slug], StandardPage)
    assert all(page.live for page in children.values())

    news = NewsPage.objects.child_of(children["aktualnosci"])
    assert news.count() == 4
    assert {item.date.year for item in news} == {2026}
    assert {d.kind for d in PublicDocument.objects.all()} >= {
        "resolution",
        "order",
        "programme",
        "announcement",
    }
    # The events' materials have no year.
    assert {d.year for d in PublicDocument.objects.exclude(year=None)} == {2025, 2026}
    assert set(Department.objects.values_list("name", flat=True)) == {
        "Wydział Organizacyjny",
        "Biuro Współpracy z Organizacjami Pozarządowymi",
        "Wydział Gospodarki Komunalnej",
    }
    assert "Demo content is ready." in seed_output


def test_demo_users_have_roles_verified_emails_and_the_demo_password(seed_output):
    User = get_user_model()
    expected_groups = {
        "resident@example.org": set(),
        "ngo@example.org": set(),
        "official@example.org": {roles.OFFICIALS},
        "moderator@example.org": {roles.MODERATORS},
        "facilitator@example.org": {roles.FACILITATORS},
        "editor@example.org": {roles.EDITORS},
    }
    for email, groups in expected_groups.items():
        user = User.objects.get(email=email)
        assert set(user.groups.values_list("name", flat=True)) == groups
        assert user.check_password("wspolnie-demo")
        assert user.display_name
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
    resident = User.objects.get(email="resident@example.org")
    assert (resident.display_name, resident.district) == (
        "Anna Mieszkanka",
        "Osiedle Słoneczne",
    )
    assert User.objects.get(email="ngo@example.org").display_name == (
        "Fundacja Razem — Piotr"
    )
    official = User.objects.get(email="official@example.org")
    assert official.department.name == "Biuro Współpracy z Organizacjami Pozarządowymi"
    assert User.objects.get(email="editor@example.org").is_staff
    assert not resident.is_staff


def test_demo_user_can_log_in_with_email_and_password(client, settings, seed_output):
    settings.DEBUG = True

    response = client.post(
        "/konto/login/", {"login": "resident@example.org", "password": "wspolnie-demo"}
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(
        get_user_model().objects.get(email="resident@example.org").pk
    )
