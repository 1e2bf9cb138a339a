"""After sending a comment or a reply, focus moves to it: without a reload when
JavaScript runs, at its anchor after the redirect when it does not."""

import re

import pytest
from playwright.sync_api import expect

from participation import services as participation
from participation.models import Comment
from tests.consultations.factories import make_consultation

from .test_consultation_journey import log_in


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_moves_to_the_comment_just_sent(new_context, make_user):
    author = make_user("anna@example.org", display_name="Anna Mieszkanka")
    neighbour = make_user("jan@example.org", display_name="Jan Kowalski")
    consultation = make_consultation()
    earlier = participation.comment_create(
        author=neighbour, target=consultation, text="Wcześniejsza uwaga."
    )
    url = consultation.url

    page = log_in(new_context(), author.email, url)
    page.evaluate("window.notReloaded = true")
    form = page.locator("#comment-form")
    form.locator("#id_comment_text").fill("Proszę o dłuższy termin.")
    form.get_by_role("button", name="Opublikuj uwagę").click()
    comment = page.locator("article.comment", has_text="Proszę o dłuższy termin.")
    expect(comment).to_be_focused()
    new_id = Comment.objects.get(text__contains="dłuższy termin").pk
    assert focused_id(page) == f"comment-{new_id}"
    expect(form.locator("#id_comment_text")).to_have_value("")
    assert page.evaluate("window.notReloaded === true"), "the page reloaded"
    expect(page.locator("[data-thread-announcer]")).to_have_text(
        "Twoja uwaga została opublikowana."
    )

    # A reply, the same way.
    reply_box = page.locator(f"#comment-{earlier.pk} [data-control=reply]")
    reply_box.locator("summary").click()
    reply_box.locator("textarea").fill("Zgadzam się.")
    reply_box.get_by_role("button", name="Opublikuj odpowiedź").click()
    reply = page.locator(f"#comment-{earlier.pk} article.comment-reply")
    expect(reply).to_be_focused()
    expect(reply).to_contain_text("Zgadzam się.")

    # An empty comment is refused in place, next to the form.
    form.locator("#id_comment_text").evaluate("el => el.removeAttribute('required')")
    form.get_by_role("button", name="Opublikuj uwagę").click()
    expect(form.locator("[data-form-status]")).not_to_be_empty()
    expect(form.locator("#id_comment_text")).to_have_attribute("aria-invalid", "true")

    # Without JavaScript the redirect lands at the comment's anchor; arriving
    # there with JavaScript focuses the comment.
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(f"/konto/login/?next={url}")
    plain.locator('input[name="login"]').fill(neighbour.email)
    plain.locator('input[name="password"]').fill("wspolnie-demo")
    plain.locator('input[name="password"]').press("Enter")
    plain.locator("#id_comment_text").fill("Uwaga bez skryptów.")
    plain.get_by_role("button", name="Opublikuj uwagę").click()
    plain_id = Comment.objects.get(text__contains="bez skryptów").pk
    expect(plain).to_have_url(re.compile(rf"#comment-{plain_id}$"))
    expect(plain.locator(f"#comment-{plain_id}")).to_be_visible()

    arriving = page.context.new_page()
    arriving.goto(f"{url}#comment-{plain_id}")
    expect(arriving.locator(f"#comment-{plain_id}")).to_be_focused()
