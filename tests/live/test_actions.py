"""Client actions on the live socket, driven through the real cms.asgi.application."""

import logging
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cms.live import actions
from cms.live.actions import register_action, unregister_action
from cms.live.models import ActionReceipt, StreamEvent
from cms.live.publisher import publish
from cms.live.services import receipts_prune

from .conftest import session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTES = "test.room.notes"


class NoteForm(forms.Form):
    text = forms.CharField(max_length=20)


def add_note(viewer, data):
    """The kind of handler an app writes: one write (here an event), one result."""
    event = publish(NOTES, "note.added", {"text": data["text"]})
    return {"seq": event.seq, "text": data["text"]}


def refuse(viewer, data):
    raise PermissionDenied("Zapisy na dziś zamknięte.")


def crash(viewer, data):
    raise RuntimeError("a bug in the handler")


def write_then_refuse(viewer, data):
    publish(NOTES, "note.added", {"text": "never"})
    raise ValidationError({"text": "Za późno."})


def support_too_often(viewer, data):
    # What a service raises past settings.WRITE_RATE_LIMITS.
    raise ValidationError("Robisz to zbyt często.", code="rate_limited")


def anyone(viewer, data):
    return True


TEST_ACTIONS = {
    "test.note_add": {"handler": add_note, "permission": anyone, "form": NoteForm},
    "test.members_note": {
        "handler": add_note,
        "permission": lambda viewer, data: viewer.user.is_authenticated,
        "form": NoteForm,
    },
    "test.refused": {"handler": refuse, "permission": anyone},
    "test.crash": {"handler": crash, "permission": anyone},
    "test.late": {"handler": write_then_refuse, "permission": anyone},
    "test.too_often": {"handler": support_too_often, "permission": anyone},
    "test.limited": {
        "handler": lambda viewer, data: {"ok": True},
        "permission": anyone,
        "rate_limit": (2, 60),
    },
}


@pytest.fixture(autouse=True)
def test_actions():
    cache.clear()  # the per-action rate limits count in the cache
    for name, options in TEST_ACTIONS.items():
        register_action(name, **options)
    yield
    for name in TEST_ACTIONS:
        unregister_action(name)


async def ask(ws, name, data=None, *, key=None, request_id="r1") -> dict:
    frame = {"action": "request", "id": request_id, "name": name}
    if data is not None:
        frame["data"] = data
    if key is not None:
        frame["key"] = key
    await ws.send_json_to(frame)
    return await ws.receive_json_from()


def assert_error(frame: dict, code: str, request_id: str | None = "r1") -> None:
    assert frame["type"] == "error", frame
    assert frame["code"] == code, frame
    assert frame.get("id") == request_id, frame
    assert isinstance(frame["message"], str) and frame["message"]


async def assert_still_answers(ws) -> None:
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}


@database_sync_to_async
def note_count() -> int:
    return StreamEvent.objects.filter(stream__name=NOTES).count()


@database_sync_to_async
def receipt_count() -> int:
    return ActionReceipt.objects.count()


@database_sync_to_async
def anonymous_session_cookie() -> bytes:
    session = SessionStore()
    session["visited"] = True
    session.save()
    return f"sessionid={session.session_key}".encode()


@pytest.fixture
async def user_cookie(make_user):
    user = await database_sync_to_async(make_user)("voter@example.org")
    return await session_cookie_for(user)


# --- answers -------------------------------------------------------------------
async def test_request_is_acknowledged_with_the_handlers_result(live_socket):
    async with live_socket() as ws:
        reply = await ask(ws, "test.note_add", {"text": "Dzień dobry"})
    assert reply == {
        "type": "ack",
        "id": "r1",
        "data": {"seq": 1, "text": "Dzień dobry"},
    }
    assert await note_count() == 1


async def test_permission_function_refusing_is_forbidden(live_socket):
    async with live_socket() as ws:
        reply = await ask(ws, "test.members_note", {"text": "x"})
        assert_error(reply, "forbidden")
        assert reply["message"] == "Nie możesz tego zrobić."
        await assert_still_answers(ws)
    assert await note_count() == 0


async def test_service_refusing_is_forbidden_with_its_reason(live_socket):
    async with live_socket() as ws:
        reply = await ask(ws, "test.refused")
    assert_error(reply, "forbidden")
    assert reply["message"] == "Zapisy na dziś zamknięte."


async def test_invalid_data_answers_per_field_messages_in_polish(live_socket):
    async with live_socket() as ws:
        reply = await ask(ws, "test.note_add", {"text": ""})
        assert_error(reply, "invalid")
        assert reply["fields"] == {"text": ["To pole jest wymagane."]}
        assert reply["message"] == "Popraw zaznaczone pola."
        await assert_still_answers(ws)


async def test_invalid_data_follows_the_connections_language(live_socket):
    async with live_socket(path="/ws/live/?lang=en") as ws:
        reply = await ask(ws, "test.note_add", {"text": "x" * 21})
    assert reply["fields"] == {
        "text": ["Ensure this value has at most 20 characters (it has 21)."]
    }


async def test_unknown_action_name_is_answered_with_the_request_id(live_socket):
    async with live_socket() as ws:
        assert_error(await ask(ws, "test.dance"), "unknown_action")
        assert_error(await ask(ws, ["test.note_add"]), "unknown_action")
        await assert_still_answers(ws)


async def test_crashing_handler_is_a_server_error_and_the_socket_stays(
    live_socket, caplog
):
    with caplog.at_level(logging.ERROR, logger="cms.live.consumers"):
        async with live_socket() as ws:
            assert_error(await ask(ws, "test.crash"), "server_error")
            await assert_still_answers(ws)
            assert (await ask(ws, "test.note_add", {"text": "a"}))["type"] == "ack"
    assert "a bug in the handler" in caplog.text


@pytest.mark.parametrize(
    ("frame", "answered_id"),
    [
        ({"name": "test.note_add"}, None),
        ({"id": "", "name": "test.note_add"}, None),
        ({"id": "x" * 65, "name": "test.note_add"}, None),
        ({"id": 7, "name": "test.note_add"}, None),
        ({"id": "r1", "name": "test.note_add", "data": [1]}, "r1"),
        ({"id": "r1", "name": "test.note_add", "data": "text"}, "r1"),
        ({"id": "r1", "name": "test.note_add", "key": "a b"}, "r1"),
        ({"id": "r1", "name": "test.note_add", "key": 12}, "r1"),
    ],
    ids=[
        "no-id",
        "empty-id",
        "long-id",
        "number-id",
        "data-list",
        "data-string",
        "key-space",
        "key-number",
    ],
)
async def test_bad_request_shapes_are_malformed(live_socket, frame, answered_id):
    async with live_socket() as ws:
        await ws.send_json_to({"action": "request", **frame})
        assert_error(await ws.receive_json_from(), "malformed", answered_id)
        await assert_still_answers(ws)
    assert await note_count() == 0


# --- idempotency ---------------------------------------------------------------
async def test_same_key_twice_writes_once_and_answers_the_same(
    live_socket, user_cookie
):
    async with live_socket(cookie=user_cookie) as ws:
        first = await ask(ws, "test.note_add", {"text": "głos"}, key="k-1")
        again = await ask(
            ws, "test.note_add", {"text": "głos"}, key="k-1", request_id="r2"
        )
    # A retry from another socket of the same person (a reconnect, maybe to
    # another server process) finds the receipt in the database.
    async with live_socket(cookie=user_cookie) as other:
        elsewhere = await ask(
            other, "test.note_add", {"text": "głos"}, key="k-1", request_id="r3"
        )
    assert (
        first["data"]
        == again["data"]
        == elsewhere["data"]
        == {
            "seq": 1,
            "text": "głos",
        }
    )
    assert (again["id"], elsewhere["id"]) == ("r2", "r3")
    assert await note_count() == 1
    assert await receipt_count() == 1


async def test_keys_belong_to_one_person(live_socket, user_cookie):
    async with live_socket(cookie=user_cookie) as mine:
        await ask(mine, "test.note_add", {"text": "a"}, key="shared-key")
    async with live_socket(cookie=await anonymous_session_cookie()) as theirs:
        reply = await ask(theirs, "test.note_add", {"text": "b"}, key="shared-key")
    assert reply["data"] == {"seq": 2, "text": "b"}
    assert await note_count() == 2


async def test_failed_request_stores_no_receipt_and_may_be_retried(
    live_socket, user_cookie
):
    async with live_socket(cookie=user_cookie) as ws:
        reply = await ask(ws, "test.late", key="k-late")
        assert_error(reply, "invalid")
        assert reply["fields"] == {"text": ["Za późno."]}
        # The handler's write rolled back with it, and nothing remembers the key.
        assert await note_count() == 0
        assert await receipt_count() == 0
        assert_error(await ask(ws, "test.late", key="k-late"), "invalid")

        assert_error(await ask(ws, "test.note_add", {}, key="k-2"), "invalid")
        reply = await ask(ws, "test.note_add", {"text": "ok"}, key="k-2")
        assert reply["type"] == "ack"


async def test_concurrent_duplicate_gets_the_winners_answer(
    live_socket, user_cookie, monkeypatch
):
    """Two processes run the same keyed request at once: the receipt's unique
    constraint stops the one that commits second, whose writes roll back."""
    async with live_socket(cookie=user_cookie) as ws:
        await ask(ws, "test.note_add", {"text": "winner"}, key="k-race")
        assert await note_count() == 1

        # The loser looked before the winner committed, so it saw no receipt.
        original = actions._stored_answer
        looks = []

        def not_yet_committed(*args):
            looks.append(args)
            return None if len(looks) == 1 else original(*args)

        monkeypatch.setattr(actions, "_stored_answer", not_yet_committed)
        reply = await ask(ws, "test.note_add", {"text": "loser"}, key="k-race")

    assert reply == {"type": "ack", "id": "r1", "data": {"seq": 1, "text": "winner"}}
    assert await note_count() == 1
    assert await receipt_count() == 1


async def test_key_used_for_another_action_is_refused(live_socket, user_cookie):
    async with live_socket(cookie=user_cookie) as ws:
        await ask(ws, "test.note_add", {"text": "a"}, key="k-1")
        assert_error(await ask(ws, "test.limited", key="k-1"), "malformed")


async def test_anonymous_visitor_with_a_session_can_use_keys(live_socket):
    cookie = await anonymous_session_cookie()
    async with live_socket(cookie=cookie) as ws:
        first = await ask(ws, "test.note_add", {"text": "gość"}, key="k-anon")
    async with live_socket(cookie=cookie) as again:
        second = await ask(again, "test.note_add", {"text": "gość"}, key="k-anon")
    assert first["data"] == second["data"]
    assert await note_count() == 1
    principal = await database_sync_to_async(
        ActionReceipt.objects.values_list("principal", flat=True).get
    )()
    # The receipt names the session without holding its key.
    assert principal.startswith("session:")
    assert cookie.decode().split("=")[1] not in principal


@pytest.mark.parametrize("cookie", [None, b"sessionid=forged-session-key-123"])
async def test_visitor_without_a_session_cannot_use_keys(live_socket, cookie):
    async with live_socket(cookie=cookie) as ws:
        assert_error(
            await ask(ws, "test.note_add", {"text": "a"}, key="k-1"),
            "session_required",
        )
        # Without a key the action itself is open to them.
        assert (await ask(ws, "test.note_add", {"text": "a"}))["type"] == "ack"


# --- rate limits ---------------------------------------------------------------
async def test_action_rate_limit_is_shared_by_a_persons_sockets(
    live_socket, user_cookie
):
    async with (
        live_socket(cookie=user_cookie) as phone,
        live_socket(cookie=user_cookie) as laptop,
    ):
        assert (await ask(phone, "test.limited"))["type"] == "ack"
        assert (await ask(laptop, "test.limited"))["type"] == "ack"
        assert_error(await ask(laptop, "test.limited"), "rate_limited")
        assert_error(await ask(phone, "test.limited"), "rate_limited")
        # Other actions and other people keep their own allowance.
        assert (await ask(phone, "test.note_add", {"text": "a"}))["type"] == "ack"
        async with live_socket() as stranger:
            assert (await ask(stranger, "test.limited"))["type"] == "ack"


async def test_a_services_write_limit_is_answered_as_rate_limited(live_socket):
    async with live_socket() as ws:
        frame = await ask(ws, "test.too_often")
        assert_error(frame, "rate_limited")
        assert frame["message"] == "Robisz to zbyt często."
        assert "fields" not in frame or frame["fields"] == {}


async def test_retry_answered_from_a_receipt_does_not_spend_the_rate_limit(
    live_socket, user_cookie
):
    async with live_socket(cookie=user_cookie) as ws:
        for _ in range(3):
            assert (await ask(ws, "test.limited", key="k-once"))["type"] == "ack"
        assert (await ask(ws, "test.limited"))["type"] == "ack"
        assert_error(await ask(ws, "test.limited"), "rate_limited")


# --- registry and receipts -----------------------------------------------------
@pytest.mark.parametrize("name", ["vote", "Polls.vote", "polls.", "polls vote", ""])
def test_action_names_are_namespaced(name):
    with pytest.raises(ValueError):
        register_action(name, handler=add_note, permission=anyone)


def test_an_action_name_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        register_action("test.note_add", handler=add_note, permission=anyone)


def test_old_receipts_are_pruned(settings):
    settings.LIVE_RECEIPT_RETENTION = timedelta(hours=1)
    old = ActionReceipt.objects.create(principal="user:1", key="a", action="t.x")
    ActionReceipt.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    ActionReceipt.objects.create(principal="user:1", key="b", action="t.x")
    call_command("live_prune")
    assert list(ActionReceipt.objects.values_list("key", flat=True)) == ["b"]
    assert receipts_prune(older_than=timedelta(0)) == 1


def test_live_prune_deletes_old_events_but_keeps_streams_and_new_events(settings):
    settings.LIVE_EVENT_RETENTION = timedelta(hours=1)
    for n in range(3):
        publish(NOTES, "note.added", {"text": str(n)})
    StreamEvent.objects.filter(seq__lte=2).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    call_command("live_prune")
    assert list(StreamEvent.objects.values_list("seq", flat=True)) == [3]
    # The stream keeps counting where it was: pages rendered earlier stay valid.
    assert publish(NOTES, "note.added", {"text": "3"}).seq == 4
