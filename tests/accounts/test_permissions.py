"""Each role against each user check (the functions every app's permissions are
built on), their cache and its lifetime, and who gets into the admins."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from cms.accounts import permissions, roles
from cms.accounts.models import Department
from tests.accounts.conftest import soup
from tests.conftest import DEMO_PASSWORD

FUNCTIONS = [
    "is_signed_in",
    "has_verified_email",
    "is_editor",
    "is_moderator",
    "is_official",
    "is_facilitator",
]
SIGNED = {"is_signed_in", "has_verified_email"}

# Who answers True to which function; every other pair must answer False.
TABLE = {
    "anonymous": set(),
    "unverified resident": {"is_signed_in"},
    "resident": SIGNED,
    "moderator": SIGNED | {"is_moderator"},
    "official": SIGNED | {"is_official"},
    "facilitator": SIGNED | {"is_facilitator"},
    "editor": SIGNED | {"is_editor"},
    # Superusers hold every role, in every check alike.
    "superuser": set(FUNCTIONS),
    "inactive editor": set(),
    "deleted resident": set(),
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
            deleted_at=timezone.now() if kind == "deleted resident" else None,
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
def test_app_rules_build_on_the_same_checks(person):
    """The checks production code asks: participation's moderation and the
    consultations' editor and official rules answer as the role checks do."""
    from consultations.permissions import can_edit_draft_act
    from participation.permissions import can_moderate

    for kind in TABLE:
        user = person(kind)
        assert can_moderate(user) is ("is_moderator" in TABLE[kind])
        assert can_edit_draft_act(user) is ("is_editor" in TABLE[kind])


@pytest.mark.django_db
def test_app_facts_share_the_cache(make_user, django_assert_num_queries):
    from participation.permissions import organisations_for

    user = make_user()
    with django_assert_num_queries(2):
        assert permissions.has_verified_email(user)
        assert organisations_for(user) == []
        assert organisations_for(user) == []
        assert permissions.has_verified_email(user)


@pytest.fixture
def clock(monkeypatch):
    """Moves the checks' clock without waiting."""
    now = [1000.0]
    monkeypatch.setattr(permissions, "_clock", lambda: now[0])
    return now


@pytest.mark.django_db
def test_revoked_role_stops_counting_within_the_cache_lifetime(make_user, clock):
    # A WebSocket keeps its user object for hours: the cache must not.
    user = make_user(groups=[roles.MODERATORS])
    assert permissions.is_moderator(user)

    user.groups.remove(Group.objects.get(name=roles.MODERATORS))
    clock[0] += permissions.USER_FACTS_MAX_AGE - 1
    assert permissions.is_moderator(user), "still within the cache's lifetime"

    clock[0] += 1
    assert not permissions.is_moderator(user)


@pytest.mark.django_db
def test_deactivated_account_stops_being_signed_in_after_the_cache_expires(
    make_user, clock
):
    user = make_user()
    assert permissions.is_signed_in(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    clock[0] += permissions.USER_FACTS_MAX_AGE
    assert not permissions.is_signed_in(user)
    assert not permissions.has_verified_email(user)


@pytest.mark.django_db
def test_forgetting_facts_reloads_them_at_once(make_user):
    user = make_user()
    assert not permissions.is_official(user)
    user.groups.add(Group.objects.get(name=roles.OFFICIALS))
    permissions.forget_user_facts(user)
    assert permissions.is_official(user)


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
