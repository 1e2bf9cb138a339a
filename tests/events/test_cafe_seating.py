"""The facilitator's seating list: who sits at which table in each round, who
has checked in and who is present without a seat, as the database has it
(on a reload and in the fragment the console fetches when the console stream
says attendance changed or a round starts)."""

import pytest
from django.urls import reverse

from cms.live.models import StreamEvent
from events import services
from events.models import CafeSeat, Registration

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
def cafe(facilitator, people):
    event = make_cafe(facilitator=facilitator)
    register_all(event, people)
    return event


def check_in(event, facilitator, person):
    registration = Registration.objects.get(event=event, user=person)
    services.registration_check_in(
        event=event, user=facilitator, registration=registration
    )


def attendance_frames(event):
    return StreamEvent.objects.filter(
        stream__name=event.console_stream(), type="cafe.attendance_changed"
    ).count()


def table_line(html, table):
    start = html.index(f"Stolik {table.number} — {table.topic}</strong>")
    return html[start : html.index("</li>", start)]


def test_seating_lists_each_round_and_follows_check_ins(
    client, cafe, facilitator, people
):
    tables, rounds = set_up(cafe, facilitator, tables=2, size=3)
    client.force_login(facilitator)
    html = client.get(url("cafe", cafe)).content.decode()
    assert "Kto gdzie siedzi" in html and "Nikt jeszcze nie siedzi" in html
    assert f'data-live-stream="{cafe.console_stream()}"' in html

    services.cafe_round_start(user=facilitator, round_=rounds[0])
    html = client.get(url("cafe_seating", cafe)).content.decode()
    for seat in CafeSeat.objects.select_related("user", "table"):
        assert seat.user.display_name in table_line(html, seat.table)
    assert "nikt jeszcze nie potwierdził obecności" in html

    # Check-ins at the door: the console stream says so, the list shows them.
    before = attendance_frames(cafe)
    check_in(cafe, facilitator, people[0])
    assert attendance_frames(cafe) == before + 1
    html = client.get(url("cafe_seating", cafe)).content.decode()
    assert "Obecni: 1 z 6." in html
    assert "Osoba 0 <span" in html  # the ✓
    # Those who are present but came after the round began wait for the next.
    late = [p for p in people if p != people[0]]
    CafeSeat.objects.filter(user=late[0]).delete()
    check_in(cafe, facilitator, late[0])
    html = client.get(url("cafe_seating", cafe)).content.decode()
    assert "Obecni bez miejsca w rundzie 1" in html
    assert html.index("Obecni bez miejsca") < html.index(
        late[0].display_name, html.index("Obecni bez miejsca")
    )

    # Round 2 seats only those who came; round 1 stays listed below it.
    services.cafe_round_start(user=facilitator, round_=rounds[1])
    html = client.get(url("cafe", cafe)).content.decode()
    seating = html[html.index("Kto gdzie siedzi") :]
    assert seating.index("Runda 2") < seating.index("Runda 1")
    assert CafeSeat.objects.filter(round=rounds[1]).count() == 2
    assert "Obecni bez miejsca" not in seating


def test_seating_is_for_facilitators(client, cafe, facilitator, people):
    client.force_login(people[0])
    assert client.get(url("cafe_seating", cafe)).status_code == 403


def test_seating_queries_do_not_grow_with_people(
    client, make_user, facilitator, django_assert_max_num_queries
):
    cafe = make_cafe(facilitator=facilitator)
    register_all(cafe, [make_user(f"a{i}@example.org") for i in range(4)])
    _tables, rounds = set_up(cafe, facilitator, tables=2, size=10)
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    client.force_login(facilitator)
    client.get(url("cafe_seating", cafe))
    with django_assert_max_num_queries(30) as few:
        client.get(url("cafe_seating", cafe))
    register_all(cafe, [make_user(f"b{i}@example.org") for i in range(12)])
    services.cafe_round_start(user=facilitator, round_=rounds[1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("cafe_seating", cafe)).status_code == 200
