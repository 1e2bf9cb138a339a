"""A visitor signs up, confirms their e-mail from the message they receive, signs
in and is greeted by their display name, in a real browser."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page, Site

from cms.models import HomePage
from tests.browser.conftest import mail_body
from tests.conftest import DEMO_PASSWORD

PASSWORD = "Zielona-lawka-42"


def ensure_home_page() -> None:
    if HomePage.objects.exists():
        return
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Gmina Przykładowo", slug="home-signup")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_signs_up_confirms_email_and_sees_their_name(page, outbox):
    ensure_home_page()

    page.goto("/konto/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zarejestruj się")
    page.get_by_label("Nazwa wyświetlana").fill("Zofia z Ochoty")
    page.get_by_label("E-mail").fill("zofia@example.org")
    page.get_by_label("Hasło (wymagane)", exact=True).fill(PASSWORD)
    page.get_by_label("Hasło (ponownie)").fill(PASSWORD)
    page.get_by_label("Akceptuję regulamin uczestnictwa").check()
    page.get_by_role("button", name="Zarejestruj się").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zweryfikuj swój adres e-mail"
    )
    [message] = [m for m in outbox() if m["To"] == "zofia@example.org"]
    body = mail_body(message)
    assert "Zofia z Ochoty" in body
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Potwierdź adres e-mail")
    page.get_by_role("button", name="Potwierdź").click()

    expect(page).to_have_url(re.compile(r"/konto/login/$"))
    page.get_by_label("E-mail").fill("zofia@example.org")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    account_menu = page.get_by_role("navigation", name="Konto")
    expect(account_menu.get_by_role("link", name="Zofia z Ochoty")).to_be_visible()
    account_menu.get_by_role("link", name="Zofia z Ochoty").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto")
    expect(page.get_by_label("Nazwa wyświetlana")).to_have_value("Zofia z Ochoty")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_profile_error_is_announced_next_to_the_field(page, make_user):
    make_user("piotr@example.org", display_name="Piotr")

    page.goto("/konto/login/?next=/konto/profil/")
    page.get_by_label("E-mail").fill("piotr@example.org")
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto")

    name = page.get_by_label("Nazwa wyświetlana")
    name.fill("")
    page.get_by_role("button", name="Zapisz profil").click()

    expect(page.get_by_role("alert")).to_contain_text("Popraw poniższe błędy.")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("To pole jest wymagane"))
