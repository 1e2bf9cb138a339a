"""A live session in real Chromium: the facilitator runs an agenda item, a poll
and a question from the console; two participants (one on a 360 px phone)
vote and ask; the projector follows without reloading."""

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from events.models import Ballot, Question
from tests.events.live_factories import live_event, register

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WSPOLNIE_SHOTS=/tmp/shots-eventlive saves screenshots of each screen there.
SHOTS = os.environ.get("WSPOLNIE_SHOTS")


def signed_in(new_context, live_server_url, user, **options):
    client = Client()
    client.force_login(user)
    context = new_context(**options)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server_url,
            }
        ]
    )
    return context.new_page()


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def ready(page):
    expect(page.locator(".live-root[data-live-ready]")).to_be_attached()
    # Subscribed: the socket follows the stream from the rendered seq.
    page.wait_for_function(
        "() => document.querySelector('[data-live-status]')"
        "?.dataset.liveState === 'open'"
    )


def test_facilitator_runs_item_poll_and_question_while_phones_and_projector_follow(
    new_context, live_server_url, facilitator, resident, neighbour
):
    event = live_event(facilitator)
    register(resident, event)
    register(neighbour, event)
    pk = event.pk

    console = signed_in(
        new_context,
        live_server_url,
        facilitator,
        viewport={"width": 1280, "height": 900},
    )
    console.goto(f"/wydarzenia/{pk}/prowadzenie/")
    ready(console)
    projector = console.context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"/wydarzenia/{pk}/projektor/")
    ready(projector)
    laptop = signed_in(
        new_context, live_server_url, resident, viewport={"width": 1280, "height": 900}
    )
    laptop.goto(f"/wydarzenia/{pk}/na-zywo/")
    ready(laptop)
    phone = signed_in(
        new_context,
        live_server_url,
        neighbour,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    phone.goto(f"/wydarzenia/{pk}/na-zywo/")
    ready(phone)

    # Start, go to an agenda item, a countdown: every screen follows.
    console.get_by_role("button", name="Rozpocznij sesję").click()
    expect(phone.locator('[data-field="status"]')).to_have_text("Na żywo")
    expect(projector.locator('[data-field="status"]')).to_have_text("Na żywo")
    console.locator("[data-agenda-item]").filter(has_text="Budżet").get_by_role(
        "button"
    ).click()
    expect(phone.locator('[data-field="item-title"]')).to_have_text("Budżet")
    expect(projector.locator('[data-field="item-title"]')).to_have_text("Budżet")
    console.locator("#timer-minutes").fill("3")
    console.get_by_role("button", name="Uruchom odliczanie").click()
    expect(projector.locator('[data-field="timer-value"]')).to_have_text(
        re.compile(r"^(3:00|2:5\d)$")
    )
    expect(phone.locator('[data-field="timer-value"]')).to_have_text(
        re.compile(r"^(3:00|2:5\d)$")
    )

    # A poll: prepared, opened, voted on both phones, revealed on the projector.
    # The form is open while the event has no poll; a summary click would close it.
    if console.locator("details.live-new-poll").get_attribute("open") is None:
        console.get_by_text("Nowa ankieta").click()
    console.locator("#id_question").fill("Który park odnowić?")
    console.locator("#id_options").fill("Północny\nPołudniowy")
    console.get_by_role("button", name="Przygotuj ankietę").click()
    console.locator(".live-poll").filter(has_text="Który park odnowić?").get_by_role(
        "button", name="Otwórz"
    ).click()
    expect(projector.locator(".live-poll h2")).to_have_text("Który park odnowić?")
    phone.get_by_label("Południowy").check()
    phone.get_by_role("button", name="Głosuj").click()
    expect(phone.locator(".live-voted")).to_be_visible()
    laptop.get_by_label("Północny").check()
    laptop.get_by_role("button", name="Głosuj").click()
    expect(laptop.locator(".live-voted")).to_be_visible()
    expect(console.locator(".live-poll .live-result-count")).to_have_text(["1", "1"])
    # Not revealed: the room sees how many voted, not the counts.
    expect(projector.locator(".live-poll-meta")).to_contain_text("2")
    expect(projector.locator(".live-result-count")).to_have_count(0)
    shot(console, "console-1280")
    console.locator(".live-poll").get_by_role("button", name="Pokaż wyniki").click()
    expect(projector.locator(".live-result-count")).to_have_text(["1", "1"])
    expect(phone.locator(".live-result-count")).to_have_text(["1", "1"])
    assert Ballot.objects.filter(poll__event_id=pk).count() == 2

    # Questions from the laptop and the phone; an upvote reorders every list, a
    # pin puts the other one back on top, answering moves it below the open one.
    laptop.locator("#live-ask").fill("Kiedy ruszą prace?")
    laptop.get_by_role("button", name="Wyślij").click()
    expect(projector.locator(".live-question-text")).to_have_text(
        ["Kiedy ruszą prace?"]
    )
    phone.locator("#live-ask").fill("Czy będą ławki?")
    phone.get_by_role("button", name="Wyślij").click()
    # Equal upvotes: the older first.
    expect(projector.locator(".live-question-text")).to_have_text(
        ["Kiedy ruszą prace?", "Czy będą ławki?"]
    )
    laptop.locator(".live-question").filter(has_text="Czy będą ławki?").get_by_role(
        "button", name="+1"
    ).click()
    expect(projector.locator(".live-question-text")).to_have_text(
        ["Czy będą ławki?", "Kiedy ruszą prace?"]
    )
    expect(projector.locator(".live-question-meta")).to_have_text(["+1", "+0"])
    expect(phone.locator(".live-question-text")).to_have_text(
        ["Czy będą ławki?", "Kiedy ruszą prace?"]
    )
    expect(console.locator(".live-question-text")).to_have_text(
        ["Czy będą ławki?", "Kiedy ruszą prace?"]
    )
    console.locator(".live-question").filter(has_text="Kiedy ruszą prace?").get_by_role(
        "button", name="Przypnij"
    ).click()
    expect(projector.locator(".live-question-text")).to_contain_text(
        ["Kiedy ruszą prace?", "Czy będą ławki?"]
    )
    expect(projector.locator(".live-question.is-pinned")).to_contain_text(
        "Kiedy ruszą prace?"
    )
    expect(phone.locator(".live-question.is-pinned")).to_contain_text(
        "Kiedy ruszą prace?"
    )
    shot(phone, "participant-360")
    shot(projector, "projector-1280")
    shot(laptop, "participant-1280")
    console.locator(".live-question").filter(has_text="Kiedy ruszą prace?").get_by_role(
        "button", name="Oznacz jako odpowiedziane"
    ).click()
    expect(laptop.locator(".live-question.is-answered")).to_contain_text(
        "Kiedy ruszą prace?"
    )
    # Answered: below the open question, and off the projector.
    expect(laptop.locator(".live-question-text").last).to_contain_text(
        "Kiedy ruszą prace?"
    )
    expect(projector.locator(".live-question-text")).to_have_text(["Czy będą ławki?"])
    shot(console, "console-1280-questions")
    upvotes = dict(Question.objects.values_list("text", "upvote_count"))
    assert upvotes == {"Czy będą ławki?": 1, "Kiedy ruszą prace?": 0}

    # Nothing is wider than the phone.
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, width

    # A phone that reloads gets the present state from the database.
    phone.reload()
    ready(phone)
    expect(phone.locator('[data-field="item-title"]')).to_have_text("Budżet")
    expect(phone.locator(".live-voted")).to_be_visible()
    expect(phone.locator(".live-question-text")).to_have_text(
        ["Czy będą ławki?", re.compile("Kiedy ruszą prace?")]
    )

    # The projector and the console fit a phone too.
    for page, name in [(projector, "projector"), (console, "console")]:
        page.set_viewport_size({"width": 360, "height": 740})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, (name, width)
        shot(page, f"{name}-360")
