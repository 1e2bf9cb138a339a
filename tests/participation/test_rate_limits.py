"""Every write a person can repeat has a per-user limit (settings.WRITE_RATE_LIMITS):
past it the view answers 429 with the reason, in JSON and on a page, and nothing
is written; other people keep their own budget."""

import pytest

from participation import services
from participation.models import Comment, CommentFlag, CommentSupport

from .test_services import events
from .test_views import JSON, comment_by, pl, post_comment

pytestmark = pytest.mark.django_db

TOO_OFTEN = "You are doing that too often. Wait a minute and try again."


def assert_too_often(response) -> None:
    assert response.status_code == 429
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["error"] == pl(TOO_OFTEN)
    else:
        assert pl(TOO_OFTEN) in response.content.decode()


@pytest.fixture
def page_url(target):
    return f"/watek-testowy/{target.pk}/"


@pytest.fixture
def third(make_user):
    return make_user("trzecia@example.org", display_name="Celina Trzecia")


def test_reply_past_the_limit_is_429_and_saves_nothing(
    client, target, resident, neighbour, third, page_url, write_limit
):
    write_limit("reply", 1)
    top = comment_by(target, neighbour)
    client.force_login(resident)
    url = f"/udzial/komentarze/{top.pk}/odpowiedz/"
    assert client.post(url, {"text": "Pierwsza"}, **JSON).status_code == 201
    before = len(events(target))

    assert_too_often(client.post(url, {"text": "Druga"}, **JSON))
    assert_too_often(client.post(url, {"text": "Trzecia", "next": page_url}))

    assert Comment.objects.filter(parent=top).count() == 1
    assert len(events(target)) == before
    client.force_login(third)
    assert client.post(url, {"text": "Moja"}, **JSON).status_code == 201


def test_comment_past_the_limit_leaves_other_people_alone(
    client, target, resident, neighbour, page_url, write_limit
):
    write_limit("comment", 1)
    client.force_login(resident)
    assert post_comment(client, target, page_url, json=True).status_code == 201

    assert_too_often(post_comment(client, target, page_url))

    client.force_login(neighbour)
    assert post_comment(client, target, page_url, json=True).status_code == 201
    assert Comment.objects.filter(author=resident).count() == 1


def test_edit_past_the_limit_is_429_and_keeps_the_text(
    client, target, resident, neighbour, write_limit
):
    write_limit("edit", 1)
    mine = comment_by(target, resident, "Wersja 1")
    theirs = comment_by(target, neighbour, "Cudza")
    client.force_login(resident)
    url = f"/udzial/komentarze/{mine.pk}/edytuj/"
    assert client.post(url, {"text": "Wersja 2"}, **JSON).status_code == 200
    before = len(events(target))

    assert_too_often(client.post(url, {"text": "Wersja 3"}, **JSON))
    assert_too_often(client.post(url, {"text": "Wersja 3"}))

    mine.refresh_from_db()
    assert "Wersja 2" in mine.text
    assert len(events(target)) == before
    client.force_login(neighbour)
    other = f"/udzial/komentarze/{theirs.pk}/edytuj/"
    assert client.post(other, {"text": "Poprawiona"}, **JSON).status_code == 200


def test_support_toggles_past_the_limit_are_429_and_change_nothing(
    client, target, resident, neighbour, third, page_url, write_limit
):
    write_limit("support", 2)
    comment = comment_by(target, resident)
    client.force_login(neighbour)
    url = f"/udzial/komentarze/{comment.pk}/poparcie/"
    assert client.post(url, {"support": "1"}, **JSON).status_code == 200
    assert client.post(url, {"support": "0"}, **JSON).status_code == 200

    assert_too_often(client.post(url, {"support": "1"}, **JSON))
    # Without JavaScript: the 429 page, with the way back to the thread.
    response = client.post(url, {"support": "1", "next": page_url})
    assert_too_often(response)
    assert f'href="{page_url}"' in response.content.decode()

    assert not CommentSupport.objects.exists()
    comment.refresh_from_db()
    assert comment.support_count == 0
    client.force_login(third)
    assert client.post(url, {"support": "1"}, **JSON).json()["support_count"] == 1


def test_flag_past_the_limit_is_429_and_stores_no_report(
    client, target, resident, neighbour, third, write_limit
):
    write_limit("flag", 1)
    first, second = comment_by(target, resident, "1"), comment_by(target, resident, "2")
    client.force_login(neighbour)

    def flag(comment, **extra):
        return client.post(
            f"/udzial/komentarze/{comment.pk}/zglos/", {"reason": "Spam"}, **extra
        )

    assert flag(first, **JSON).status_code == 200
    assert_too_often(flag(second, **JSON))
    assert_too_often(flag(second))

    assert list(CommentFlag.objects.values_list("comment", flat=True)) == [first.pk]
    client.force_login(third)
    assert flag(second, **JSON).status_code == 200


def test_delete_past_the_limit_is_429_and_keeps_the_comment(
    client, target, resident, neighbour, page_url, write_limit
):
    write_limit("delete", 1)
    first, second = comment_by(target, resident, "1"), comment_by(target, resident, "2")
    theirs = comment_by(target, neighbour, "Cudza")
    client.force_login(resident)

    def delete(comment, **extra):
        return client.post(
            f"/udzial/komentarze/{comment.pk}/usun/",
            {"confirm": "1", "next": page_url},
            **extra,
        )

    assert delete(first, **JSON).status_code == 200
    assert_too_often(delete(second, **JSON))
    assert_too_often(delete(second))

    second.refresh_from_db()
    assert second.deleted_at is None
    client.force_login(neighbour)
    assert delete(theirs, **JSON).status_code == 200


def test_limits_are_per_kind(target, resident, neighbour, write_limit):
    write_limit("support", 1)
    mine = comment_by(target, resident)
    services.comment_support(user=neighbour, comment=mine, support=True)

    # Supports spent, comments still allowed.
    comment_by(target, neighbour, "Własna uwaga")
