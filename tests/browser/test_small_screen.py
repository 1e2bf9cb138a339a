"""Consultations read on a 360 px wide phone: nothing is wider than the screen,
and the support button's count can be read in both of its states."""

import re

import pytest
from playwright.sync_api import expect

from cms.accounts.models import Department
from participation import services as participation
from tests.consultations.factories import consultation_index, make_consultation

PASSWORD = "wspolnie-demo"


def _channels(css: str) -> tuple[float, ...]:
    return tuple(float(n) for n in re.findall(r"[\d.]+", css)[:3])


def _luminance(css: str) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        if channel <= 0.03928:
            return channel / 12.92
        return ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(css))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours ("rgb(r, g, b)")."""
    lighter, darker = sorted(
        (_luminance(foreground), _luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def colours(page, comment) -> tuple[str, str]:
    """Text colour of the support count and background of its button. Read in
    one script run: a live update may swap the button for a fresh copy."""
    return page.evaluate(
        """(selector) => {
            const button = document.querySelector(selector);
            return [
                getComputedStyle(button.querySelector('[data-support-count]')).color,
                getComputedStyle(button).backgroundColor,
            ];
        }""",
        f"#comment-{comment.pk} .support-button",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_consultation_fits_a_phone_and_support_counts_are_readable(
    new_context, make_user
):
    department = Department.objects.create(
        name="Biuro Współpracy z Organizacjami Pozarządowymi"
    )
    make_user("anna@example.org", display_name="Anna Mieszkanka")
    author = make_user("jan@example.org", display_name="Jan Kowalski")
    consultation = make_consultation(
        "Roczny program współpracy z organizacjami pozarządowymi na 2027 rok",
        department=department,
        contact_name="Katarzyna Nowak",
        contact_email="wspolpraca.organizacje@przykladowo.example.org",
        contact_phone="12 345 67 89",
    )
    comment = participation.comment_create(
        author=author, target=consultation, text="Proszę o dłuższy termin."
    )

    page = new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(f"/konto/login/?next={consultation.url}")
    page.locator('input[name="login"]').fill("anna@example.org")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page).to_have_url(re.compile(re.escape(consultation.url) + "$"))
    page.wait_for_load_state("load")  # stylesheets applied

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator("#comment-form")).to_be_visible()

    button = page.locator(f"#comment-{comment.pk} .support-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert contrast(*colours(page, comment)) >= 4.5
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator("[data-support-count]")).to_have_text("1 poparcie")
    assert contrast(*colours(page, comment)) >= 4.5
    # Pressed and not pressed look different, not only to screen readers.
    other = participation.comment_create(
        author=author, target=consultation, text="Druga uwaga."
    )
    page.reload()
    pressed_background = colours(page, comment)[1]
    unpressed_background = colours(page, other)[1]
    assert pressed_background != unpressed_background

    # The index's filters list departments by their full names.
    page.goto(consultation_index().url)
    page.wait_for_load_state("load")
    expect(page.locator("#filter-department")).to_contain_text(department.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
