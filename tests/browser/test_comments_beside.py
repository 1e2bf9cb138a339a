"""On a wide screen the chosen provision's comments sit beside the text;
without JavaScript the same links reload the page with the thread below."""

import re

import pytest
from playwright.sync_api import expect

from participation import services as participation
from tests.consultations.factories import make_consultation, provision

from .test_consultation_journey import log_in


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chosen_provisions_comments_sit_beside_the_text(new_context, make_user):
    author = make_user("jan@example.org", display_name="Jan Kowalski")
    make_user("anna@example.org", display_name="Anna Mieszkanka")
    consultation = make_consultation()
    drought = provision(consultation, "§ 2 ust. 2")
    first = provision(consultation, "§ 1")
    participation.comment_create(
        author=author,
        target=consultation,
        text="Susza to nie żart.",
        anchor=str(drought.key),
    )
    participation.comment_create(
        author=author, target=consultation, text="Uwaga do całości."
    )
    url = consultation.url

    page = log_in(
        new_context(viewport={"width": 1280, "height": 900}), "anna@example.org", url
    )
    article = page.locator("article.consultation")
    # A click before the script has loaded follows the plain link (a reload,
    # thread below): wait for the marker it sets when ready.
    expect(page.locator("article.consultation[data-beside-ready]")).to_be_attached()
    page.locator(f"#provision-{drought.key} a.provision-comments").click()
    expect(article).to_have_class(re.compile("is-side-by-side"))
    thread = page.locator("[data-thread]")
    expect(thread).to_contain_text("Susza to nie żart.")
    expect(thread).not_to_contain_text("Uwaga do całości.")
    expect(page.locator("[data-thread-range]")).to_be_focused()
    assert page.url.endswith(url), "the page was left"
    provisions, panel = box(page, ".provisions"), box(page, "[data-thread]")
    assert panel["x"] >= provisions["x"] + provisions["width"]
    assert panel["y"] < provisions["y"] + provisions["height"]

    # "Comment on this provision" opens the form beside the text, preselected.
    page.locator(f"#provision-{first.key} a.provision-comment-link").click()
    text = page.locator("#comment-form textarea[name=text]")
    expect(text).to_be_focused()
    expect(page.locator("#id_comment_anchor")).to_have_value(str(first.key))
    text.fill("Do paragrafu pierwszego.")
    page.get_by_role("button", name="Opublikuj uwagę").click()
    expect(
        thread.locator("article.comment", has_text="Do paragrafu pierwszego.")
    ).to_be_focused()

    page.get_by_role("button", name="Pokaż uwagi pod tekstem").click()
    expect(article).not_to_have_class(re.compile("is-side-by-side"))
    expect(thread).to_contain_text("Uwaga do całości.")

    # Without JavaScript the link reloads the page, the thread below the act.
    plain = new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    ).new_page()
    plain.goto(url)
    plain.locator(f"#provision-{drought.key} a.provision-comments").click()
    expect(plain).to_have_url(re.compile(rf"anchor={drought.key}"))
    expect(plain.locator("[data-thread]")).not_to_contain_text("Uwaga do całości.")
    provisions, panel = box(plain, ".provisions"), box(plain, "[data-thread]")
    assert panel["y"] >= provisions["y"] + provisions["height"]
