"""Sign-up, e-mail verification and sign-in through allauth, as a visitor does it."""

import re
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client as client_class

from tests.accounts.conftest import soup
from tests.conftest import DEMO_PASSWORD

SIGNUP = "/konto/signup/"
LOGIN = "/konto/login/"
NEW_PASSWORD = "Zielona-lawka-42"


def sign_up(
    client, email="ala@example.org", display_name="Ala z Podgórza", accept_terms=True
):
    data = {
        "display_name": display_name,
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    if accept_terms:
        data["accept_terms"] = "on"
    return client.post(SIGNUP, data)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_signup_sends_polish_verification_email_then_confirm_and_login(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = get_user_model().objects.get(email="ala@example.org")
    assert user.display_name == "Ala z Podgórza"
    assert not EmailAddress.objects.get(user=user).verified
    assert not client.session.get("_auth_user_id"), "not signed in before verifying"

    [message] = mail.outbox
    assert message.to == ["ala@example.org"]
    assert message.subject == (
        "[Wspólnie] Witamy w serwisie Wspólnie: potwierdź swój adres e-mail"
    )
    assert "Ala z Podgórza" in message.body
    link = confirmation_link(message)
    path = link.split("testserver", 1)[1]

    page = client.get(path)
    assert page.status_code == 200
    assert "Potwierdź adres e-mail" in soup(page).h1.get_text()
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == LOGIN
    assert EmailAddress.objects.get(user=user).verified

    login = client.post(LOGIN, {"login": "ala@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    profile = client.get("/konto/profil/")
    assert "Ala z Podgórza" in soup(profile).select_one(".account-menu").get_text()


@pytest.mark.django_db
def test_verification_page_after_signup_is_polish_and_in_site_shell(client):
    sign_up(client)
    page = soup(client.get("/konto/confirm-email/"))
    assert page.h1.get_text(strip=True) == "Zweryfikuj swój adres e-mail"
    assert page.select_one("a.skip-link[href='#main']")


@pytest.mark.django_db
def test_confirmation_by_get_only_shows_the_form(client):
    sign_up(client)
    path = confirmation_link(mail.outbox[0]).split("testserver", 1)[1]
    client.get(path)
    assert not EmailAddress.objects.get(email="ala@example.org").verified


@pytest.mark.django_db
def test_unverified_user_cannot_log_in_and_is_sent_to_verification(client, make_user):
    make_user("bolek@example.org", verified=False)

    response = client.post(
        LOGIN, {"login": "bolek@example.org", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.subject == "[Wspólnie] Potwierdź swój adres e-mail"
    assert client.get("/konto/profil/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_polish_error_linked_to_form(client, make_user):
    make_user("cela@example.org")

    response = client.post(LOGIN, {"login": "cela@example.org", "password": "nie"})

    assert response.status_code == 200
    summary = soup(response).select_one(".error-summary[role=alert]")
    assert "adres e-mail i/lub hasło są niepoprawne" in summary.get_text()


@pytest.mark.django_db
def test_signup_requires_display_name_with_polish_error(client):
    response = sign_up(client, display_name="   ")

    assert response.status_code == 200
    page = soup(response)
    field = page.select_one("#id_display_name")
    assert field["aria-invalid"] == "true"
    error = page.select_one("#id_display_name_error")
    assert error.get_text(strip=True) == "To pole jest wymagane."
    assert "id_display_name_error" in field["aria-describedby"].split()
    assert not get_user_model().objects.filter(email="ala@example.org").exists()


@pytest.mark.django_db
def test_login_is_rate_limited_after_repeated_failures(client, make_user):
    make_user("darek@example.org")

    for _ in range(5):
        client.post(LOGIN, {"login": "darek@example.org", "password": "zle-haslo"})
    # Even the right password is refused once the limit is spent.
    response = client.post(
        LOGIN, {"login": "darek@example.org", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    summary = soup(response).select_one(".error-summary").get_text()
    assert "Zbyt wiele nieudanych prób logowania" in summary


@pytest.mark.django_db
def test_signup_is_rate_limited_per_ip(client):
    # settings.ACCOUNT_RATE_LIMITS["signup"] == "10/h/ip"
    for number in range(10):
        response = sign_up(client, email=f"spam{number}@example.org")
        assert response.status_code == 302
        client.logout()

    response = sign_up(client, email="spam10@example.org")

    assert response.status_code == 429
    assert soup(response).h1.get_text(strip=True) == "Zbyt wiele prób"
    assert not get_user_model().objects.filter(email="spam10@example.org").exists()


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_reset_the_signup_limit(client):
    # As production runs behind an nginx that appends the address it saw to the
    # X-Forwarded-For the client sent ($proxy_add_x_forwarded_for), where Daphne's
    # --proxy-headers makes the leftmost, client-chosen, entry REMOTE_ADDR. The
    # settings trust one proxy (TRUSTED_PROXY_COUNT), as in production.

    def sign_up_spoofed(number):
        spoofed = f"10.9.{number}.1"
        return client.post(
            SIGNUP,
            {
                "display_name": "Spammer",
                "email": f"spam{number}@example.org",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "accept_terms": "on",
            },
            REMOTE_ADDR=spoofed,
            HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.7",
        )

    for number in range(10):
        assert sign_up_spoofed(number).status_code == 302
        client.logout()

    response = sign_up_spoofed(10)

    assert response.status_code == 429
    assert not get_user_model().objects.filter(email="spam10@example.org").exists()
    # Another client behind the same proxy still signs up.
    other = client.post(
        SIGNUP,
        {
            "display_name": "Ala",
            "email": "ala@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "accept_terms": "on",
        },
        REMOTE_ADDR="198.51.100.2",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_inactive_user_sees_account_inactive_page(client, make_user):
    make_user("ewa@example.org", is_active=False)

    response = client.post(
        LOGIN, {"login": "ewa@example.org", "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/konto/inactive/"
    assert soup(response).h1.get_text(strip=True) == "Konto nieaktywne"


@pytest.mark.django_db
def test_password_reset_email_is_polish_and_link_works(client, make_user):
    make_user("franek@example.org")

    response = client.post("/konto/password/reset/", {"email": "franek@example.org"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[Wspólnie] Zresetuj hasło"
    assert "Aby ustawić nowe hasło, otwórz ten link:" in message.body
    link = re.search(r"http://testserver(/konto/password/reset/key/\S+/)", message.body)
    page = client.get(link.group(1), follow=True)
    assert soup(page).h1.get_text(strip=True) == "Zmień hasło"
    reset_path = page.redirect_chain[-1][0]

    done = client.post(
        reset_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert done["Location"] == "/konto/password/reset/key/done/"
    login = client.post(
        LOGIN, {"login": "franek@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


@pytest.mark.django_db
def test_each_signup_gets_its_own_handle_that_does_not_reveal_the_email(client):
    sign_up(client, email="jan.kowalski@example.org", display_name="Jan")
    client.logout()
    sign_up(client, email="jan.kowalski@example.com", display_name="Jan K.")

    usernames = list(get_user_model().objects.values_list("username", flat=True))
    assert len(set(usernames)) == 2
    assert not any("kowalski" in name for name in usernames)


@pytest.mark.django_db
def test_signing_up_from_a_provision_comes_back_to_it_after_confirming(client):
    from tests.consultations.factories import make_consultation, provision

    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    wanted = f"{page.url}?przepis={drought.key}#comment-form"

    # Sign-in page (where "Comment on this provision" leads), then its sign-up link.
    sign_in = soup(client.get(LOGIN, {"next": wanted}))
    signup_link = sign_in.find("a", href=re.compile(r"^/konto/signup/\?next="))
    assert signup_link is not None, "the sign-in page's sign-up link drops next"
    signup_page = soup(client.get(signup_link["href"]))
    signup_form = signup_page.find("form", action="/konto/signup/")
    assert signup_form.find("input", attrs={"name": "next"})["value"] == wanted
    client.post(
        SIGNUP,
        {
            "display_name": "Ala z Podgórza",
            "email": "ala@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "accept_terms": "on",
            "next": wanted,
        },
    )

    # The e-mail's link, opened in another browser (no session of the sign-up).
    [message] = mail.outbox
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", message.body).group(0)
    path = link.split("testserver", 1)[1]
    other = client_class()
    form = soup(other.get(path)).find("form", action=re.compile("confirm-email"))
    next_field = form.find("input", attrs={"name": "next"})
    confirmed = other.post(form["action"], {"next": next_field["value"]})
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="ala@example.org").verified
    # Confirmed: sign in, and from there back to the provision's comment form.
    assert confirmed["Location"] == f"{LOGIN}?{urlencode({'next': wanted})}"
    signed_in = other.post(
        confirmed["Location"],
        {"login": "ala@example.org", "password": NEW_PASSWORD, "next": wanted},
    )
    assert signed_in["Location"] == wanted


@pytest.mark.django_db
def test_confirmation_link_takes_no_next_off_the_site(client):
    client.post(
        SIGNUP,
        {
            "display_name": "Ala",
            "email": "ala@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "accept_terms": "on",
            "next": "https://evil.example/",
        },
    )
    [message] = mail.outbox
    assert "evil.example" not in message.body
    path = confirmation_link(message).split("testserver", 1)[1]
    confirmed = client.post(path, {"next": "https://evil.example/"})
    assert confirmed["Location"] == LOGIN
