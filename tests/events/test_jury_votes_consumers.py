"""Jury votes over the real socket (cms.asgi.application): a juror's ballot
is acknowledged without its option and leaves no receipt, the room learns
only how many have voted, and non-jurors, reserves, anonymous visitors and
jurors giving facilitators' commands get error frames with the reason."""

import pytest
from channels.db import database_sync_to_async

from cms.live.models import ActionReceipt
from events.models import JuryTally

from .jury_votes_factories import jury_with_jurors, recommendation_in_vote
from .test_cafe_consumers import fresh_layer, next_event, open_socket, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
__all__ = ["fresh_layer"]


@pytest.fixture
def voting(make_user, facilitator, settings):
    settings.LIVE_TALLY_SECONDS = 0
    jury, jurors, reserve, dropped = jury_with_jurors(make_user, facilitator)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    return jury, jurors, reserve, recommendation


def _vote(recommendation, option="yes", *, key="k1"):
    return {
        "action": "request",
        "id": "r1",
        "name": "jury.vote",
        "data": {"recommendation": recommendation.pk, "option": option},
        "key": key,
    }


async def _answer(ws):
    while True:
        frame = await ws.receive_json_from(timeout=5)
        if frame.get("type") in ("ack", "error"):
            return frame


async def test_a_ballot_over_the_socket_is_counted_not_shown(fresh_layer, voting):
    jury, jurors, _, recommendation = voting
    watcher, phone = await open_socket(), await open_socket(jurors[1])
    try:
        await subscribe(watcher, jury.event.live_stream())
        # Even with an idempotency key, nothing is kept of who voted when.
        await phone.send_json_to(_vote(recommendation, "no"))
        ack = await _answer(phone)
        assert ack["type"] == "ack", ack
        assert ack["data"] == {"voted": True, "voters": 1}
        frame = await next_event(watcher, "jury.voters")
        assert frame["data"] == {"recommendations": {str(recommendation.pk): 1}}
        assert not await database_sync_to_async(ActionReceipt.objects.exists)()
        tally = await database_sync_to_async(JuryTally.objects.get)(
            recommendation=recommendation
        )
        assert (tally.yes, tally.no) == (0, 1)
        # A second ballot from the same juror: an error frame, not a replay.
        await phone.send_json_to(_vote(recommendation, "yes"))
        again = await _answer(phone)
        assert again["type"] == "error" and "Już głosowałeś" in again["message"]
    finally:
        await watcher.disconnect()
        await phone.disconnect()


@pytest.mark.parametrize("who", ["anonymous", "reserve", "stranger"])
async def test_non_jurors_get_an_error_frame(fresh_layer, voting, make_user, who):
    jury, jurors, reserve, recommendation = voting
    user = {
        "anonymous": None,
        "reserve": reserve,
        "stranger": await database_sync_to_async(make_user)("obcy@example.org"),
    }[who]
    ws = await open_socket(user)
    try:
        await ws.send_json_to(_vote(recommendation, key=None))
        frame = await _answer(ws)
        assert frame["type"] == "error" and frame["code"] == "forbidden"
        assert (
            "Zaloguj się" in frame["message"]
            if who == "anonymous"
            else "Mogą to robić tylko członkowie panelu" in frame["message"]
        )
    finally:
        await ws.disconnect()


async def test_a_juror_cannot_close_the_vote(fresh_layer, voting):
    jury, jurors, _, recommendation = voting
    ws = await open_socket(jurors[0])
    try:
        await ws.send_json_to(
            {
                "action": "request",
                "id": "c1",
                "name": "jury.command",
                "data": {"name": "vote_close", "recommendation": recommendation.pk},
            }
        )
        frame = await _answer(ws)
        assert frame["type"] == "error" and frame["code"] == "forbidden"
        assert "Panel prowadzą tylko moderatorzy" in frame["message"]
    finally:
        await ws.disconnect()


async def test_the_facilitator_closes_and_the_room_sees_the_result(
    fresh_layer, voting, facilitator
):
    jury, jurors, _, recommendation = voting
    watcher, console = await open_socket(), await open_socket(facilitator)
    try:
        await subscribe(watcher, jury.event.live_stream())
        await console.send_json_to(
            {
                "action": "request",
                "id": "c1",
                "name": "jury.command",
                "data": {"name": "vote_close", "recommendation": recommendation.pk},
            }
        )
        assert (await _answer(console))["type"] == "ack"
        frame = await next_event(watcher, "jury.recommendation")
        assert frame["data"]["vote_status"] == "closed"
        assert frame["data"]["result"]["passed"] is False
    finally:
        await watcher.disconnect()
        await console.disconnect()
