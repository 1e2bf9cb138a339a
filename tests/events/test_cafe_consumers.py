"""The café over real sockets (cms.asgi.application): a round start reaches
each participant's socket with their own table, an idea sent from one phone
appears on another with its dot count, the dot rule answers with error
frames, and strangers are refused."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client

from events import services
from events.models import CafeIdea, CafeIdeaStatus, CafeSeat
from events.selectors import seat_key
from tests.consultations.factories import make_consultation

from .cafe_factories import make_cafe, register_all, set_up

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SAME_ORIGIN = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


@pytest.fixture
async def fresh_layer():
    channel_layers.backends.clear()
    yield get_channel_layer()
    await get_channel_layer().flush()
    channel_layers.backends.clear()


@database_sync_to_async
def cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def open_socket(user=None):
    from cms.asgi import application

    headers = [*SAME_ORIGIN]
    if user is not None:
        headers.append((b"cookie", await cookie_for(user)))
    ws = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _ = await ws.connect()
    assert connected
    return ws


async def subscribe(ws, stream):
    await ws.send_json_to({"action": "subscribe", "stream": stream})
    frame = await ws.receive_json_from(timeout=5)
    assert frame["type"] == "subscribed", frame


async def next_event(ws, event_type):
    while True:
        frame = await ws.receive_json_from(timeout=5)
        if frame.get("type") == "event" and frame["event"] == event_type:
            return frame


@pytest.fixture
def cafe_setup(make_user, facilitator):
    people = [make_user(f"osoba{i}@example.org") for i in range(6)]
    event = make_cafe(
        facilitator=facilitator, consultation=make_consultation("Program 2027")
    )
    register_all(event, people)
    tables, rounds = set_up(event, facilitator, tables=2, size=3)
    return event, people, tables, rounds


async def test_round_start_reaches_each_participant_with_their_table(
    fresh_layer, cafe_setup, facilitator
):
    event, people, tables, rounds = cafe_setup
    sockets = [await open_socket(people[0]), await open_socket(people[1])]
    try:
        for ws in sockets:
            await subscribe(ws, event.live_stream())
        await database_sync_to_async(services.cafe_round_start)(
            user=facilitator, round_=rounds[0]
        )
        for person, ws in zip(people[:2], sockets, strict=True):
            frame = await next_event(ws, "cafe.round_started")
            data = frame["data"]
            seat = await database_sync_to_async(
                lambda p=person: CafeSeat.objects.select_related("table").get(user=p)
            )()
            table_id = data["seats"][seat_key(event.pk, person.pk)]
            assert table_id == seat.table_id
            table = next(t for t in data["tables"] if t["id"] == table_id)
            assert (table["number"], table["topic"]) == (
                seat.table.number,
                seat.table.topic,
            )
            assert data["round"]["number"] == 1
            assert data["round"]["deadline"] and data["now"]
    finally:
        for ws in sockets:
            await ws.disconnect()


async def test_idea_from_one_phone_appears_on_another_with_its_dots(
    fresh_layer, cafe_setup, facilitator
):
    event, people, tables, rounds = cafe_setup
    await database_sync_to_async(services.cafe_round_start)(
        user=facilitator, round_=rounds[0]
    )
    seats = await database_sync_to_async(
        lambda: {s.user_id: s.table_id for s in CafeSeat.objects.all()}
    )()
    writer, reader = people[0], people[1]
    ws_writer, ws_reader = await open_socket(writer), await open_socket(reader)
    try:
        await subscribe(ws_reader, event.live_stream())
        await ws_writer.send_json_to(
            {
                "action": "request",
                "id": "r1",
                "name": "cafe.idea_add",
                "data": {"table": seats[writer.pk], "text": "Ławki <i>w</i> parku"},
                "key": "k1",
            }
        )
        ack = await ws_writer.receive_json_from(timeout=5)
        assert ack["type"] == "ack" and ack["data"]["idea"]["text"] == "Ławki w parku"
        frame = await next_event(ws_reader, "cafe.idea_created")
        idea = frame["data"]["idea"]
        assert idea["text"] == "Ławki w parku"
        assert idea["table"] == seats[writer.pk]
        assert idea["dots_label"]["pl"] == "0 kropek"
        # The reader dots it: the snapshot reaches every screen.
        await ws_reader.send_json_to(
            {
                "action": "request",
                "id": "r2",
                "name": "cafe.dot",
                "data": {"idea": idea["id"], "on": True},
                "key": "k2",
            }
        )
        ack = await ws_reader.receive_json_from(timeout=5)
        while ack["type"] != "ack":
            ack = await ws_reader.receive_json_from(timeout=5)
        assert ack["data"]["dotted"] is True and ack["data"]["dots"] == 1
        frame = await next_event(ws_reader, "cafe.dots")
        assert frame["data"]["dots"][str(idea["id"])]["count"] == 1
        # At a table one does not sit at: an error frame, nothing stored.
        other = next(t.pk for t in tables if t.pk != seats[writer.pk])
        await ws_writer.send_json_to(
            {
                "action": "request",
                "id": "r3",
                "name": "cafe.idea_add",
                "data": {"table": other, "text": "Nie tu"},
            }
        )
        error = await ws_writer.receive_json_from(timeout=5)
        assert (error["type"], error["code"], error["id"]) == (
            "error",
            "forbidden",
            "r3",
        )
    finally:
        await ws_writer.disconnect()
        await ws_reader.disconnect()


async def test_dot_rule_and_strangers_get_error_frames(
    fresh_layer, cafe_setup, facilitator, settings
):
    settings.CAFE_DOTS_PER_ROUND = 1
    event, people, tables, rounds = cafe_setup
    await database_sync_to_async(services.cafe_round_start)(
        user=facilitator, round_=rounds[0]
    )
    ideas = [
        await database_sync_to_async(services.cafe_idea_add)(
            user=facilitator, table=tables[0], text=text
        )
        for text in ("A", "B")
    ]

    async def dot(ws, idea, request_id):
        await ws.send_json_to(
            {
                "action": "request",
                "id": request_id,
                "name": "cafe.dot",
                "data": {"idea": idea.pk, "on": True},
            }
        )
        return await ws.receive_json_from(timeout=5)

    ws = await open_socket(people[0])
    anonymous = await open_socket()
    try:
        assert (await dot(ws, ideas[0], "a"))["type"] == "ack"
        refused = await dot(ws, ideas[1], "b")
        assert (refused["type"], refused["code"]) == ("error", "invalid")
        assert "najpierw zabierz ją" in refused["message"]
        frame = await dot(anonymous, ideas[0], "c")
        assert (frame["type"], frame["code"]) == ("error", "forbidden")
        await ws.send_json_to(
            {"action": "request", "id": "d", "name": "cafe.dot", "data": {"idea": "x"}}
        )
        frame = await ws.receive_json_from(timeout=5)
        assert (frame["code"], list(frame["fields"])) == ("invalid", ["idea"])
    finally:
        await ws.disconnect()
        await anonymous.disconnect()


async def test_hiding_over_the_socket_is_for_facilitators_and_reaches_every_screen(
    fresh_layer, cafe_setup, facilitator
):
    event, people, tables, rounds = cafe_setup
    await database_sync_to_async(services.cafe_round_start)(
        user=facilitator, round_=rounds[0]
    )
    idea = await database_sync_to_async(services.cafe_idea_add)(
        user=facilitator, table=tables[0], text="Reklama"
    )
    participant, moderator = (
        await open_socket(people[0]),
        await open_socket(facilitator),
    )
    try:
        await subscribe(participant, event.live_stream())
        hide = {
            "action": "request",
            "name": "cafe.idea_hide",
            "data": {"idea": idea.pk, "category": "spam", "reason": ""},
        }
        await participant.send_json_to({**hide, "id": "p1"})
        error = await participant.receive_json_from(timeout=5)
        assert (error["type"], error["code"], error["id"]) == (
            "error",
            "forbidden",
            "p1",
        )
        await participant.send_json_to(
            {**hide, "id": "p2", "name": "cafe.idea_delete", "data": {"idea": idea.pk}}
        )
        error = await participant.receive_json_from(timeout=5)
        assert (error["type"], error["code"]) == ("error", "forbidden")
        status = await database_sync_to_async(
            lambda: CafeIdea.objects.get(pk=idea.pk).status
        )()
        assert status == CafeIdeaStatus.VISIBLE
        await moderator.send_json_to({**hide, "id": "f1"})
        ack = await moderator.receive_json_from(timeout=5)
        assert ack["type"] == "ack" and ack["data"] == {"idea": idea.pk, "hidden": True}
        frame = await next_event(participant, "cafe.idea_removed")
        assert frame["data"] == {"idea": idea.pk, "table": tables[0].pk}
    finally:
        await participant.disconnect()
        await moderator.disconnect()


async def test_check_in_reaches_the_facilitators_console_stream_only(
    fresh_layer, cafe_setup, facilitator
):
    event, people, _tables, _rounds = cafe_setup
    console, participant = await open_socket(facilitator), await open_socket(people[0])
    try:
        await subscribe(console, event.console_stream())
        await participant.send_json_to(
            {"action": "subscribe", "stream": event.console_stream()}
        )
        refused = await participant.receive_json_from(timeout=5)
        assert refused["type"] == "error"
        registration = await database_sync_to_async(
            lambda: event.registrations.get(user=people[1])
        )()
        await database_sync_to_async(services.registration_check_in)(
            event=event, user=facilitator, registration=registration
        )
        frame = await next_event(console, "cafe.attendance_changed")
        assert frame["data"] == {}  # names stay off the stream
    finally:
        await console.disconnect()
        await participant.disconnect()
