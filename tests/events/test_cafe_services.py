"""Café services as facilitators, hosts and participants use them, and the
refusals for everyone else: setup, rounds with the rotation, ideas, the dot
rule and the harvest sent to the consultation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.accounts.roles import FACILITATORS
from cms.live.models import StreamEvent
from events import services
from events.models import CafeDot, CafeIdea, CafeRoundStatus, CafeSeat, CafeTable
from events.selectors import cafe_view, seat_key
from participation.models import Comment
from tests.consultations.factories import make_consultation

from .cafe_factories import make_cafe, register_all, set_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return [
        make_user(f"osoba{i}@example.org", display_name=f"Osoba {i}") for i in range(12)
    ]


@pytest.fixture
def host(make_user):
    return make_user("host@example.org", display_name="Halina Gospodyni")


@pytest.fixture
def consultation():
    return make_consultation("Program współpracy 2027")


@pytest.fixture
def cafe(facilitator, consultation, people):
    event = make_cafe(facilitator=facilitator, consultation=consultation)
    register_all(event, people)
    return event


def events_of(event, event_type):
    return [
        e.payload
        for e in StreamEvent.objects.filter(
            stream__name=event.live_stream(), type=event_type
        ).order_by("seq")
    ]


# --- setup ------------------------------------------------------------------------
def test_tables_and_rounds_are_numbered_in_order(cafe, facilitator):
    tables, rounds = set_up(cafe, facilitator, tables=3, rounds=2)
    assert [t.number for t in tables] == [1, 2, 3]
    assert [r.number for r in rounds] == [1, 2]
    services.cafe_table_delete(user=facilitator, table=tables[1])
    table = services.cafe_table_create(user=facilitator, event=cafe, topic="Nowy")
    assert table.number == 4


def test_setup_errors_are_polish_field_errors(cafe, facilitator):
    with pytest.raises(ValidationError) as error:
        services.cafe_table_create(user=facilitator, event=cafe, topic=" ", size=6)
    assert error.value.message_dict == {"topic": ["Podaj temat stolika."]}
    with pytest.raises(ValidationError) as error:
        services.cafe_table_create(user=facilitator, event=cafe, topic="A", size=1)
    assert error.value.message_dict == {
        "size": ["Przy stoliku siedzi od 2 do 50 osób."]
    }
    with pytest.raises(ValidationError) as error:
        services.cafe_round_create(user=facilitator, event=cafe, duration_minutes=0)
    assert "duration_minutes" in error.value.message_dict


def test_topic_markup_is_stripped(cafe, facilitator):
    table = services.cafe_table_create(
        user=facilitator, event=cafe, topic="<b>Transport</b><script>x</script>"
    )
    assert table.topic == "Transportx"


@pytest.mark.parametrize("who", ["participant", "resident", "other_facilitator"])
def test_only_the_events_facilitators_set_up_start_and_harvest(
    cafe, facilitator, people, make_user, who
):
    user = {
        "participant": people[0],
        "resident": make_user("x@example.org"),
        "other_facilitator": make_user("f2@example.org", groups=[FACILITATORS]),
    }[who]
    tables, rounds = set_up(cafe, facilitator, tables=2, rounds=1)
    attempts = [
        lambda: services.cafe_table_create(user=user, event=cafe, topic="X"),
        lambda: services.cafe_table_update(
            user=user, table=tables[0], topic="X", size=4, host=None
        ),
        lambda: services.cafe_table_delete(user=user, table=tables[0]),
        lambda: services.cafe_round_create(user=user, event=cafe),
        lambda: services.cafe_round_update(
            user=user, round_=rounds[0], duration_minutes=5
        ),
        lambda: services.cafe_round_delete(user=user, round_=rounds[0]),
        lambda: services.cafe_round_start(user=user, round_=rounds[0]),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    rounds[0].refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.cafe_round_finish(user=user, round_=rounds[0])
    idea = services.cafe_idea_add(user=facilitator, table=tables[0], text="Idea")
    with pytest.raises(PermissionDenied):
        services.cafe_harvest(user=user, event=cafe, ideas=[idea])
    assert CafeTable.objects.filter(event=cafe).count() == 2
    assert not Comment.objects.exists()


def test_not_a_cafe_refuses(facilitator):
    from .registration_factories import make_event

    breakfast = make_event(facilitators=[facilitator])
    with pytest.raises(PermissionDenied):
        services.cafe_table_create(user=facilitator, event=breakfast, topic="X")


# --- rounds -----------------------------------------------------------------------
def test_round_start_seats_every_participant_balanced_and_publishes(
    cafe, facilitator, people, host
):
    tables, rounds = set_up(cafe, facilitator, tables=3, size=4, hosts=[host])
    round_, plan = services.cafe_round_start(user=facilitator, round_=rounds[0])
    seats = CafeSeat.objects.filter(round=round_)
    assert sorted(s.user_id for s in seats) == sorted(p.pk for p in people)
    counts = sorted(seats.filter(table=t).count() for t in tables)
    assert counts == [4, 4, 4]
    assert round_.status == CafeRoundStatus.RUNNING
    assert (round_.deadline - round_.started_at).total_seconds() == 15 * 60
    [payload] = events_of(cafe, "cafe.round_started")
    assert payload["round"]["number"] == 1
    mine = seats.get(user=people[0]).table_id
    assert payload["seats"][seat_key(cafe.pk, people[0].pk)] == mine
    assert "osoba0" not in str(payload)  # nobody is named on the stream


def test_rounds_rotate_to_new_tables_and_run_one_at_a_time(cafe, facilitator, people):
    tables, rounds = set_up(cafe, facilitator, tables=3, size=4, rounds=3)
    with pytest.raises(ValidationError):
        services.cafe_round_start(user=facilitator, round_=rounds[1])  # not next
    for round_ in rounds:
        services.cafe_round_start(user=facilitator, round_=round_)
    statuses = [r.status for r in cafe.cafe_rounds.order_by("number")]
    assert statuses == ["finished", "finished", "running"]
    for person in people:
        visited = list(
            CafeSeat.objects.filter(user=person).values_list("table_id", flat=True)
        )
        assert len(set(visited)) == 3  # every table once
    assert len(events_of(cafe, "cafe.round_finished")) == 2
    with pytest.raises(ValidationError):
        services.cafe_round_update(
            user=facilitator, round_=rounds[0], duration_minutes=5
        )
    with pytest.raises(ValidationError):
        services.cafe_table_delete(user=facilitator, table=tables[0])


def test_only_people_checked_in_are_seated_once_check_in_began(
    cafe, facilitator, people
):
    _tables, rounds = set_up(cafe, facilitator, tables=2)
    for person in people[:5]:
        services.registration_check_in(
            event=cafe,
            code=cafe.registrations.get(user=person).code,
            user=facilitator,
        )
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    assert CafeSeat.objects.count() == 5


# --- ideas ------------------------------------------------------------------------
@pytest.fixture
def running(cafe, facilitator, host):
    tables, rounds = set_up(cafe, facilitator, tables=3, size=4, hosts=[host])
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    return tables


def seated_at(table):
    return CafeSeat.objects.filter(table=table).select_related("user").first().user


def test_host_and_seated_participant_add_ideas_others_are_refused(
    cafe, running, host, people, make_user
):
    table = running[0]
    sitting = seated_at(table)
    elsewhere = seated_at(running[1])
    services.cafe_idea_add(user=host, table=table, text="Buspas na Lipowej")
    services.cafe_idea_add(user=sitting, table=table, text="Rowery miejskie")
    with pytest.raises(PermissionDenied, match="tylko przy stoliku"):
        services.cafe_idea_add(user=elsewhere, table=table, text="Nie moje")
    with pytest.raises(PermissionDenied):
        services.cafe_idea_add(user=host, table=running[1], text="Nie mój stolik")
    with pytest.raises(PermissionDenied):
        services.cafe_idea_add(
            user=make_user("gosc@example.org"), table=table, text="x"
        )
    ideas = list(CafeIdea.objects.order_by("pk"))
    assert [(i.text, i.by_host) for i in ideas] == [
        ("Buspas na Lipowej", True),
        ("Rowery miejskie", False),
    ]
    payloads = events_of(cafe, "cafe.idea_created")
    assert payloads[0]["idea"]["text"] == "Buspas na Lipowej"
    assert payloads[0]["idea"]["topic"] == "Transport"


def test_idea_text_is_plain_text(running, host):
    idea = services.cafe_idea_add(
        user=host,
        table=running[0],
        text="<img src=x onerror=alert(1)>Ławki  <b>w</b> parku & 2 < 3",
    )
    assert idea.text == "Ławki w parku & 2 < 3"
    with pytest.raises(ValidationError) as error:
        services.cafe_idea_add(user=host, table=running[0], text="<p> </p>")
    assert error.value.message_dict == {"text": ["Wpisz pomysł."]}


def test_ideas_are_rate_limited(running, host, write_limit):
    write_limit("cafe_idea", 2)
    services.cafe_idea_add(user=host, table=running[0], text="1")
    services.cafe_idea_add(user=host, table=running[0], text="2")
    with pytest.raises(ValidationError) as error:
        services.cafe_idea_add(user=host, table=running[0], text="3")
    assert error.value.code == "rate_limited"


# --- dots -------------------------------------------------------------------------
def test_dot_rule_one_per_idea_and_a_few_per_round(
    cafe, running, host, people, settings, django_capture_on_commit_callbacks
):
    settings.CAFE_DOTS_PER_ROUND = 2
    ideas = [
        services.cafe_idea_add(user=host, table=running[0], text=f"Pomysł {n}")
        for n in range(3)
    ]
    voter = people[0]
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.cafe_dot_toggle(user=voter, idea=ideas[0], on=True)
    assert answer == {"idea": ideas[0].pk, "dotted": True, "dots": 1, "dots_left": 1}
    # Twice on one idea (a second phone): still one dot.
    services.cafe_dot_toggle(user=voter, idea=ideas[0], on=True)
    assert CafeDot.objects.filter(user=voter).count() == 1
    services.cafe_dot_toggle(user=voter, idea=ideas[1], on=True)
    with pytest.raises(ValidationError, match="2 kropki"):
        services.cafe_dot_toggle(user=voter, idea=ideas[2], on=True)
    # Taking one back frees it.
    services.cafe_dot_toggle(user=voter, idea=ideas[0], on=False)
    answer = services.cafe_dot_toggle(user=voter, idea=ideas[2], on=True)
    assert answer["dots_left"] == 0
    ideas[0].refresh_from_db()
    assert ideas[0].dot_count == 0
    first = events_of(cafe, "cafe.dots")[0]["dots"][str(ideas[0].pk)]
    assert first["count"] == 1 and first["label"]["pl"] == "1 kropka"


def test_dots_per_round_start_again_in_the_next_round(
    cafe, facilitator, running, host, people, settings
):
    settings.CAFE_DOTS_PER_ROUND = 1
    first, second = (
        services.cafe_idea_add(user=host, table=running[0], text=t) for t in "AB"
    )
    services.cafe_dot_toggle(user=people[0], idea=first, on=True)
    with pytest.raises(ValidationError):
        services.cafe_dot_toggle(user=people[0], idea=second, on=True)
    services.cafe_round_start(user=facilitator, round_=cafe.cafe_rounds.get(number=2))
    services.cafe_dot_toggle(user=people[0], idea=second, on=True)
    assert CafeDot.objects.filter(user=people[0]).count() == 2


def test_only_participants_give_dots(running, host, facilitator, make_user):
    idea = services.cafe_idea_add(user=host, table=running[0], text="A")
    for user in (host, facilitator, make_user("x@example.org")):
        with pytest.raises(PermissionDenied):
            services.cafe_dot_toggle(user=user, idea=idea, on=True)


def test_dots_are_rate_limited(running, host, people, write_limit):
    write_limit("cafe_dot", 2)
    idea = services.cafe_idea_add(user=host, table=running[0], text="A")
    services.cafe_dot_toggle(user=people[0], idea=idea, on=True)
    services.cafe_dot_toggle(user=people[0], idea=idea, on=False)
    with pytest.raises(ValidationError) as error:
        services.cafe_dot_toggle(user=people[0], idea=idea, on=True)
    assert error.value.code == "rate_limited"


def test_view_shows_my_table_dots_left_and_constant_queries(
    cafe, running, host, people, django_assert_max_num_queries
):
    for n in range(5):
        services.cafe_idea_add(user=host, table=running[0], text=f"Pomysł {n}")
    person = people[3]
    with django_assert_max_num_queries(10):
        view = cafe_view(cafe, person, with_people=True)
    seat = CafeSeat.objects.get(user=person)
    assert view.my_table.pk == seat.table_id
    assert view.participant and not view.facilitator
    assert view.dots_left == 3
    assert len(view.ideas) == 5
    assert sum(len(row.people) for row in view.tables) == 12


# --- harvest ----------------------------------------------------------------------
def test_harvest_sends_ideas_on_behalf_of_the_cafe(
    cafe, running, host, facilitator, consultation, people
):
    ideas = [
        services.cafe_idea_add(user=host, table=running[0], text=t)
        for t in ("Więcej ławek", "Festyn organizacji")
    ]
    services.cafe_dot_toggle(user=people[0], idea=ideas[0], on=True)
    comments = services.cafe_harvest(user=facilitator, event=cafe, ideas=ideas)
    assert len(comments) == 2
    comment = Comment.objects.get(text__contains="Więcej ławek")
    assert comment.target == consultation
    assert comment.author == facilitator
    assert comment.behalf_label == (
        "kawiarenki obywatelskiej „Kawiarenka o programie współpracy”"
    )
    assert comment.behalf_url == cafe.url
    assert "Stolik 1 — Transport; 1 kropka." in comment.text
    ideas[0].refresh_from_db()
    assert ideas[0].harvested_comment == comment
    # Sent once: a second harvest of the same ideas sends nothing more.
    with pytest.raises(ValidationError):
        services.cafe_harvest(user=facilitator, event=cafe, ideas=ideas)
    assert Comment.objects.count() == 2
    assert events_of(cafe, "cafe.harvested") == [{"ideas": sorted(i.pk for i in ideas)}]


def test_harvest_needs_a_consultation_that_takes_comments(
    running, host, facilitator, cafe, consultation
):
    idea = services.cafe_idea_add(user=host, table=running[0], text="A")
    cafe.consultation = None
    cafe.save()
    with pytest.raises(ValidationError, match="nie zasila"):
        services.cafe_harvest(user=facilitator, event=cafe, ideas=[idea])
    closed = make_consultation(
        "Zamknięte", opens_in=-timedelta(days=3), closes_in=-timedelta(hours=1)
    )
    cafe.consultation = closed
    cafe.save()
    with pytest.raises(ValidationError, match="zamknięte"):
        services.cafe_harvest(user=facilitator, event=cafe, ideas=[idea])
    assert not Comment.objects.exists()
