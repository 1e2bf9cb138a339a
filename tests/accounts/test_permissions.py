"""Each role against each permission function, and who gets into the admins."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from cms.accounts import permissions, roles
from cms.accounts.models import Department
from tests.accounts.conftest import soup
from tests.conftest import DEMO_PASSWORD

FUNCTIONS = [
    "is_editor",
    "is_moderator",
    "is_official",
    "is_facilitator",
    "can_access_admin",
    "has_verified_email",
]

# Who answers True to which function; every other pair must answer False.
TABLE = {
    "anonymous": set(),
    "unverified resident": set(),
    "resident": {"has_verified_email"},
    "moderator": {"is_moderator", "has_verified_email"},
    "official": {"is_official", "has_verified_email"},
    "facilitator": {"is_facilitator", "has_verified_email"},
    "editor": {"is_editor", "can_access_admin", "has_verified_email"},
    "superuser": {"can_access_admin", "has_verified_email"},
    "inactive editor": set(),
}


@pytest.fixture
def person(make_user):
    def make(kind):
        if kind == "anonymous":
            return AnonymousUser()
        group = {
            "moderator": roles.MODERATORS,
            "official": roles.OFFICIALS,
            "facilitator": roles.FACILITATORS,
            "editor": roles.EDITORS,
            "inactive editor": roles.EDITORS,
        }.get(kind)
        return make_user(
            f"{kind.replace(' ', '-')}@example.org",
            groups=[group] if group else [],
            verified=kind != "unverified resident",
            is_active=kind != "inactive editor",
            is_superuser=kind == "superuser",
        )

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("kind", TABLE)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_permission_table(person, kind, function):
    user = person(kind)
    assert getattr(permissions, function)(user) is (function in TABLE[kind])


@pytest.mark.django_db
def test_has_verified_email_is_cached_on_the_user(make_user, django_assert_num_queries):
    user = make_user()
    with django_assert_num_queries(1):
        assert permissions.has_verified_email(user)
        assert permissions.has_verified_email(user)


@pytest.mark.django_db
def test_roles_are_read_once_per_user_object(make_user, django_assert_num_queries):
    user = make_user(groups=[roles.OFFICIALS])
    with django_assert_num_queries(1):
        assert permissions.is_official(user)
        assert not permissions.is_editor(user)
        assert not permissions.is_moderator(user)


@pytest.mark.django_db
def test_editor_gets_into_wagtail_admin_in_polish(client, make_user):
    client.force_login(make_user("redaktor@example.org", groups=[roles.EDITORS]))

    response = client.get("/admin/")

    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "pl"
    assert page.title.get_text(strip=True).startswith("Kokpit")


@pytest.mark.django_db
def test_editor_signs_in_to_wagtail_admin_with_email(client, make_user):
    make_user("redaktor@example.org", groups=[roles.EDITORS])

    response = client.post(
        "/admin/login/",
        {"username": "redaktor@example.org", "password": DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group", [None, roles.MODERATORS, roles.OFFICIALS, roles.FACILITATORS]
)
def test_non_editors_are_turned_away_from_wagtail_admin(client, make_user, group):
    client.force_login(make_user(groups=[group] if group else []))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_anonymous_is_sent_to_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_editor_manages_departments_in_wagtail_admin(client, make_user):
    Department.objects.create(name="Wydział Architektury")
    client.force_login(make_user("redaktor@example.org", groups=[roles.EDITORS]))

    listing = client.get("/admin/snippets/accounts/department/")
    assert listing.status_code == 200
    assert "Wydział Architektury" in listing.content.decode()
    sidebar = soup(client.get("/admin/")).select_one("#wagtail-sidebar-props")
    menu = json.loads(sidebar.get_text())
    assert "Wydziały" in json.dumps(menu, ensure_ascii=False)

    created = client.post(
        "/admin/snippets/accounts/department/add/",
        {"name": "Biuro Partycypacji", "short_name": "BP", "email": "bp@example.org"},
    )
    assert created.status_code == 302
    assert Department.objects.filter(name="Biuro Partycypacji").exists()


@pytest.mark.django_db
def test_resident_cannot_manage_departments(client, make_user):
    client.force_login(make_user())
    response = client.get("/admin/snippets/accounts/department/")
    assert response.status_code == 302
