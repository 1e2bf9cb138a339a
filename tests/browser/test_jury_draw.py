"""A jury's public draw as people live it, in one journey (it is slow): the
organiser publishes the commitment, then at the public draw reveals the
secret with the value the observers called out; the draw runs as a
background task (the test settings' immediate backend runs it in the
server's request); the organiser sees the panel and the reserve; anyone sees
the protocol, its files and the probabilities on the jury's page; an
applicant finds their own probability in "Moje wydarzenia". Screenshots go
to /tmp/shots-jurydraw/ (JURY_SHOTS=0 skips them)."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import DrawStatus, JuryApplication

from ..events.jury_factories import make_application, make_jury
from .test_consultation_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = Path("/tmp/shots-jurydraw")
SECRET = "zielony dąb nad stawem 1984"
PUBLIC_VALUE = "17 4 42 8"
AGES = ["18–39", "40–64", "65+"]
GENDERS = ["kobieta", "mężczyzna"]


def shot(page, name):
    if os.environ.get("JURY_SHOTS", "1") != "0":
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_organiser_runs_the_public_draw_and_everyone_can_check_it(
    new_context, make_user, facilitator
):
    jury = make_jury(facilitators=[facilitator], panel_size=6, reserve_size=2)
    services.jury_quotas_derive(jury=jury, user=facilitator)
    applicant = make_user("ala@example.org", display_name="Ala Kandydatka")
    people = [applicant] + [
        make_user(f"p{n}@example.org", display_name=f"Osoba Testowa {n}")
        for n in range(1, 14)
    ]
    for n, person in enumerate(people):
        make_application(
            jury,
            person,
            number=f"{100 + n}",
            address=f"ul. Wierzbowa {n}",
            answers={"Płeć": GENDERS[n % 2], "Wiek": AGES[n % 3]},
        )
    event = jury.event
    organise_url = f"/wydarzenia/{event.pk}/panel/"

    organiser = log_in(new_context(), facilitator.email, organise_url)
    draw_section = organiser.locator("#draw")
    draw_section.get_by_label("Sekret", exact=True).fill(SECRET)
    draw_section.get_by_role("button", name="Opublikuj zobowiązanie").click()
    commitment = hashlib.sha256(SECRET.encode()).hexdigest()
    expect(organiser.locator("#draw .jury-draw-facts")).to_contain_text(commitment)
    # Published once: no form offers to replace it.
    expect(organiser.locator("#draw form[action$='zobowiazanie/']")).to_have_count(0)

    # Applications close (the dates move, as the weeks would).
    jury.applications_open_at = timezone.now() - timedelta(days=10)
    jury.applications_close_at = timezone.now() - timedelta(minutes=1)
    jury.save()
    organiser.reload()
    draw_section.get_by_label("Sekret (ujawniany teraz)").fill(SECRET)
    draw_section.get_by_label("Wartość publiczna").fill(PUBLIC_VALUE)
    shot(organiser, "organiser-1280-before-draw")
    draw_section.get_by_role("button", name="Rozpocznij losowanie").click()

    seats = organiser.locator("#seats")
    expect(seats).to_contain_text("Panel i lista rezerwowa", timeout=60_000)
    expect(seats.locator("tbody tr")).to_have_count(8)
    expect(seats.locator("tbody")).to_contain_text("rezerwa nr 1")
    expect(seats.locator("tbody")).to_contain_text("rezerwa nr 2")
    expect(draw_section.locator(".jury-draw-facts")).to_contain_text("zakończone")
    shot(organiser, "organiser-1280-drawn")
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.DONE

    # Anyone, signed out: the protocol, its files and the probabilities.
    public = new_context().new_page()
    public.goto(event.url)
    protocol = public.locator(".jury-protocol")
    expect(protocol).to_contain_text(commitment)
    expect(protocol).to_contain_text(SECRET)
    expect(protocol).to_contain_text(PUBLIC_VALUE)
    expect(protocol).to_contain_text(jury.draw.seed)
    expect(protocol).to_contain_text("maximin")
    files = protocol.locator(".jury-files a")
    expect(files.first).to_be_visible()
    names = files.all_inner_texts()
    assert any(name.endswith(".csv") for name in names), names
    with public.expect_download() as download:
        files.first.click()
    assert download.value.suggested_filename == names[0]
    expect(protocol).to_contain_text("Prawdopodobieństwa wylosowania")
    protocol.get_by_text("Prawdopodobieństwo dla każdego numeru w puli").click()
    expect(protocol.locator(".jury-probabilities tbody tr")).to_have_count(len(people))
    # Pool numbers and features only: no applicant's name.
    expect(public.locator("main")).not_to_contain_text("Ala Kandydatka")
    shot(public, "public-1280-protocol")

    # The applicant, on their phone: their own probability.
    mine = log_in(
        new_context(viewport={"width": 360, "height": 800}),
        applicant.email,
        "/konto/moje-wydarzenia/",
    )
    probability = JuryApplication.objects.get(user=applicant).probability
    assert probability is not None
    expect(mine.locator(".jury-my-probability")).to_contain_text(
        f"Twoja szansa wylosowania wynosiła {probability:.3f}".replace(".", ",")
    )
    shot(mine, "applicant-360-my-events")
