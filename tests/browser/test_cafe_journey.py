"""A citizen café as people live it: the facilitator starts a round, each
participant's phone (one at 360 px) shows its table live, an idea written on
one phone appears on the other with its dot button and on the projector's
wall, and a dot given on one screen shows on the others; a deleted and a
hidden idea leave every screen, and a check-in at the door shows on the
console's seating list."""

import re

import pytest
from playwright.sync_api import expect

from events.models import CafeSeat
from tests.consultations.factories import make_consultation

from ..events.cafe_factories import make_cafe, register_all, set_up
from .test_consultation_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_round_idea_and_dot_follow_live(new_context, make_user, facilitator):
    anna = make_user("anna@example.org", display_name="Anna")
    bartek = make_user("bartek@example.org", display_name="Bartek")
    others = [make_user(f"o{i}@example.org") for i in range(2)]
    cafe = make_cafe(facilitator=facilitator, consultation=make_consultation())
    register_all(cafe, [anna, bartek, *others])
    set_up(cafe, facilitator, tables=2, size=2, rounds=2)
    table_url = f"/wydarzenia/{cafe.pk}/kawiarenka/stolik/"

    phone = log_in(
        new_context(viewport={"width": 360, "height": 800}), anna.email, table_url
    )
    laptop = log_in(new_context(), bartek.email, table_url)
    wall = new_context().new_page()
    wall.goto(f"/wydarzenia/{cafe.pk}/kawiarenka/sciana/")
    console = log_in(
        new_context(), facilitator.email, f"/wydarzenia/{cafe.pk}/kawiarenka/"
    )
    for page in (phone, laptop, wall):
        expect(page.locator("[data-live-status]")).to_have_attribute(
            "data-live-state", "open"
        )

    console.get_by_role("button", name="Rozpocznij rundę 1").click()
    expect(console.locator(".messages")).to_contain_text("Runda 1 się zaczęła")
    seat = CafeSeat.objects.select_related("table").get(user=anna)
    line = f"Runda 1: stolik {seat.table.number} — {seat.table.topic}"
    expect(phone.locator("[data-cafe-round-line]")).to_have_text(line)
    expect(phone.locator("[data-cafe-countdown]")).to_contain_text(
        re.compile(r"Zostało (1[0-5]|[0-9]):[0-5][0-9]")
    )
    expect(wall.locator("[data-cafe-round-line]")).to_have_text("Trwa runda 1.")

    phone.get_by_label("Twój pomysł").fill("Ławki przy placu zabaw")
    phone.get_by_role("button", name="Dodaj pomysł").click()
    idea = laptop.locator(".cafe-idea", has_text="Ławki przy placu zabaw")
    expect(idea).to_contain_text("0 kropek")
    expect(
        wall.locator(".cafe-idea", has_text="Ławki przy placu zabaw")
    ).to_be_visible()
    expect(phone.get_by_label("Twój pomysł")).to_have_value("")

    # The idea arrived without a reload, and its dot button works.
    idea.get_by_role("button", name=re.compile("Kropka")).click()
    expect(idea.get_by_role("button", name=re.compile("Kropka"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(laptop.locator("[data-cafe-dots-left]")).to_contain_text("2")
    expect(
        phone.locator(".cafe-idea", has_text="Ławki przy placu zabaw")
    ).to_contain_text("1 kropka")
    expect(
        wall.locator(".cafe-idea", has_text="Ławki przy placu zabaw")
    ).to_contain_text("1 kropka")

    # Anna takes back a second idea: it leaves every screen.
    phone.get_by_label("Twój pomysł").fill("Pomyłka, do usunięcia")
    phone.get_by_role("button", name="Dodaj pomysł").click()
    mistake = phone.locator(".cafe-idea", has_text="Pomyłka, do usunięcia")
    expect(wall.locator(".cafe-idea", has_text="Pomyłka")).to_be_visible()
    mistake.get_by_role("button", name="Usuń mój pomysł").click()
    for page in (phone, laptop, wall):
        expect(page.locator(".cafe-idea", has_text="Pomyłka")).to_have_count(0)

    # The facilitator hides the dotted idea with a reason: it leaves the
    # phones and the wall, and Bartek has his dot back.
    hidden = console.locator(".cafe-idea", has_text="Ławki przy placu zabaw")
    hidden.locator("summary", has_text="Ukryj").click()
    hidden.get_by_label("Powód").select_option("off_topic")
    hidden.get_by_role("button", name="Ukryj pomysł").click()
    for page in (console, phone, laptop, wall):
        expect(page.locator(".cafe-idea", has_text="Ławki przy placu")).to_have_count(0)
    expect(laptop.locator("[data-cafe-dots-left]")).to_contain_text("3")

    # Checking Anna in at the door shows on the console's seating list live.
    seating = console.locator("[data-cafe-seating]")
    expect(seating).to_contain_text("nikt jeszcze nie potwierdził obecności")
    door = log_in(new_context(), facilitator.email, f"/wydarzenia/{cafe.pk}/zapisy/")
    door.locator("tr", has_text="Anna").get_by_role("button", name="Potwierdź").click()
    expect(seating).to_contain_text("Obecni: 1 z 4.")
    expect(seating.locator("li", has_text="Anna")).to_contain_text("✓")

    # A reload shows the same, from the database, with the hidden idea's reason.
    console.reload()
    expect(console.locator("[data-cafe-seating]")).to_contain_text("Obecni: 1 z 4.")
    hidden_list = console.locator("[data-cafe-hidden-list]")
    expect(hidden_list).to_contain_text("1 ukryty pomysł")
    hidden_list.locator("summary").click()
    expect(hidden_list).to_contain_text("Ławki przy placu zabaw — Poza tematem")
