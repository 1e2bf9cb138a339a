"""The jury's pages without JavaScript: a juror votes with a form, others are
refused with the reason (403), facilitators' buttons are theirs alone, the
public page shows hearings, results and the mayor's responses, and pages
cost the same number of queries however many recommendations there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventAgendaItem, JuryTally, JuryVoteRecord
from events.services import jury_votes as services

from .jury_votes_factories import jury_with_jurors, recommendation_in_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_user, facilitator):
    jury, jurors, reserve, dropped = jury_with_jurors(make_user, facilitator)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    return jury, jurors, reserve, dropped, recommendation


def _ballot_url(jury, recommendation):
    return f"/wydarzenia/{jury.event_id}/rekomendacje/{recommendation.pk}/glos/"


def test_a_juror_votes_with_the_form_and_sees_that_they_voted(client, panel):
    jury, jurors, _, _, recommendation = panel
    client.force_login(jurors[1])
    page = client.get(f"/wydarzenia/{jury.event_id}/rekomendacje/")
    assert page.status_code == 200
    assert "Oddaj głos" in page.content.decode()
    response = client.post(_ballot_url(jury, recommendation), {"option": "yes"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Twój głos został oddany." in page
    assert "Twój głos jest oddany" in page and "Oddaj głos" not in page
    again = client.post(_ballot_url(jury, recommendation), {"option": "no"})
    assert again.status_code == 400
    assert "Już głosowałeś" in again.content.decode()
    tally = JuryTally.objects.get(recommendation=recommendation)
    assert (tally.yes, tally.no) == (1, 0)


def test_a_ballot_without_an_option_says_what_to_do(client, panel):
    jury, jurors, _, _, recommendation = panel
    client.force_login(jurors[1])
    response = client.post(_ballot_url(jury, recommendation), {})
    assert response.status_code == 400
    assert "Wybierz: za, przeciw lub wstrzymuję się." in response.content.decode()
    assert not JuryVoteRecord.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "reserve", "dropped", "stranger"])
def test_non_jurors_are_refused_with_the_reason(client, panel, make_user, who):
    jury, _, reserve, dropped, recommendation = panel
    user = {
        "anonymous": None,
        "reserve": reserve,
        "dropped": dropped,
        "stranger": make_user("obcy@example.org"),
    }[who]
    if user:
        client.force_login(user)
    response = client.post(_ballot_url(jury, recommendation), {"option": "yes"})
    assert response.status_code == 403
    body = response.content.decode()
    assert (
        "Zaloguj się jako członek" in body
        if who == "anonymous"
        else "Mogą to robić tylko członkowie panelu" in body
    )
    json = client.post(
        _ballot_url(jury, recommendation),
        {"option": "yes"},
        headers={"accept": "application/json"},
    )
    assert json.status_code == 403 and json.json()["error"]
    assert not JuryVoteRecord.objects.exists()


def test_facilitator_commands_are_refused_for_jurors(client, panel):
    jury, jurors, _, _, recommendation = panel
    client.force_login(jurors[0])
    response = client.post(
        f"/wydarzenia/{jury.event_id}/rekomendacje/polecenie/vote_close/",
        {"recommendation": recommendation.pk},
    )
    assert response.status_code == 403
    assert "Panel prowadzą tylko moderatorzy" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.vote_status == "open"


def test_the_facilitator_closes_the_vote_and_the_result_is_public(
    client, panel, facilitator
):
    jury, jurors, _, _, recommendation = panel
    for juror in jurors[:4]:
        services.vote_cast(user=juror, recommendation=recommendation, option="yes")
    services.vote_cast(user=jurors[4], recommendation=recommendation, option="no")
    # While open, the public page shows how many voted, not how.
    public = client.get(jury.event.url).content.decode()
    assert "Zagłosowało dotąd: 5" in public and "Przyjęta" not in public
    client.force_login(facilitator)
    response = client.post(
        f"/wydarzenia/{jury.event_id}/rekomendacje/polecenie/vote_close/",
        {"recommendation": recommendation.pk},
    )
    assert response.status_code == 302
    client.logout()
    public = client.get(jury.event.url).content.decode()
    assert "Przyjęta" in public and "80% za (próg 80%)" in public
    assert "Głosy wstrzymujące się liczą się jako oddane" in public


def test_the_mayors_response_is_entered_by_an_official_and_shown(
    client, panel, facilitator, official
):
    jury, jurors, _, _, recommendation = panel
    services.vote_close(user=facilitator, recommendation=recommendation)
    client.force_login(official)
    url = f"/wydarzenia/{jury.event_id}/rekomendacje/{recommendation.pk}/odpowiedz/"
    response = client.post(url, {"decision": "partly", "reasoning": ""})
    assert response.status_code == 400
    assert "Podaj uzasadnienie." in response.content.decode()
    response = client.post(
        url, {"decision": "partly", "reasoning": "Posadzimy 300 drzew w 2027 r."}
    )
    assert response.status_code == 302
    client.logout()
    public = client.get(jury.event.url).content.decode()
    assert "Odpowiedź burmistrza" in public
    assert "Posadzimy 300 drzew w 2027 r." in public
    client.force_login(jurors[0])
    refused = client.post(url, {"decision": "accepted", "reasoning": "x"})
    assert refused.status_code == 403


def test_hearings_show_speaker_affiliation_and_recording(client, panel):
    jury = panel[0]
    EventAgendaItem.objects.create(
        page=jury.event,
        title="Drzewa w mieście",
        speaker="dr Anna Dąb",
        speaker_affiliation="Uniwersytet Przyrodniczy",
        recording_url="https://example.org/nagranie",
        is_hearing=True,
        sort_order=0,
    )
    public = client.get(jury.event.url).content.decode()
    assert "Wysłuchania eksperckie" in public
    assert "dr Anna Dąb" in public and "Uniwersytet Przyrodniczy" in public
    assert 'href="https://example.org/nagranie"' in public


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_recommendations(client, make_user, facilitator):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=3)
    services.jury_drafting_set(user=facilitator, jury=jury, open=True)

    def add(n):
        for i in range(n):
            services.recommendation_propose(
                user=jurors[0], jury=jury, title=f"R{i}", text="Treść."
            )

    add(1)
    services.jury_drafting_set(user=facilitator, jury=jury, open=False)
    urls = [
        jury.event.url,
        f"/wydarzenia/{jury.event_id}/rekomendacje/",
        f"/wydarzenia/{jury.event_id}/rekomendacje/czesc/projector/",
        f"/wydarzenia/{jury.event_id}/rekomendacje/czesc/juror/",
    ]
    client.force_login(jurors[1])
    _count(client, urls[1])  # warm caches (site, roles)
    few = [_count(client, url) for url in urls]
    services.jury_drafting_set(user=facilitator, jury=jury, open=True)
    add(6)
    services.jury_drafting_set(user=facilitator, jury=jury, open=False)
    for recommendation in jury.recommendations.all()[:3]:
        services.vote_open(user=facilitator, recommendation=recommendation)
        services.vote_cast(user=jurors[1], recommendation=recommendation, option="no")
    services.vote_close(user=facilitator, recommendation=jury.recommendations.first())
    many = [_count(client, url) for url in urls]
    assert many == few, (few, many)
