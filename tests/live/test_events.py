"""The apps' event catalogues and the check publish() makes against them."""

import importlib

import pytest

from cms.live import events
from cms.live.publisher import publish

CATALOGUES = [
    "cms.live_events",
    "consultations.live_events",
    "participation.live_events",
]


@pytest.fixture
def fresh_catalogue(monkeypatch):
    monkeypatch.setattr(events, "_declared", set())
    monkeypatch.setattr(events, "_owners", {})


@pytest.mark.parametrize("module", CATALOGUES)
def test_every_declared_event_is_documented_in_its_catalogue(module):
    catalogue = importlib.import_module(module)
    assert catalogue.EVENTS
    for event_type in catalogue.EVENTS:
        assert f"  {event_type}  " in catalogue.__doc__, event_type


@pytest.mark.django_db
def test_publishing_an_undeclared_type_in_a_claimed_namespace_fails():
    importlib.import_module("participation.live_events")
    with pytest.raises(ValueError, match="not declared"):
        publish("test.room.1", "comment.craeted", {"id": 1})
    # Namespaces no app claims (like the tests' own) are not checked.
    assert publish("test.room.1", "message.posted", {}).seq == 1


def test_a_namespace_belongs_to_one_app(fresh_catalogue):
    events.declare_events("polls", "poll.opened")
    events.declare_events("polls", "poll.closed")
    with pytest.raises(ValueError, match="belongs to polls"):
        events.declare_events("jury", "poll.drawn")


@pytest.mark.parametrize("event_type", ["created", "Comment.created", "comment."])
def test_event_types_are_namespaced(fresh_catalogue, event_type):
    with pytest.raises(ValueError):
        events.declare_events("app", event_type)
