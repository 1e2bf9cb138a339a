import json

import pytest
from allauth.account.models import EmailAddress

from cms.accounts import roles
from cms.accounts.export import register_exporter, unregister_exporter
from cms.accounts.models import Department

EXPORT = "/konto/moje-dane.json"


@pytest.fixture
def comments_exporter():
    register_exporter("comments", lambda user: [{"author": user.public_name}])
    yield
    unregister_exporter("comments")


@pytest.mark.django_db
def test_export_requires_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_export_is_a_json_attachment_with_the_account(client, make_user):
    department = Department.objects.create(name="Wydział Komunikacji")
    user = make_user(
        "kasia@example.org",
        display_name="Kasia",
        district="Wola",
        notify_responses=False,
        department=department,
        groups=[roles.OFFICIALS],
    )
    EmailAddress.objects.create(user=user, email="kasia@example.com", verified=False)
    client.force_login(user)

    response = client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    account = data["account"]
    assert account["email"] == "kasia@example.org"
    assert account["display_name"] == "Kasia"
    assert account["district"] == "Wola"
    assert account["department"] == "Wydział Komunikacji"
    assert account["notifications"] == {
        "replies": True,
        "responses": False,
        "followed": True,
    }
    assert account["date_joined"].startswith(str(user.date_joined.year))
    assert account["roles"] == ["Officials"]
    assert account["email_addresses"] == [
        {"email": "kasia@example.org", "verified": True, "primary": True},
        {"email": "kasia@example.com", "verified": False, "primary": False},
    ]
    assert "exported_at" in data
    assert "Wydział Komunikacji" in response.content.decode(), "UTF-8, not escaped"


@pytest.mark.django_db
def test_export_includes_what_other_apps_register(client, make_user, comments_exporter):
    client.force_login(make_user(display_name="Leon"))

    data = client.get(EXPORT).json()

    assert data["comments"] == [{"author": "Leon"}]


def test_apps_cannot_overwrite_the_account_section():
    with pytest.raises(ValueError):
        register_exporter("account", lambda user: {})
