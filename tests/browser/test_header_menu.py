"""The header on a phone: search, account and navigation fold behind "Menu"
(a button with aria-expanded, or a <details> without JavaScript); on a wide
screen there is no "Menu" and everything shows."""

import re

import pytest
from playwright.sync_api import expect

from tests.consultations.factories import consultation_index

PASSWORD = "wspolnie-demo"


def header_height(page) -> float:
    return page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().height"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_header_folds_into_a_menu_button_with_the_account_menu(
    new_context, make_user
):
    make_user("anna@example.org", display_name="Anna Mieszkanka")
    consultation_index()

    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto("/konto/login/?next=/")
    page.locator('input[name="login"]').fill("anna@example.org")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))

    menu = page.get_by_role("button", name="Menu")
    account = page.get_by_role("navigation", name="Konto")
    sections = page.get_by_role("navigation", name="Menu główne")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sections).to_be_hidden()
    expect(account).to_be_hidden()
    assert header_height(page) < 130  # brand and "Menu": one row, not 300 px

    # From the keyboard: Tab reaches "Menu", Enter opens, Escape closes.
    page.locator(".brand").focus()
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sections.get_by_role("link", name="Konsultacje")).to_be_visible()
    expect(account.get_by_role("link", name="Anna Mieszkanka")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(sections).to_be_hidden()

    # A wide window shows everything and no "Menu".
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(sections.get_by_role("link", name="Konsultacje")).to_be_visible()
    expect(account.get_by_role("link", name="Anna Mieszkanka")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_header_menu_opens_without_javascript(new_context):
    consultation_index()
    page = new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False
    ).new_page()
    page.goto("/")
    sections = page.get_by_role("navigation", name="Menu główne")
    expect(sections).to_be_hidden()
    assert header_height(page) < 130
    page.locator("summary", has_text="Menu").click()
    expect(sections.get_by_role("link", name="Konsultacje")).to_be_visible()
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()
