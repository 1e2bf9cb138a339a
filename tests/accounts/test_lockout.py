"""Failed sign-in limits an attacker who knows an official's e-mail cannot turn
into a lockout of the official (cms.accounts.lockout)."""

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from tests.conftest import DEMO_PASSWORD

LOGIN = "/konto/login/"
OFFICIAL = "urzedniczka@example.org"
REFUSED = "Zbyt wiele nieudanych prób logowania"
ATTACKER_IP = "203.0.113.66"
OWNER_IP = "198.51.100.20"
COOKIE = settings.LOGIN_DEVICE_COOKIE_NAME


def browser(address: str) -> Client:
    # Behind our proxy, as production runs (TRUSTED_PROXY_COUNT = 1).
    return Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str = OFFICIAL, password: str = DEMO_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def hammer(client: Client, times: int, email: str = OFFICIAL):
    for _ in range(times):
        response = sign_in(client, email, "zgadywane-haslo")
    return response


def known_browser(address: str) -> Client:
    """The official's own browser: it signed in before, then signed out."""
    client = browser(address)
    assert sign_in(client).status_code == 302
    client.post("/konto/logout/")
    assert not signed_in(client)
    assert COOKIE in client.cookies
    return client


@pytest.fixture
def official(make_user):
    return make_user(OFFICIAL)


@pytest.mark.django_db
def test_attacker_is_refused_even_with_the_right_password(official):
    attacker = browser(ATTACKER_IP)

    assert REFUSED not in hammer(attacker, 5).content.decode()
    response = sign_in(attacker)

    assert REFUSED in response.content.decode()
    assert not signed_in(attacker)


@pytest.mark.django_db
def test_owner_signs_in_from_known_browser_while_attacker_hammers(official):
    # Even from the attacker's own address (a shared office NAT, say).
    owner = known_browser(ATTACKER_IP)
    attacker = browser(ATTACKER_IP)

    assert REFUSED in hammer(attacker, 12).content.decode()

    assert sign_in(owner).status_code == 302
    assert signed_in(owner)
    assert REFUSED in sign_in(attacker).content.decode()


@pytest.mark.django_db
def test_owner_signs_in_from_another_address_without_cookie(official, settings):
    # The backstop per account counts only attempts that were let through, so one
    # address hammering cannot fill it however long it keeps going.
    settings.LOGIN_FAILURE_LIMITS = {
        **settings.LOGIN_FAILURE_LIMITS,
        "account_address": (5, 900),
        "account": (8, 900),
    }
    attacker = browser(ATTACKER_IP)
    assert REFUSED in hammer(attacker, 20).content.decode()

    owner = browser(OWNER_IP)
    assert sign_in(owner).status_code == 302
    assert signed_in(owner)


@pytest.mark.django_db
def test_many_addresses_slow_untrusted_attempts_not_known_browsers(official, settings):
    settings.LOGIN_FAILURE_LIMITS = {
        **settings.LOGIN_FAILURE_LIMITS,
        "account_address": (5, 900),
        "account": (8, 900),
    }
    owner = known_browser(OWNER_IP)
    hammer(browser("203.0.113.1"), 5)
    hammer(browser("203.0.113.2"), 5)

    # The account's backstop is spent: a fresh address is slowed down...
    assert REFUSED in sign_in(browser("203.0.113.3")).content.decode()
    # ...but the owner's known browser is not.
    assert sign_in(owner).status_code == 302


@pytest.mark.django_db
def test_address_limit_spans_accounts(make_user, settings):
    settings.LOGIN_FAILURE_LIMITS = {
        **settings.LOGIN_FAILURE_LIMITS,
        "address": (6, 900),
    }
    make_user("a@example.org")
    make_user("b@example.org")
    attacker = browser(ATTACKER_IP)
    hammer(attacker, 3, "a@example.org")
    hammer(attacker, 3, "b@example.org")

    assert REFUSED in sign_in(attacker, "a@example.org").content.decode()
    assert REFUSED in sign_in(attacker, "nikt@example.org").content.decode()
    assert sign_in(browser(OWNER_IP), "a@example.org").status_code == 302


@pytest.mark.django_db
def test_known_browser_has_its_own_small_limit(official, settings):
    settings.LOGIN_FAILURE_LIMITS = {
        **settings.LOGIN_FAILURE_LIMITS,
        "device": (3, 900),
    }
    owner = known_browser(OWNER_IP)

    hammer(owner, 3)

    assert REFUSED in sign_in(owner).content.decode()
    # Its failures touch no other browser of the owner's.
    assert sign_in(browser(OWNER_IP)).status_code == 302


@pytest.mark.django_db
def test_tampered_device_cookie_counts_as_none(official):
    cookie = known_browser(OWNER_IP).cookies[COOKIE].value
    attacker = browser(ATTACKER_IP)
    attacker.cookies[COOKIE] = cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB")

    hammer(attacker, 5)

    assert REFUSED in sign_in(attacker).content.decode()


@pytest.mark.django_db
def test_forged_device_cookie_counts_as_none(official):
    attacker = browser(ATTACKER_IP)
    forged = signing.dumps(
        {str(official.pk): ["guess", 2_000_000_000]},
        key="not-the-secret-key",
        salt="cms.accounts.lockout.device",
    )
    attacker.cookies[COOKIE] = forged

    hammer(attacker, 5)

    assert REFUSED in sign_in(attacker).content.decode()


@pytest.mark.django_db
def test_device_cookie_for_another_account_does_not_help(official, make_user):
    make_user("napastnik@example.org")
    attacker = browser(ATTACKER_IP)
    assert sign_in(attacker, "napastnik@example.org").status_code == 302
    attacker.post("/konto/logout/")
    assert COOKIE in attacker.cookies

    hammer(attacker, 5)

    assert REFUSED in sign_in(attacker).content.decode()


@pytest.mark.django_db
def test_device_cookie_is_http_only_same_site_and_long_lived(official):
    client = browser(OWNER_IP)
    response = sign_in(client)

    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.LOGIN_DEVICE_COOKIE_AGE


@pytest.mark.django_db
def test_expired_device_entry_counts_as_none(official, settings):
    owner = known_browser(OWNER_IP)
    settings.LOGIN_DEVICE_COOKIE_AGE = -1

    hammer(owner, 5)

    assert REFUSED in sign_in(owner).content.decode()


@pytest.mark.django_db
def test_successful_sign_ins_do_not_count(official):
    client = browser(OWNER_IP)
    for _ in range(4):
        hammer(client, 1)
        assert sign_in(client).status_code == 302
        client.post("/konto/logout/")
        # Without its device cookie: each round counts as untrusted.
        client.cookies.pop(COOKIE)

    assert REFUSED not in hammer(client, 1).content.decode()


@pytest.mark.django_db
def test_wagtail_admin_login_counts_against_the_same_limits(official):
    attacker = browser(ATTACKER_IP)
    for _ in range(5):
        response = attacker.post(
            "/admin/login/", {"username": OFFICIAL, "password": "zgadywane-haslo"}
        )
        assert response.status_code == 200

    response = attacker.post(
        "/admin/login/", {"username": OFFICIAL, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not signed_in(attacker)
    # Shared with the public sign-in page, and the owner elsewhere is unaffected.
    assert REFUSED in sign_in(attacker).content.decode()
    assert sign_in(browser(OWNER_IP)).status_code == 302


@pytest.mark.django_db
def test_changing_the_password_revokes_earlier_device_cookies(official):
    # A browser that signed in before the password was changed (a stolen laptop,
    # say) no longer has an allowance of its own: it is limited like anyone.
    stolen = known_browser(OWNER_IP)
    official.set_password("nowe-haslo-po-kradziezy")
    official.save(update_fields=["password"])

    hammer(stolen, 5)

    assert (
        REFUSED in sign_in(stolen, password="nowe-haslo-po-kradziezy").content.decode()
    )


@pytest.mark.django_db
def test_signing_in_with_the_new_password_trusts_the_browser_again(official):
    owner = known_browser(OWNER_IP)
    official.set_password("nowe-haslo-po-kradziezy")
    official.save(update_fields=["password"])
    assert sign_in(owner, password="nowe-haslo-po-kradziezy").status_code == 302
    owner.post("/konto/logout/")
    attacker = browser(OWNER_IP)

    assert REFUSED in hammer(attacker, 12).content.decode()

    assert sign_in(owner, password="nowe-haslo-po-kradziezy").status_code == 302
    assert signed_in(owner)
