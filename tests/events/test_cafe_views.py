"""Café pages as people use them, without JavaScript: the facilitator's
page and its forms, a participant's table, dots, the wall, the box on the
event page, and the harvest showing on the consultation."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from events import services
from events.models import CafeIdea, CafeSeat, CafeTable
from tests.consultations.factories import make_consultation

from .cafe_factories import make_cafe, register_all, set_up

pytestmark = pytest.mark.django_db


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.pk, *args])


@pytest.fixture
def people(make_user):
    return [
        make_user(f"osoba{i}@example.org", display_name=f"Osoba {i}") for i in range(6)
    ]


@pytest.fixture
def consultation():
    return make_consultation("Program współpracy 2027")


@pytest.fixture
def cafe(facilitator, consultation, people):
    event = make_cafe(facilitator=facilitator, consultation=consultation)
    register_all(event, people)
    return event


def test_console_is_for_the_events_facilitators(client, cafe, facilitator, people):
    response = client.get(url("cafe", cafe))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(people[0])
    response = client.get(url("cafe", cafe))
    assert response.status_code == 403
    assert "Kawiarenką kierują tylko prowadzący" in response.content.decode()
    client.force_login(facilitator)
    html = client.get(url("cafe", cafe)).content.decode()
    assert "Prowadź kawiarenkę" in html and "Dodaj stolik" in html


def test_facilitator_sets_up_without_javascript(client, cafe, facilitator, people):
    client.force_login(facilitator)
    response = client.post(
        url("cafe_table_add", cafe),
        {"topic": "Transport", "size": "3", "host": str(people[5].pk)},
        follow=True,
    )
    html = response.content.decode()
    assert "Dodano stolik." in html
    assert "Stolik 1 — Transport" in html and "Gospodarz: Osoba 5" in html
    response = client.post(url("cafe_table_add", cafe), {"topic": "", "size": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Podaj temat stolika." in html
    table = CafeTable.objects.get()
    client.post(
        url("cafe_table_edit", cafe, table.pk),
        {"topic": "Transport publiczny", "size": "4", "host": ""},
    )
    table.refresh_from_db()
    assert (table.topic, table.size, table.host) == ("Transport publiczny", 4, None)
    client.post(url("cafe_round_add", cafe), {"duration_minutes": "10"})
    client.post(url("cafe_round_add", cafe), {"duration_minutes": "15"})
    rounds = list(cafe.cafe_rounds.order_by("number"))
    client.post(url("cafe_round_delete", cafe, rounds[1].pk))
    assert cafe.cafe_rounds.count() == 1
    services.cafe_table_create(user=facilitator, event=cafe, topic="Kultura", size=3)
    response = client.post(url("cafe_round_start", cafe, rounds[0].pk), follow=True)
    html = response.content.decode()
    assert "Runda 1 się zaczęła" in html
    assert "Kto gdzie siedzi" in html and "Osoba 0" in html
    assert CafeSeat.objects.count() == 6


def test_start_refusal_is_a_message_not_an_error(client, cafe, facilitator):
    client.force_login(facilitator)
    round_ = services.cafe_round_create(user=facilitator, event=cafe)
    response = client.post(url("cafe_round_start", cafe, round_.pk))
    assert response.status_code == 400
    assert "Najpierw dodaj stoliki." in response.content.decode()


def test_participant_sees_their_table_adds_ideas_and_dots(
    client, cafe, facilitator, people, settings
):
    settings.CAFE_DOTS_PER_ROUND = 1
    tables, rounds = set_up(cafe, facilitator, tables=2, size=3)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    person = people[0]
    seat = CafeSeat.objects.select_related("table").get(user=person)
    client.force_login(person)
    html = client.get(url("cafe_table", cafe)).content.decode()
    assert f"Runda 1: stolik {seat.table.number} — {seat.table.topic}" in html
    assert "Kropki do rozdania w tej rundzie: 1" in html
    response = client.post(
        url("cafe_idea_add", cafe),
        {"table": str(seat.table_id), "text": "Ścieżka rowerowa <b>do szkoły</b>"},
        follow=True,
    )
    html = response.content.decode()
    assert "Dodano pomysł." in html and "Ścieżka rowerowa do szkoły" in html
    idea = CafeIdea.objects.get()
    other = tables[1] if seat.table_id == tables[0].pk else tables[0]
    response = client.post(
        url("cafe_idea_add", cafe), {"table": str(other.pk), "text": "Nie tu"}
    )
    assert response.status_code == 403
    response = client.post(url("cafe_dot", cafe, idea.pk), {"on": "1"}, follow=True)
    assert "Przyznano kropkę." in response.content.decode()
    assert "1 kropka" in response.content.decode()
    second = services.cafe_idea_add(user=facilitator, table=other, text="Drugi")
    response = client.post(url("cafe_dot", cafe, second.pk), {"on": "1"})
    assert response.status_code == 400
    assert "najpierw zabierz ją" in response.content.decode()
    # The same over fetch(): JSON answers.
    response = client.post(
        url("cafe_dot", cafe, idea.pk), {"on": "0"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["dotted"] is False


def test_wall_is_public_large_and_sorted_by_dots(client, cafe, facilitator, people):
    tables, rounds = set_up(cafe, facilitator, tables=2, size=3)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    low = services.cafe_idea_add(user=facilitator, table=tables[0], text="Mniej")
    high = services.cafe_idea_add(user=facilitator, table=tables[0], text="Więcej")
    for person in people[:2]:
        services.cafe_dot_toggle(user=person, idea=high, on=True)
    html = client.get(url("cafe_wall", cafe)).content.decode()
    assert html.index("Więcej") < html.index("Mniej")
    assert "2 kropki" in html and "cafe-wall-page" in html
    assert "/kawiarenka/stolik/" in html  # where phones join
    assert low.pk


@pytest.mark.parametrize("screen", ["cafe", "cafe_table", "cafe_wall"])
def test_screens_queries_do_not_grow_with_ideas_and_dots(
    client,
    cafe,
    facilitator,
    people,
    screen,
    django_assert_max_num_queries,
    write_limit,
):
    write_limit("cafe_idea", 100)
    tables, rounds = set_up(cafe, facilitator, tables=3, size=2)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    client.force_login(facilitator if screen == "cafe" else people[0])

    def grow(n):
        for i in range(n):
            idea = services.cafe_idea_add(
                user=facilitator, table=tables[i % 3], text=f"Pomysł {i}"
            )
            services.cafe_dot_toggle(user=people[i % 6], idea=idea, on=True)

    grow(2)
    client.get(url(screen, cafe))  # warm the caches
    with django_assert_max_num_queries(40) as few:
        assert client.get(url(screen, cafe)).status_code == 200
    grow(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(screen, cafe)).status_code == 200


def test_event_page_box_shows_my_table(cafe, facilitator, people):
    _tables, rounds = set_up(cafe, facilitator, tables=2, size=3)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    seat = CafeSeat.objects.select_related("table").get(user=people[1])
    request = RequestFactory().get("/")
    request.user = people[1]
    html = Template('{% include "events/includes/cafe_box.html" %}').render(
        RequestContext(request, {"page": cafe})
    )
    assert "Kawiarenka obywatelska" in html
    assert f"Runda 1: stolik {seat.table.number} — {seat.table.topic}" in html
    assert f'data-live-stream="{cafe.live_stream()}"' in html
    assert "Mój stolik" in html


def test_harvest_shows_on_the_consultation_on_behalf_of_the_cafe(
    client, cafe, facilitator, consultation, official
):
    tables, rounds = set_up(cafe, facilitator, tables=1, size=6)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    idea = services.cafe_idea_add(user=facilitator, table=tables[0], text="Dom NGO")
    client.force_login(facilitator)
    response = client.post(url("cafe_harvest", cafe), {"ideas": [str(idea.pk)]})
    assert response.status_code == 302
    idea.refresh_from_db()
    html = client.get(consultation.url).content.decode()
    assert (
        "W imieniu kawiarenki obywatelskiej „Kawiarenka o programie współpracy”" in html
    )
    assert f'href="{cafe.url}"' in html
    assert "Dom NGO" in html
    # The office answers it like any comment.
    from participation import services as participation_services

    participation_services.official_response_publish(
        official=official,
        comment=idea.harvested_comment,
        decision="accepted",
        reasoning="Uwzględniamy.",
    )
    html = client.get(consultation.url).content.decode()
    assert "Uwzględniamy." in html
    console = client.get(url("cafe", cafe)).content.decode()
    assert f"#comment-{idea.harvested_comment_id}" in console
