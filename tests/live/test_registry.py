import pytest

from cms.live import registry
from cms.live.registry import register_stream, resolve, stream_name, unregister_stream


@pytest.fixture
def rooms():
    def can_read(user, key):
        return True

    register_stream("test.rooms", can_read)
    register_stream("test.rooms.archive", can_read)
    yield can_read
    unregister_stream("test.rooms")
    unregister_stream("test.rooms.archive")


def test_stream_name_joins_prefix_and_key():
    assert stream_name("consultations.consultation", 42) == (
        "consultations.consultation.42"
    )
    assert stream_name("consultations.consultation", "a-b_c") == (
        "consultations.consultation.a-b_c"
    )
    assert stream_name("cms.whatsnew") == "cms.whatsnew"
    assert stream_name("events.event", 0) == "events.event.0"


@pytest.mark.parametrize(
    ("prefix", "key"),
    [
        ("consultations.consultation", "1.2"),  # resolve would split it elsewhere
        ("consultations.consultation", "a b"),
        ("consultations.consultation", None),
        ("consultations.consultation", True),
        ("consultations consultation", 1),
        ("consultations..consultation", 1),
        (".consultations", 1),
        ("consultations.", 1),
        ("x" * 95, 1),  # Channels group names must stay under 100 characters
    ],
)
def test_stream_name_refuses_what_is_no_valid_group_name(prefix, key):
    with pytest.raises(ValueError):
        stream_name(prefix, key)


def test_resolve_finds_the_check_and_key(rooms):
    assert resolve(stream_name("test.rooms", 7)) == (rooms, "7")
    assert resolve("test.rooms") == (rooms, "")
    # A registered longer prefix wins for its bare name.
    assert resolve("test.rooms.archive") == (rooms, "")
    assert resolve("test.rooms.archive.3") == (rooms, "3")


@pytest.mark.parametrize(
    "name",
    ["test.other.1", "test", "test.rooms.", "test.rooms.1.2", "", "tést.rooms.1", 5],
)
def test_resolve_refuses_names_nobody_owns(rooms, name):
    assert resolve(name) is None


def test_register_stream_refuses_invalid_prefixes():
    for prefix in ("", "a b", "a..b", "a.", "x" * 91):
        with pytest.raises(ValueError):
            register_stream(prefix, lambda user, key: True)
    assert not any(prefix in registry._registry for prefix in ("", "a b"))


def test_home_feed_stream_is_registered():
    assert resolve("cms.whatsnew") is not None


def test_names_with_a_trailing_newline_are_refused(rooms):
    # "$" also matches before a final "\n": names must match whole.
    assert not registry.is_valid_name("test.rooms.7\n")
    assert resolve("test.rooms.7\n") is None
    assert resolve("test.rooms\n") is None
    with pytest.raises(ValueError):
        stream_name("test.rooms", "7\n")
    with pytest.raises(ValueError):
        stream_name("test.rooms\n", 7)
    with pytest.raises(ValueError):
        register_stream("test.newline\n", lambda user, key: True)


def test_action_names_tokens_and_event_types_match_whole():
    from cms.live import actions, events

    assert actions.is_token("retry-1")
    assert not actions.is_token("retry-1\n")
    with pytest.raises(ValueError):
        events.declare_events("tests", "testnewline.created\n")
    with pytest.raises(ValueError):
        actions.register_action("testnewline.create\n", handler=print, permission=print)
