import pytest
from django.contrib.auth import get_user_model

from cms.accounts.models import Department


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_django_admin_lists_and_searches_users(superuser_client, make_user):
    make_user("natalia@example.org", display_name="Natalia")

    response = superuser_client.get("/django-admin/accounts/user/?q=natalia")

    assert response.status_code == 200
    assert "natalia@example.org" in response.content.decode()


@pytest.mark.django_db
def test_staff_puts_an_official_into_a_department(superuser_client, make_user):
    official = make_user("oskar@example.org", display_name="Oskar")
    department = Department.objects.create(name="Wydział Zieleni")
    url = f"/django-admin/accounts/user/{official.pk}/change/"
    assert superuser_client.get(url).status_code == 200

    response = superuser_client.post(
        url,
        {
            "username": official.username,
            "email": official.email,
            "display_name": "Oskar",
            "district": "",
            "department": department.pk,
            "notify_replies": "on",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    official.refresh_from_db()
    assert official.department == department


@pytest.mark.django_db
def test_django_admin_adds_a_user(superuser_client):
    response = superuser_client.get("/django-admin/accounts/user/add/")
    assert response.status_code == 200

    created = superuser_client.post(
        "/django-admin/accounts/user/add/",
        {
            "username": "urzednik",
            "email": "urzednik@example.org",
            "display_name": "Urzędnik",
            "usable_password": "true",
            "password1": "Bardzo-Dlugie-Haslo-7",
            "password2": "Bardzo-Dlugie-Haslo-7",
        },
    )

    assert created.status_code == 302
    user = get_user_model().objects.get(username="urzednik")
    assert user.display_name == "Urzędnik"


@pytest.mark.django_db
def test_django_admin_lists_departments(superuser_client):
    Department.objects.create(name="Wydział Kultury", short_name="WK")
    response = superuser_client.get("/django-admin/accounts/department/")
    assert "Wydział Kultury" in response.content.decode()


@pytest.mark.django_db
def test_wagtail_admin_shows_people_by_name_not_username(superuser_client, make_user):
    natalia = make_user("natalia@example.org", display_name="Natalia Nowak")
    assert natalia.username.startswith("user-")

    content = superuser_client.get("/admin/users/").content.decode()
    edit = superuser_client.get(f"/admin/users/edit/{natalia.pk}/").content.decode()

    assert "Natalia Nowak" in content
    assert "<title>" in edit and "Natalia Nowak" in edit.split("</title>")[0]
    assert natalia.get_full_name() == "Natalia Nowak"
