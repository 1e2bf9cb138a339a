"""A client action from a real browser: request() through the Daphne process,
answered once even when the connection drops before the answer arrives."""

import json
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from cms.live.actions import register_action
from cms.live.models import ActionReceipt, StreamEvent
from cms.live.publisher import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TALLY = "test.tally"


def count_vote(viewer, data):
    event = publish(TALLY, "tally.counted", {"vote": data.get("vote")})
    if event.seq == 1:
        # Time for the test to cut the connection before the answer is sent.
        time.sleep(1.0)
    return {"seq": event.seq}


# At import, before the server process is forked from this one: it inherits the
# registration (a fixture would register it in this process only).
register_action(
    "test.tally_vote", handler=count_vote, permission=lambda viewer, data: True
)


def test_vote_sent_again_after_a_reconnect_counts_once(new_context, live_server_url):
    session = SessionStore()
    session["visited"] = True
    session.save()
    context = new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server_url}]
    )
    page = context.new_page()
    sent = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda payload: sent.append(json.loads(payload))),
    )
    page.goto("/szukaj/")
    page.evaluate(
        """() => import("/static/js/live.js").then((live) => {
             window.vote = live.request("test.tally_vote", {vote: "tak"}).then(
               (data) => ({data}), (error) => ({code: error.code}));
           })"""
    )
    while not sent:
        page.wait_for_timeout(20)
    context.set_offline(True)  # the first answer is lost with the connection
    status = page.locator("[data-live-status]")
    expect(status).to_have_attribute("data-live-state", "offline")
    context.set_offline(False)

    assert page.evaluate("window.vote") == {"data": {"seq": 1}}
    requests = [frame for frame in sent if frame["action"] == "request"]
    assert len(requests) == 2
    assert requests[0]["key"] == requests[1]["key"]
    assert StreamEvent.objects.filter(stream__name=TALLY).count() == 1
    assert ActionReceipt.objects.count() == 1
