"""Every account page a person sees is in the site shell, in Polish and usable with
a screen reader: one h1, a label for every field, errors tied to their fields."""

import pytest
from django.core import mail

from tests.accounts.conftest import soup

ANONYMOUS_PAGES = {
    "/konto/login/": "Zaloguj",
    "/konto/signup/": "Zarejestruj się",
    "/konto/confirm-email/": "Zweryfikuj swój adres e-mail",
    "/konto/confirm-email/nieznany-klucz/": "Potwierdź adres e-mail",
    "/konto/password/reset/": "Resetowanie hasła",
    "/konto/password/reset/done/": "Resetowanie hasła",
    "/konto/password/reset/key/1-zly-klucz/": "Nieprawidłowy link",
    "/konto/password/reset/key/done/": "Zmień hasło",
    "/konto/inactive/": "Konto nieaktywne",
}
SIGNED_IN_PAGES = {
    "/konto/logout/": "Wyloguj się",
    "/konto/password/change/": "Zmień hasło",
    "/konto/email/": "Adres e-mail",
    "/konto/profil/": "Twoje konto",
    "/konto/usun/": "Usuń konto",
}


def assert_accessible_page(response, heading):
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "pl"
    assert page.select_one("a.skip-link[href='#main']"), "not in the site shell"
    [h1] = page.find_all("h1")
    assert h1.get_text(" ", strip=True) == heading
    assert page.title.get_text(strip=True).startswith(heading)
    for field in page.select("main input, main select, main textarea"):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert field.get("id"), field
        assert page.select_one(f"label[for='{field['id']}']"), field
    assert not page.select("[style]"), "inline styles break the CSP"
    assert not page.select("script:not([src]):not([type='application/json'])")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "heading"), ANONYMOUS_PAGES.items())
def test_anonymous_account_page_is_accessible_polish(client, url, heading):
    assert_accessible_page(client.get(url), heading)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "heading"), SIGNED_IN_PAGES.items())
def test_signed_in_account_page_is_accessible_polish(client, make_user, url, heading):
    client.force_login(make_user())
    assert_accessible_page(client.get(url), heading)


@pytest.mark.django_db
def test_password_change_errors_are_polish_and_described(client, make_user):
    client.force_login(make_user())

    response = client.post(
        "/konto/password/change/",
        {"oldpassword": "zle", "password1": "abc", "password2": "abd"},
    )

    page = soup(response)
    old = page.select_one("#id_oldpassword")
    assert old["aria-invalid"] == "true"
    assert "id_oldpassword_error" in old["aria-describedby"].split()
    assert "hasło" in page.select_one("#id_oldpassword_error").get_text().lower()
    assert page.select_one(".error-summary[role=alert]")


@pytest.mark.django_db
def test_change_email_sends_confirmation_to_the_new_address(client, make_user):
    client.force_login(make_user("gosia@example.org"))

    response = client.post(
        "/konto/email/", {"action_add": "", "email": "gosia@example.com"}, follow=True
    )

    page = soup(response)
    assert "gosia@example.com" in page.select_one("#pending-email").get_text()
    assert "gosia@example.org" in page.select_one("#current-email").get_text()
    [message] = mail.outbox
    assert message.to == ["gosia@example.com"]
    assert message.subject == "[Wspólnie] Potwierdź swój adres e-mail"
    assert "Aby potwierdzić adres, otwórz ten link:" in message.body


@pytest.mark.django_db
def test_logout_page_signs_out_on_post(client, make_user):
    client.force_login(make_user())

    response = client.post("/konto/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "home"), [("", "/"), ("/en", "/en/")])
def test_signing_in_and_out_keeps_the_language_of_the_site(
    client, make_user, prefix, home
):
    make_user("ola@example.org")

    login = client.post(
        f"{prefix}/konto/login/",
        {"login": "ola@example.org", "password": "wspolnie-demo"},
    )
    assert login.status_code == 302
    assert login["Location"] == home

    logout = client.post(f"{prefix}/konto/logout/")
    assert logout.status_code == 302
    assert logout["Location"] == home


@pytest.mark.django_db
def test_account_pages_are_english_under_en_prefix(client):
    page = soup(client.get("/en/konto/login/"))
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Sign In"
    label = page.select_one("label[for=id_login]")
    assert label.get_text(" ", strip=True) == "Email (required)"
    assert label.select_one(".required").get_text(strip=True) == "(required)"
