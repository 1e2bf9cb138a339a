"""In a citizen jury's live session only the seated jurors ask the experts
questions (and vote in polls, upvote): registered people, guests, reserves and
the public are refused with a Polish reason, on the form and on the socket
(an error frame; the socket stays open). Moderation by the facilitators is
unchanged. The participant page says who may take part and tells a juror
their role; an ordinary event keeps its wording."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from events.models import Question, QuestionStatus
from events.services import live as services
from tests.events.live_factories import live_event, register

from .jury_groups_factories import panel_with_groups_item
from .test_cafe_consumers import fresh_layer, next_event, open_socket, subscribe

__all__ = ["fresh_layer"]

ASK_REFUSED = (
    "Na posiedzeniu panelu obywatelskiego pytania ekspertom zadają tylko paneliści."
)


def _jury(make_user, facilitator):
    jury, item, seats, reserves = panel_with_groups_item(
        make_user, facilitator, jurors=4, reserves=1
    )
    services.live_session_ensure(event=jury.event)
    return jury, seats, reserves


def _ask(client, event, text="Ile kosztuje jedno drzewo?"):
    return client.post(
        reverse("events:ask", args=[event.pk]), {"event": event.pk, "text": text}
    )


@pytest.mark.django_db
def test_a_juror_asks_and_the_facilitator_moderates_as_before(
    client, make_user, facilitator
):
    jury, seats, _ = _jury(make_user, facilitator)
    event = jury.event
    client.force_login(seats[0].application.user)
    page = client.get(reverse("events:live", args=[event.pk])).content.decode()
    assert "Jesteś panelistą tego panelu" in page and ">Panelista<" in page
    assert "Twoje pytanie do ekspertów" in page and "Pytania do ekspertów" in page
    response = _ask(client, event)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.user == seats[0].application.user
    hidden = services.question_hide(
        facilitator=facilitator,
        event=event,
        question_id=question.pk,
        reason="Poza tematem",
    )
    assert hidden.status == QuestionStatus.HIDDEN


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["registered", "reserve", "guest", "anonymous"])
def test_others_may_not_ask_and_are_told_why(client, make_user, facilitator, who):
    jury, seats, reserves = _jury(make_user, facilitator)
    event = jury.event
    if who == "registered":
        person = make_user("widz@example.org")
        register(person, event)
        client.force_login(person)
    elif who == "reserve":
        client.force_login(reserves[0].application.user)
    elif who == "guest":
        type(event.live_session).objects.filter(event=event).update(guests_allowed=True)
        client.post(reverse("events:join"), {"kod": event.live_session.join_code})
    page = client.get(reverse("events:live", args=[event.pk])).content.decode()
    assert 'name="text"' not in page  # no question form
    if who == "reserve":
        assert "na liście rezerwowej panelu" in page
    else:
        assert "głosują i zadają pytania ekspertom tylko paneliści" in page
    assert "Zapisani uczestnicy" not in page
    response = _ask(client, event)
    assert response.status_code == 403
    assert ASK_REFUSED in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_in_a_jury_only_jurors_vote_in_polls_and_upvote(client, make_user, facilitator):
    jury, seats, _ = _jury(make_user, facilitator)
    event = jury.event
    poll = services.poll_create(
        facilitator=facilitator,
        event=event,
        question="Przerwa teraz?",
        kind="single",
        options=["Tak", "Nie"],
    )
    services.poll_open(facilitator=facilitator, event=event, poll_id=poll.pk)
    option = poll.options.first()
    onlooker = make_user("widz@example.org")
    register(onlooker, event)
    client.force_login(onlooker)
    vote = client.post(
        reverse("events:vote", args=[event.pk]),
        {"poll": poll.pk, "options": [option.pk]},
    )
    assert vote.status_code == 403
    assert "głosują tylko paneliści" in vote.content.decode()
    juror = Client()
    juror.force_login(seats[1].application.user)
    assert (
        juror.post(
            reverse("events:vote", args=[event.pk]),
            {"poll": poll.pk, "options": [option.pk]},
        ).status_code
        == 302
    )
    assert _ask(juror, event).status_code == 302
    question = Question.objects.get()
    upvote = client.post(
        reverse("events:upvote", args=[event.pk]), {"question": question.pk}
    )
    assert upvote.status_code == 403


@pytest.mark.django_db
def test_an_ordinary_event_keeps_registered_participants_and_its_wording(
    client, make_user, facilitator
):
    event = live_event(facilitator)
    page = client.get(reverse("events:live", args=[event.pk])).content.decode()
    assert "Zapisani uczestnicy mogą głosować" in page
    assert "panelist" not in page
    person = make_user("osoba@example.org")
    register(person, event)
    client.force_login(person)
    assert _ask(client, event).status_code == 302


# --- the socket ----------------------------------------------------------------
def _ask_frame(event, text="Czy drzewa przetrwają suszę?"):
    return {
        "action": "request",
        "id": "q1",
        "name": "events.question_ask",
        "data": {"event": event.pk, "text": text},
    }


async def _answer(ws):
    while True:
        frame = await ws.receive_json_from(timeout=5)
        if frame.get("type") in ("ack", "error"):
            return frame


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_over_the_socket_a_juror_asks_others_get_an_error_frame(
    fresh_layer, make_user, facilitator
):
    jury, seats, reserves = await database_sync_to_async(_jury)(make_user, facilitator)
    event = jury.event
    onlooker = await database_sync_to_async(make_user)("widz@example.org")
    await database_sync_to_async(register)(onlooker, event)
    juror = await open_socket(
        await database_sync_to_async(lambda: seats[0].application.user)()
    )
    watcher = await open_socket(onlooker)
    anonymous = await open_socket()
    try:
        await subscribe(watcher, event.live_stream())
        await juror.send_json_to(_ask_frame(event))
        ack = await _answer(juror)
        assert ack["type"] == "ack" and ack["data"]["ok"] is True, ack
        frame = await next_event(watcher, "event.question")
        assert frame["data"]["text"] == "Czy drzewa przetrwają suszę?"
        for ws in (watcher, anonymous):
            await ws.send_json_to(_ask_frame(event, "Pytanie spoza panelu"))
            error = await _answer(ws)
            assert error["type"] == "error" and error["code"] == "forbidden"
            assert error["message"] == ASK_REFUSED and error["id"] == "q1"
            # The socket stays open.
            await ws.send_json_to({"action": "ping"})
            assert (await ws.receive_json_from(timeout=5))["type"] == "pong"
        count = await database_sync_to_async(Question.objects.count)()
        assert count == 1
    finally:
        for ws in (juror, watcher, anonymous):
            await ws.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_split_reaches_a_jurors_socket_as_a_frame_without_names(
    fresh_layer, make_user, facilitator
):
    from events.services import jury_groups

    jury, item, seats, _ = await database_sync_to_async(panel_with_groups_item)(
        make_user, facilitator, jurors=4, reserves=0
    )
    user = await database_sync_to_async(lambda: seats[0].application.user)()
    phone = await open_socket(user)
    try:
        await subscribe(phone, jury.event.live_stream())
        await database_sync_to_async(jury_groups.jury_groups_split)(
            user=facilitator, jury=jury, agenda_item_id=item.pk, group_count=2
        )
        frame = await next_event(phone, "jury.groups")
        assert frame["data"] == {"item": item.pk, "groups": 2}
    finally:
        await phone.disconnect()
