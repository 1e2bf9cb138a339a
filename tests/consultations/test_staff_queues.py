"""Staff work queues: the officials' "Do odpowiedzi" page and the header
links with their counts (officials: comments to answer; moderators: reports)."""

from datetime import timedelta

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from consultations import selectors
from participation import services as participation
from participation.models import CommentFlag, CommentStatus, OfficialResponse

from .factories import add_comments, make_consultation

pytestmark = pytest.mark.django_db

QUEUE_URL = "/urzad/do-odpowiedzi/"


def counted(client, url) -> tuple[int, str]:
    """Queries and HTML of ``url``, asked a second time (caches warm). The log
    is emptied first: it keeps 9000 queries, and page fixtures make many."""
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert queries.captured_queries
    return len(queries), html


def aged(comments, *, days: int):
    """Moves the comments ``days`` into the past, keeping their order."""
    for i, comment in enumerate(comments):
        comment.created_at = timezone.now() - timedelta(days=days, minutes=-i)
        comment.save(update_fields=["created_at"])
    return comments


@pytest.fixture
def mine(department):
    return make_consultation("Zieleń miejska", department=department, act_text=None)


@pytest.fixture
def theirs(other_department):
    return make_consultation("Parkowanie", department=other_department, act_text=None)


def test_queue_lists_only_the_departments_unanswered_comments(
    mine, theirs, resident, official
):
    [answered, waiting] = add_comments(mine, resident, 2)
    OfficialResponse.objects.create(
        comment=answered, decision="accepted", reasoning="Tak", official=official
    )
    [reply] = add_comments(mine, resident, 1, parent=waiting)
    [hidden] = add_comments(
        mine, resident, 1, status=CommentStatus.HIDDEN, hidden_reason="Spam"
    )
    add_comments(theirs, resident, 3)

    groups = selectors.awaiting_response_groups(official)

    assert [(page.pk, [c.pk for c in rows]) for page, rows in groups] == [
        (mine.pk, [waiting.pk])
    ]
    assert selectors.awaiting_response_count(official) == 1


def test_queue_is_oldest_first_grouped_by_consultation(department, resident, official):
    first = make_consultation("Pierwsza", department=department, act_text=None)
    second = make_consultation("Druga", department=department, act_text=None)
    undepartmental = make_consultation("Bez wydziału", act_text=None)
    old_second = aged(add_comments(second, resident, 2), days=10)
    old_first = aged(add_comments(first, resident, 1), days=5)
    newer_second = aged(add_comments(second, resident, 1), days=1)
    aged(add_comments(undepartmental, resident, 1), days=3)

    groups = selectors.awaiting_response_groups(official)

    assert [page.title for page, _rows in groups] == [
        "Druga",
        "Pierwsza",
        "Bez wydziału",
    ]
    assert [c.pk for c in groups[0][1]] == [c.pk for c in old_second + newer_second]
    assert [c.pk for c in groups[1][1]] == [c.pk for c in old_first]


def test_queue_page_shows_groups_with_closing_date_and_count(
    client, mine, resident, official
):
    add_comments(mine, resident, 2)
    client.force_login(official)

    html = client.get(QUEUE_URL).content.decode()

    assert "<h1>Do odpowiedzi" in html
    assert "Zieleń miejska" in html
    assert "Uwagi można zgłaszać do" in html
    assert (
        f'datetime="{dateformat.format(timezone.localtime(mine.closes_at), "c")}"'
        in html
    )
    assert "2 komentarze czekają na odpowiedź urzędu" in html
    assert html.count('id="awaiting-comment-') == 2


def test_queue_page_is_for_officials_only(client, resident):
    assert client.get(QUEUE_URL).status_code == 302
    client.force_login(resident)
    assert client.get(QUEUE_URL).status_code == 403


def test_queue_page_queries_do_not_grow_with_rows(
    client, department, resident, official
):
    client.force_login(official)
    make = lambda title: make_consultation(  # noqa: E731
        title, department=department, act_text=None
    )
    add_comments(make("Jedna"), resident, 1)
    few, _html = counted(client, QUEUE_URL)
    for title in ("Druga", "Trzecia", "Czwarta"):
        add_comments(make(title), resident, 5)

    many, html = counted(client, QUEUE_URL)

    assert html.count('id="awaiting-comment-') == 16
    assert many == few


def test_header_count_only_for_officials(
    client, mine, resident, official, django_assert_max_num_queries
):
    add_comments(mine, resident, 3)
    client.force_login(resident)
    baseline, resident_html = counted(client, reverse("profile"))

    client.force_login(official)
    client.get(reverse("profile"))
    reset_queries()
    # The official's page costs one COUNT more than the resident's.
    with django_assert_max_num_queries(baseline + 1):
        official_html = client.get(reverse("profile")).content.decode()

    assert QUEUE_URL not in resident_html
    assert f'href="{QUEUE_URL}"' in official_html
    assert "Do odpowiedzi" in official_html
    assert "komentarze: </span>3)" in official_html


def test_header_shows_moderators_the_open_reports(
    client, mine, resident, neighbour, moderator, django_assert_max_num_queries
):
    [comment] = add_comments(mine, resident, 1)
    participation.comment_flag(user=neighbour, comment=comment, reason="Spam")
    CommentFlag.objects.create(
        comment=comment, user=resident, reason="Stare", resolved=True
    )
    client.force_login(resident)
    baseline, resident_html = counted(client, reverse("profile"))

    client.force_login(moderator)
    client.get(reverse("profile"))
    reset_queries()
    with django_assert_max_num_queries(baseline + 1):
        moderator_html = client.get(reverse("profile")).content.decode()

    queue = reverse("participation:moderation_queue")
    assert f'href="{queue}"' not in resident_html
    assert f'href="{queue}"' in moderator_html
    assert "otwarte zgłoszenia: </span>1)" in moderator_html
    assert QUEUE_URL not in moderator_html
