"""A jury vote as people live it: a juror votes on their phone (360 px), the
projector shows only how many have voted while the vote is open, and the
result once the facilitator closes it from the console. Screenshots go to
/tmp/shots-juryvotes/ (JURY_SHOTS=0 skips them)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.services import live as live_services

from ..events.jury_votes_factories import jury_with_jurors, recommendation_in_vote
from .test_consultation_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = Path("/tmp/shots-juryvotes")


def shot(page, name):
    if os.environ.get("JURY_SHOTS", "1") != "0":
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_juror_votes_on_phone_and_projector_shows_result_on_close(
    new_context, make_user, facilitator, settings
):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=3)
    event = jury.event
    live_services.live_session_ensure(event=event)
    recommendation = recommendation_in_vote(
        jury, jurors[0], facilitator, title="Więcej drzew w centrum"
    )
    base = f"/wydarzenia/{event.pk}"

    phone = log_in(
        new_context(viewport={"width": 360, "height": 800}),
        jurors[1].email,
        f"{base}/na-zywo/",
    )
    console = log_in(new_context(), facilitator.email, f"{base}/prowadzenie/")
    projector = console.context.new_page()
    projector.goto(f"{base}/projektor/")
    for page in (phone, projector, console):
        expect(page.locator("[data-live-status]").first).to_have_attribute(
            "data-live-state", "open"
        )

    board = projector.locator(".jury-projector")
    expect(board).to_contain_text("Więcej drzew w centrum")
    expect(board).to_contain_text("Zagłosowało dotąd: 0")

    ballot = phone.locator("form[data-jury-ballot]")
    ballot.get_by_label("Za").check()
    shot(phone, "phone-360-ballot")
    ballot.get_by_role("button", name="Oddaj głos").click()
    expect(phone.locator(".jury-juror")).to_contain_text("Twój głos jest oddany")
    expect(phone.locator("form[data-jury-ballot]")).to_have_count(0)

    # While open: the count, nothing of how.
    expect(board).to_contain_text("Zagłosowało dotąd: 1")
    expect(board.locator(".jury-result")).to_have_count(0)
    expect(console.locator(".jury-console")).to_contain_text("Zagłosowało dotąd: 1")
    shot(projector, "projector-1280-open")
    shot(console, "console-1280-open")
    shot(phone, "phone-360-voted")

    console.locator(".jury-console").get_by_role(
        "button", name="Zamknij głosowanie"
    ).click()
    expect(board.locator(".jury-result")).to_contain_text("Przyjęta")
    expect(board).to_contain_text("100% za (próg 80%)")
    expect(phone.locator(".jury-juror .jury-result")).to_contain_text("Przyjęta")
    shot(projector, "projector-1280-closed")
    shot(console, "console-1280-closed")
    shot(phone, "phone-360-closed")
    recommendation.refresh_from_db()
    assert recommendation.passed is True
    if os.environ.get("JURY_SHOTS", "1") != "0":
        # The other widths, the working page and the public page, for a look.
        phone.set_viewport_size({"width": 1280, "height": 800})
        shot(phone, "phone-1280-closed")
        phone.set_viewport_size({"width": 360, "height": 800})
        phone.goto(f"{base}/rekomendacje/")
        shot(phone, "workroom-360-juror")
        console.set_viewport_size({"width": 360, "height": 800})
        shot(console, "console-360-closed")
        projector.set_viewport_size({"width": 360, "height": 800})
        shot(projector, "projector-360-closed")
        public = new_context(viewport={"width": 360, "height": 800}).new_page()
        public.goto(event.url)
        expect(public.locator(".jury-public").last).to_contain_text("Przyjęta")
        shot(public, "public-360-signed-out")
