import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.accounts import roles, services
from tests.accounts.conftest import soup

PROFILE = "/konto/profil/"


def profile_data(**overrides):
    data = {
        "display_name": "Hanna",
        "district": "Stare Miasto",
        "notify_replies": "on",
        "notify_followed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/konto/profil/"


@pytest.mark.django_db
def test_profile_edit_saves_name_district_and_preferences(client, make_user):
    user = make_user("hanna@example.org")
    client.force_login(user)

    response = client.post(PROFILE, profile_data())

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.display_name == "Hanna"
    assert user.district == "Stare Miasto"
    assert (user.notify_replies, user.notify_responses, user.notify_followed) == (
        True,
        False,
        True,
    )
    page = soup(client.get(PROFILE))
    assert "Twój profil został zapisany." in page.select_one(".messages").get_text()
    assert page.select_one("#id_display_name")["value"] == "Hanna"
    assert not page.select_one("#id_notify_responses").has_attr("checked")


@pytest.mark.django_db
def test_profile_with_invalid_input_shows_polish_error_and_saves_nothing(
    client, make_user
):
    user = make_user("igor@example.org", display_name="Igor")
    client.force_login(user)

    response = client.post(
        PROFILE, profile_data(display_name="   ", district="x" * 121)
    )

    assert response.status_code == 400
    page = soup(response)
    name = page.select_one("#id_display_name")
    assert name["aria-invalid"] == "true"
    assert name["aria-describedby"].split() == [
        "id_display_name_helptext",
        "id_display_name_error",
    ]
    assert page.select_one("#id_display_name_error").get_text(strip=True) == (
        "To pole jest wymagane."
    )
    assert "co najwyżej 120" in page.select_one("#id_district_error").get_text()
    assert page.select_one(".error-summary[role=alert]")
    # The header still shows the saved name, not the rejected one.
    assert "Igor" in page.select_one(".account-menu").get_text()
    user.refresh_from_db()
    assert user.display_name == "Igor"
    assert user.district == ""
    assert user.notify_responses is True


@pytest.mark.django_db
def test_profile_lists_translated_roles_and_account_links(client, make_user):
    user = make_user("jola@example.org", groups=[roles.OFFICIALS, roles.MODERATORS])
    client.force_login(user)

    page = soup(client.get(PROFILE))

    assert [li.get_text(strip=True) for li in page.select("#roles li")] == [
        "Moderatorzy",
        "Urzędnicy",
    ]
    links = {a["href"] for a in page.select("main a")}
    assert {
        "/konto/email/",
        "/konto/password/change/",
        "/konto/moje-dane.json",
        "/konto/usun/",
    } <= links
    assert "jola@example.org" in page.select_one("main").get_text()


@pytest.mark.django_db
def test_profile_of_resident_explains_the_default_role(client, make_user):
    client.force_login(make_user())

    page = soup(client.get(PROFILE))

    assert not page.select("#roles li")
    assert "Mieszkaniec" in page.select_one("#roles").get_text()


@pytest.mark.django_db
def test_profile_is_english_under_en_prefix(client, make_user):
    user = make_user()
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(user)

    page = soup(client.get("/en" + PROFILE))

    assert page.h1.get_text(strip=True) == "Your account"
    assert page.select_one("#roles li").get_text(strip=True) == "Editors"


@pytest.mark.django_db
def test_profile_queries_do_not_grow_with_roles_or_addresses(client, make_user):
    def queries_for(user):
        client.force_login(user)
        client.get(PROFILE)  # Wagtail creates its user profile on first render.
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROFILE).status_code == 200
        return len(queries)

    plain = make_user("p@example.org")
    # Not Editors: they also get Wagtail's user bar, which has queries of its own.
    busy = make_user(
        "b@example.org",
        groups=[roles.OFFICIALS, roles.FACILITATORS, roles.MODERATORS],
    )
    for number in range(3):
        EmailAddress.objects.create(user=busy, email=f"b{number}@example.org")

    # Only the header's staff queues cost more: one COUNT each for the
    # officials' comments to answer and the moderators' open reports.
    assert queries_for(busy) == queries_for(plain) + 2


@pytest.mark.django_db
def test_profile_update_service_rejects_a_blank_display_name(make_user):
    user = make_user(display_name="Kuba")

    with pytest.raises(ValidationError):
        services.user_profile_update(
            user=user,
            display_name="  ",
            district="",
            notify_replies=True,
            notify_responses=True,
            notify_followed=True,
        )

    user.refresh_from_db()
    assert user.display_name == "Kuba"
