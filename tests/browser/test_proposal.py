"""A policy proposal in real Chromium: an NGO representative files it for
their organisation and submits it, another organisation's representative
co-signs it, an official takes it up and publishes an opinion, and the author's
open page shows the co-signature and the opinion live (the proposal's stream
says it changed; the page fetches its status again), without a reload."""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from participation.models import Proposal, ProposalState
from tests.participation.proposal_factories import organisation_with_rep

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WSPOLNIE_SHOTS=/tmp/shots-proposal saves screenshots of each screen there.
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
    expect(page.locator("[data-proposal][data-proposal-ready]")).to_be_attached()
    page.wait_for_function(
        "() => document.querySelector('[data-live-status]')"
        "?.dataset.liveState === 'open'"
    )


def test_ngo_files_another_cosigns_official_opines_and_author_sees_it_live(
    new_context, live_server_url, ngo, organisation, official, department, make_user
):
    other_org, other_rep = organisation_with_rep(
        make_user, "Stowarzyszenie Most", "most@example.org"
    )
    size = {"viewport": {"width": 1280, "height": 900}}

    # The NGO representative files for the organisation, then submits.
    author = signed_in(new_context, live_server_url, ngo, **size)
    author.goto("/wnioski/nowy/")
    author.get_by_label("Złóż jako").select_option(str(organisation.pk))
    author.get_by_label("Tytuł").fill("Świetlice otwarte do 18:00")
    author.get_by_label("Problem").fill("Świetlice zamykają się o 15:00.")
    author.get_by_label("Proponowana zmiana").fill("Otwarcie do 18:00.")
    author.locator("#id_justification").fill("Rodzice pracują do 17:00.")
    author.get_by_label("Sfera działalności pożytku publicznego").select_option(
        "children_youth"
    )
    author.get_by_role("button", name="Zapisz szkic").click()
    expect(author.locator("h1")).to_have_text("Świetlice otwarte do 18:00")
    expect(author.locator(".callout")).to_contain_text("Szkic")
    author.get_by_role("button", name="Złóż wniosek").click()
    expect(author.locator("[data-proposal-state]")).to_have_text("Złożony")
    proposal = Proposal.objects.get()
    assert proposal.on_behalf_of == organisation
    ready(author)

    # Another organisation co-signs; the author's page counts it at once.
    cosigner = signed_in(new_context, live_server_url, other_rep, **size)
    cosigner.goto(proposal.get_url())
    cosigner.get_by_label("Podpisz jako").select_option(str(other_org.pk))
    cosigner.get_by_role("button", name="Poprzyj wniosek").click()
    expect(cosigner.locator("[data-signers]")).to_contain_text("Stowarzyszenie Most")
    expect(author.locator("[data-signers]")).to_contain_text("Stowarzyszenie Most")
    expect(author.locator("label[for=progress-orgs]")).to_contain_text("1 z 3")

    # The official takes it up and publishes the opinion.
    desk = signed_in(new_context, live_server_url, official, **size)
    desk.goto(proposal.get_url())
    take_up = desk.locator('form[data-step="take_up"]')
    take_up.locator("select[name=department]").select_option(str(department.pk))
    take_up.get_by_role("button").click()
    expect(desk.locator("[data-proposal-state]")).to_have_text(
        "W trakcie rozpatrywania"
    )
    expect(author.locator("[data-proposal-state]")).to_have_text(
        "W trakcie rozpatrywania"
    )
    opinion = desk.locator('form[data-step="publish_opinion"]')
    opinion.locator("select[name=verdict]").select_option("partly")
    opinion.locator("textarea[name=reasoning]").fill(
        "Do 17:30 od września, w trzech świetlicach."
    )
    opinion.get_by_role("button").click()
    expect(desk.locator("[data-proposal-opinion]")).to_be_visible()

    # The author never reloaded: the opinion arrived through the stream.
    expect(author.locator("[data-proposal-opinion]")).to_contain_text(
        "Do 17:30 od września"
    )
    expect(author.locator("[data-proposal-opinion]")).to_contain_text(department.name)
    expect(author.locator("[data-proposal-state]")).to_have_text("Opinia wydana")
    expect(author.locator("[data-timeline] li")).to_have_count(4)
    assert Proposal.objects.get().state == ProposalState.OPINION_PUBLISHED
    # The author's own controls came with the fragment: they may withdraw.
    expect(author.locator('form[data-step="withdraw"]')).to_be_visible()
    shot(author, "author-after-opinion-1280")
