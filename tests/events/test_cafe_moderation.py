"""Café ideas moderated: a facilitator (and a table's host, at their table)
hides an idea with a preset reason and words, logged in the one moderation
log; the author deletes their own while the round runs. Hidden and deleted
ideas leave every screen, their dots stop counting and they are not
harvested; everyone else is refused and nothing changes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cms.live.models import StreamEvent
from events import services
from events.models import CafeDot, CafeIdea, CafeIdeaStatus, CafeSeat
from events.selectors import cafe_view
from participation.models import ModerationAction, ModerationLogEntry
from tests.consultations.factories import make_consultation

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
def host(make_user):
    return make_user("host@example.org", display_name="Halina Gospodyni")


@pytest.fixture
def cafe(facilitator, people, host):
    event = make_cafe(
        facilitator=facilitator, consultation=make_consultation("Program 2027")
    )
    register_all(event, [*people, host])
    return event


@pytest.fixture
def running(cafe, facilitator, host):
    """Two tables (the first hosted), round 1 running."""
    tables, rounds = set_up(cafe, facilitator, tables=2, size=3, hosts=[host])
    services.cafe_round_start(user=facilitator, round_=rounds[0])
    return tables, rounds


def seated(person):
    return CafeSeat.objects.select_related("table").get(user=person).table


def removed_frames(event):
    return list(
        StreamEvent.objects.filter(
            stream__name=event.live_stream(), type="cafe.idea_removed"
        ).values_list("payload", flat=True)
    )


# --- hiding ---------------------------------------------------------------------
def test_facilitator_hides_an_idea_with_a_reason_in_the_moderation_log(
    cafe, running, facilitator, people, settings
):
    settings.CAFE_DOTS_PER_ROUND = 1
    tables, _rounds = running
    idea = services.cafe_idea_add(user=facilitator, table=tables[1], text="Reklama")
    other = services.cafe_idea_add(user=facilitator, table=tables[1], text="Ławki")
    services.cafe_dot_toggle(user=people[0], idea=idea, on=True)

    services.cafe_idea_hide(
        user=facilitator, idea=idea, category="spam", reason="link do sklepu"
    )

    idea.refresh_from_db()
    assert idea.status == CafeIdeaStatus.HIDDEN
    assert idea.hidden_reason == "Spam lub reklama: link do sklepu"
    entry = ModerationLogEntry.objects.get(
        target_type=ContentType.objects.get_for_model(CafeIdea), target_id=idea.pk
    )
    assert (entry.action, entry.moderator, entry.reason) == (
        ModerationAction.HIDE,
        facilitator,
        "Spam lub reklama: link do sklepu",
    )
    assert removed_frames(cafe) == [{"idea": idea.pk, "table": tables[1].pk}]
    # Gone from the participant's view; the dot on it is theirs again.
    view = cafe_view(cafe, people[0])
    assert [i.pk for i in view.ideas] == [other.pk]
    assert view.dots_left == 1 and idea.pk not in view.my_dots
    assert services.cafe_dot_toggle(user=people[0], idea=other, on=True)["dotted"]
    with pytest.raises(ValidationError, match="ukryty"):
        services.cafe_dot_toggle(user=people[1], idea=idea, on=True)
    # Hiding twice logs once.
    services.cafe_idea_hide(user=facilitator, idea=idea, category="spam")
    assert ModerationLogEntry.objects.filter(target_id=idea.pk).count() == 1


def test_host_hides_at_their_table_only(cafe, running, facilitator, host):
    tables, _rounds = running
    mine = services.cafe_idea_add(user=facilitator, table=tables[0], text="A")
    theirs = services.cafe_idea_add(user=facilitator, table=tables[1], text="B")
    services.cafe_idea_hide(user=host, idea=mine, category="off_topic")
    assert CafeIdea.objects.get(pk=mine.pk).hidden_reason == "Poza tematem"
    with pytest.raises(PermissionDenied):
        services.cafe_idea_hide(user=host, idea=theirs, category="off_topic")
    assert CafeIdea.objects.get(pk=theirs.pk).status == CafeIdeaStatus.VISIBLE


def test_participant_cannot_hide_and_nothing_changes(
    cafe, running, facilitator, people
):
    person = people[0]
    idea = services.cafe_idea_add(user=person, table=seated(person), text="Mój")
    for who in (person, people[1]):
        with pytest.raises(PermissionDenied):
            services.cafe_idea_hide(user=who, idea=idea, category="spam")
    assert CafeIdea.objects.get(pk=idea.pk).status == CafeIdeaStatus.VISIBLE
    assert not ModerationLogEntry.objects.exists() and not removed_frames(cafe)


def test_something_else_needs_words_and_an_unknown_preset_is_refused(
    cafe, running, facilitator
):
    tables, _rounds = running
    idea = services.cafe_idea_add(user=facilitator, table=tables[0], text="A")
    with pytest.raises(ValidationError) as error:
        services.cafe_idea_hide(user=facilitator, idea=idea, category="other")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.cafe_idea_hide(user=facilitator, idea=idea, category="nope")
    assert "category" in error.value.message_dict
    services.cafe_idea_hide(
        user=facilitator, idea=idea, category="other", reason="<b>Powtórzony</b>"
    )
    assert CafeIdea.objects.get(pk=idea.pk).hidden_reason == "Powtórzony"


def test_hidden_ideas_are_not_harvested_and_harvested_ones_not_hidden(
    cafe, running, facilitator
):
    tables, _rounds = running
    hidden = services.cafe_idea_add(user=facilitator, table=tables[0], text="Ukryty")
    kept = services.cafe_idea_add(user=facilitator, table=tables[0], text="Dobry")
    services.cafe_idea_hide(user=facilitator, idea=hidden, category="spam")
    with pytest.raises(ValidationError):
        services.cafe_harvest(user=facilitator, event=cafe, ideas=[hidden])
    comments = services.cafe_harvest(user=facilitator, event=cafe, ideas=[hidden, kept])
    assert len(comments) == 1 and comments[0].text.startswith("<p>Dobry</p>")
    assert CafeIdea.objects.get(pk=hidden.pk).harvested_comment is None
    with pytest.raises(ValidationError, match="trafił już do konsultacji"):
        services.cafe_idea_hide(user=facilitator, idea=kept, category="spam")


def test_hiding_is_rate_limited(cafe, running, facilitator, write_limit):
    write_limit("cafe_idea_hide", 1)
    tables, _rounds = running
    first, second = (
        services.cafe_idea_add(user=facilitator, table=tables[0], text=t)
        for t in ("A", "B")
    )
    services.cafe_idea_hide(user=facilitator, idea=first, category="spam")
    with pytest.raises(ValidationError, match="zbyt często"):
        services.cafe_idea_hide(user=facilitator, idea=second, category="spam")
    assert CafeIdea.objects.get(pk=second.pk).status == CafeIdeaStatus.VISIBLE


# --- deleting one's own -------------------------------------------------------------
def test_author_deletes_their_idea_while_the_round_runs(
    cafe, running, facilitator, people
):
    author, other = people[0], people[1]
    idea = services.cafe_idea_add(user=author, table=seated(author), text="Mój")
    services.cafe_dot_toggle(user=other, idea=idea, on=True)
    with pytest.raises(PermissionDenied):
        services.cafe_idea_delete(user=other, idea=idea)
    services.cafe_idea_delete(user=author, idea=idea)
    assert not CafeIdea.objects.filter(pk=idea.pk).exists()
    assert not CafeDot.objects.exists()
    assert removed_frames(cafe) == [{"idea": idea.pk, "table": idea.table_id}]


def test_after_its_round_the_idea_stays(cafe, running, facilitator, people):
    _tables, rounds = running
    author = people[0]
    idea = services.cafe_idea_add(user=author, table=seated(author), text="Mój")
    services.cafe_round_finish(user=facilitator, round_=rounds[0])
    with pytest.raises(PermissionDenied, match="w trakcie jego rundy"):
        services.cafe_idea_delete(user=author, idea=idea)
    assert CafeIdea.objects.filter(pk=idea.pk).exists()


# --- pages, without JavaScript ------------------------------------------------------
def test_participants_post_to_hide_is_403_and_changes_nothing(
    client, cafe, running, facilitator, people
):
    tables, _rounds = running
    idea = services.cafe_idea_add(user=facilitator, table=tables[0], text="Ławki")
    client.force_login(people[0])
    response = client.post(url("cafe_idea_hide", cafe, idea.pk), {"category": "spam"})
    assert response.status_code == 403
    response = client.post(
        url("cafe_idea_hide", cafe, idea.pk),
        {"category": "spam"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403 and response.json()["error"]
    assert CafeIdea.objects.get(pk=idea.pk).status == CafeIdeaStatus.VISIBLE
    assert "Ukryj pomysł" not in client.get(url("cafe_table", cafe)).content.decode()


def test_facilitator_hides_from_the_console_and_the_wall_loses_it(
    client, cafe, running, facilitator
):
    tables, _rounds = running
    idea = services.cafe_idea_add(user=facilitator, table=tables[0], text="Reklama X")
    client.force_login(facilitator)
    console = url("cafe", cafe)
    assert "Ukryj pomysł" in client.get(console).content.decode()
    response = client.post(
        url("cafe_idea_hide", cafe, idea.pk),
        {"category": "offensive", "reason": "wulgaryzmy", "next": console},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == console
    assert "Pomysł ukryto." in html
    assert "1 ukryty pomysł" in html
    assert "Obraźliwy lub napastliwy: wulgaryzmy" in html
    assert f'name="ideas" value="{idea.pk}"' not in html  # not in the harvest
    assert "Reklama X" not in client.get(url("cafe_wall", cafe)).content.decode()
    # "Something else" without words: a message with the way back, no change.
    other = services.cafe_idea_add(user=facilitator, table=tables[0], text="Inny")
    response = client.post(
        url("cafe_idea_hide", cafe, other.pk), {"category": "other", "reason": ""}
    )
    assert response.status_code == 400
    assert "Napisz krótko, dlaczego ukrywasz pomysł." in response.content.decode()
    assert CafeIdea.objects.get(pk=other.pk).status == CafeIdeaStatus.VISIBLE


def test_host_view_offers_hide_at_their_table_and_authors_delete_theirs(
    client, cafe, running, facilitator, host, people
):
    tables, _rounds = running
    at_host = services.cafe_idea_add(user=facilitator, table=tables[0], text="Tu")
    elsewhere = services.cafe_idea_add(user=facilitator, table=tables[1], text="Tam")
    client.force_login(host)
    html = client.get(url("cafe_table", cafe)).content.decode()
    assert url("cafe_idea_hide", cafe, at_host.pk) in html
    assert url("cafe_idea_hide", cafe, elsewhere.pk) not in html
    response = client.post(
        url("cafe_idea_hide", cafe, elsewhere.pk), {"category": "spam"}
    )
    assert response.status_code == 403

    author = people[0]
    mine = services.cafe_idea_add(user=author, table=seated(author), text="Moje")
    client.force_login(author)
    html = client.get(url("cafe_table", cafe)).content.decode()
    assert url("cafe_idea_delete", cafe, mine.pk) in html
    assert url("cafe_idea_delete", cafe, at_host.pk) not in html
    response = client.post(url("cafe_idea_delete", cafe, mine.pk), follow=True)
    assert "Usunięto Twój pomysł." in response.content.decode()
    assert not CafeIdea.objects.filter(pk=mine.pk).exists()
    response = client.post(url("cafe_idea_delete", cafe, at_host.pk))
    assert response.status_code == 403


def test_deleting_is_rate_limited(cafe, running, people, write_limit):
    write_limit("cafe_idea_delete", 1)
    author = people[0]
    first, second = (
        services.cafe_idea_add(user=author, table=seated(author), text=t)
        for t in ("A", "B")
    )
    services.cafe_idea_delete(user=author, idea=first)
    with pytest.raises(ValidationError, match="zbyt często"):
        services.cafe_idea_delete(user=author, idea=second)
    assert CafeIdea.objects.filter(pk=second.pk).exists()
