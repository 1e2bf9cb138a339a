"""The live screens and their POST forms (no JavaScript)."""

import pytest
from django.test import Client

from cms.live.models import StreamEvent
from events.models import Ballot, LiveSession, Poll, Question, SessionStatus
from events.services import live as services
from tests.events.live_factories import guest_client, live_event, register


@pytest.fixture
def event(facilitator):
    return live_event(facilitator)


@pytest.fixture
def participant(resident, event):
    register(resident, event)
    return resident


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def types_on(event):
    return list(
        StreamEvent.objects.filter(stream__name=event.live_stream())
        .order_by("seq")
        .values_list("type", flat=True)
    )


@pytest.mark.django_db
def test_console_runs_the_session_without_javascript(facilitator, event):
    client = signed_in(facilitator)
    page = client.get(f"/wydarzenia/{event.pk}/prowadzenie/")
    assert page.status_code == 200
    assert (
        "Start the session" in page.content.decode()
        or "Rozpocznij" in page.content.decode()
    )
    assert event.live_session.join_code in page.content.decode()

    item = event.agenda_items.order_by("sort_order").last()
    for name, data in [
        ("session_start", {}),
        ("agenda_go", {"item": item.pk}),
        ("timer_start", {"minutes": 10}),
        ("message_set", {"message": "Przerwa kawowa o 11"}),
    ]:
        response = client.post(f"/wydarzenia/{event.pk}/prowadzenie/{name}/", data)
        assert response.status_code == 302, (name, response.content[:300])

    session = LiveSession.objects.get(event=event)
    assert session.status == SessionStatus.RUNNING
    assert session.current_item == item
    assert session.item_deadline is not None
    assert session.message == "Przerwa kawowa o 11"
    assert types_on(event) == ["event.session"] * 4
    live = client.get(f"/wydarzenia/{event.pk}/na-zywo/").content.decode()
    assert "Budżet" in live and "Przerwa kawowa o 11" in live


@pytest.mark.django_db
def test_console_prepares_and_opens_a_poll_without_javascript(facilitator, event):
    client = signed_in(facilitator)
    response = client.post(
        f"/wydarzenia/{event.pk}/prowadzenie/poll_create/",
        {
            "event": event.pk,
            "question": "Który park odnowić?",
            "kind": "single",
            "options": "Północny\r\nPołudniowy",
        },
    )
    assert response.status_code == 302, response.content[:300]
    poll = Poll.objects.get()
    console = client.get(f"/wydarzenia/{event.pk}/prowadzenie/").content.decode()
    assert "Który park odnowić?" in console
    assert "Szkic (niewidoczny dla sali)" in console
    assert f'action="/wydarzenia/{event.pk}/prowadzenie/poll_open/"' in console
    # The form's labels are its fields' own, whatever buttons come before it.
    assert '<label for="id_question">Pytanie' in console
    # The room saw nothing of the draft.
    assert types_on(event) == []
    room = Client().get(f"/wydarzenia/{event.pk}/na-zywo/").content.decode()
    assert "Który park odnowić?" not in room

    response = client.post(
        f"/wydarzenia/{event.pk}/prowadzenie/poll_open/",
        {"event": event.pk, "poll": poll.pk},
    )
    assert response.status_code == 302
    assert types_on(event) == ["event.poll"]
    console = client.get(f"/wydarzenia/{event.pk}/prowadzenie/").content.decode()
    assert "Głosowanie otwarte" in console


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["participant", "guest", "anonymous", "other_facilitator"]
)
def test_commands_are_refused_with_403_to_anyone_but_the_facilitators(
    who, event, participant, make_user
):
    from cms.accounts.roles import FACILITATORS

    if who == "participant":
        client = signed_in(participant)
    elif who == "guest":
        client = guest_client(event)
    elif who == "anonymous":
        client = Client()
    else:
        client = signed_in(make_user("f2@example.org", groups=[FACILITATORS]))
    poll = services.poll_create(
        facilitator=event.facilitators.get().user,
        event=event,
        question="Q?",
        kind="single",
        options=["A", "B"],
    )
    before = StreamEvent.objects.count()
    for name, data in [
        ("session_start", {}),
        ("guests_allow", {"allowed": "on"}),
        ("poll_open", {"poll": poll.pk}),
    ]:
        response = client.post(f"/wydarzenia/{event.pk}/prowadzenie/{name}/", data)
        assert response.status_code == 403, (who, name)
    assert StreamEvent.objects.count() == before
    assert LiveSession.objects.get(event=event).status == SessionStatus.NOT_STARTED
    assert client.get(f"/wydarzenia/{event.pk}/projektor/").status_code in (302, 403)


@pytest.mark.django_db
def test_participant_votes_and_asks_without_javascript(facilitator, event, participant):
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="Który park?",
        kind="single",
        options=["Północny", "Południowy"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    client = signed_in(participant)
    page = client.get(f"/wydarzenia/{event.pk}/na-zywo/").content.decode()
    assert "Który park?" in page and 'name="options"' in page
    option = poll.options.first()
    response = client.post(
        f"/wydarzenia/{event.pk}/na-zywo/glos/",
        {"poll": poll.pk, "options": [option.pk]},
    )
    assert response.status_code == 302
    again = client.post(
        f"/wydarzenia/{event.pk}/na-zywo/glos/",
        {"poll": poll.pk, "options": [option.pk]},
    )
    assert again.status_code == 303
    assert Ballot.objects.filter(poll=poll).count() == 1

    client.post(
        f"/wydarzenia/{event.pk}/na-zywo/pytanie/",
        {"event": event.pk, "text": "<b>Kiedy</b> remont?"},
    )
    question = Question.objects.get()
    assert question.text == "Kiedy remont?"
    client.post(f"/wydarzenia/{event.pk}/na-zywo/plus/", {"question": question.pk})
    client.post(f"/wydarzenia/{event.pk}/na-zywo/plus/", {"question": question.pk})
    question.refresh_from_db()
    assert question.upvote_count == 1


@pytest.mark.django_db
def test_watcher_sees_no_vote_form_and_cannot_vote(facilitator, event, neighbour):
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="Q?",
        kind="single",
        options=["A", "B"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    client = signed_in(neighbour)
    page = client.get(f"/wydarzenia/{event.pk}/na-zywo/").content.decode()
    assert 'name="options"' not in page
    response = client.post(
        f"/wydarzenia/{event.pk}/na-zywo/glos/",
        {"poll": poll.pk, "options": [poll.options.first().pk]},
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_guests_join_by_code_only_when_allowed(facilitator, event, neighbour):
    code = event.live_session.join_code
    refused = Client().post("/wydarzenia/dolacz/", {"kod": code})
    assert refused.status_code == 403
    services.guests_allow(facilitator=facilitator, event=event, allowed=True)
    form = Client().get(f"/wydarzenia/dolacz/?kod={code.lower()}")
    assert form.status_code == 200 and code in form.content.decode()
    wrong = Client().post("/wydarzenia/dolacz/", {"kod": "ZZZZZZ"})
    assert wrong.status_code == 400
    guest = Client()
    assert guest.post("/wydarzenia/dolacz/", {"kod": code}).status_code == 302
    # A signed-in person without a registration joins as a guest too.
    unregistered = signed_in(neighbour)
    assert unregistered.post("/wydarzenia/dolacz/", {"kod": code}).status_code == 302
    assert event.live_guests.count() == 2
    assert event.live_guests.filter(user=neighbour).exists()


@pytest.mark.django_db
def test_guest_limit_per_event(facilitator, event, settings):
    settings.EVENT_LIVE_LIMITS = {**settings.EVENT_LIVE_LIMITS, "guests": 1}
    services.guests_allow(facilitator=facilitator, event=event, allowed=True)
    code = event.live_session.join_code
    assert Client().post("/wydarzenia/dolacz/", {"kod": code}).status_code == 302
    assert Client().post("/wydarzenia/dolacz/", {"kod": code}).status_code == 403
    assert event.live_guests.count() == 1


@pytest.mark.django_db
def test_projector_shows_code_qr_and_revealed_results_only(
    facilitator, event, participant
):
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="Który park?",
        kind="single",
        options=["Północny", "Południowy"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    from cms.visibility import Viewer

    services.ballot_cast(
        viewer=Viewer(participant),
        poll_id=poll.pk,
        option_ids=[poll.options.first().pk],
    )
    client = signed_in(facilitator)
    page = client.get(f"/wydarzenia/{event.pk}/projektor/").content.decode()
    assert "<svg" in page and event.live_session.join_code in page
    assert "live-result-count" not in page
    services.poll_reveal(facilitator=facilitator, event=event, poll_id=poll.pk)
    page = client.get(f"/wydarzenia/{event.pk}/projektor/").content.decode()
    assert "live-result-count" in page


@pytest.mark.django_db
def test_screens_query_count_does_not_grow_with_polls_and_questions(
    facilitator, event, participant, django_assert_max_num_queries, write_limit
):
    from cms.visibility import Viewer

    write_limit("event_question", 100)

    client = signed_in(participant)
    client.get(f"/wydarzenia/{event.pk}/na-zywo/")

    def grow(n):
        for i in range(n):
            poll = services.poll_create(
                facilitator=facilitator,
                event=event,
                question=f"Q{i}",
                kind="single",
                options=["A", "B", "C"],
            )
            services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
            services.ballot_cast(
                viewer=Viewer(participant),
                poll_id=poll.pk,
                option_ids=[poll.options.first().pk],
            )
            services.question_ask(
                viewer=Viewer(participant), event=event, text=f"Pytanie {i}"
            )

    grow(1)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/wydarzenia/{event.pk}/na-zywo/")
    grow(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/wydarzenia/{event.pk}/na-zywo/")
    console = signed_in(facilitator)
    console.get(f"/wydarzenia/{event.pk}/prowadzenie/")
    with django_assert_max_num_queries(40) as small:
        console.get(f"/wydarzenia/{event.pk}/prowadzenie/")
    grow(3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        console.get(f"/wydarzenia/{event.pk}/prowadzenie/")
    assert Poll.objects.count() == 9
