from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.accounts.roles import MODERATORS, OFFICIALS
from participation import selectors, services
from participation.models import (
    Comment,
    CommentStatus,
    CommentSupport,
    OfficialResponse,
)

from .factories import comment_row

pytestmark = pytest.mark.django_db


def populate(target, authors, official, organisation, count, *, start=0):
    """``count`` top-level comments with everything a thread shows: replies,
    responses, supports, organisations, hidden, withdrawn and edited ones."""
    now = timezone.now()
    rows = []
    for i in range(start, start + count):
        fields = {
            "anchor": ["", "p1", "p2"][i % 3],
            "created_at": now - timedelta(minutes=i),
            "proposed_wording": "<p>Nowe brzmienie</p>" if i % 4 == 0 else "",
            "justification": "<p>Bo tak</p>" if i % 4 == 0 else "",
        }
        if i % 7 == 0:
            fields.update(status=CommentStatus.HIDDEN, hidden_reason="Spam")
        if i % 11 == 0:
            fields["deleted_at"] = now
        if i % 5 == 0:
            fields["edited_at"] = now
        author = authors[i % len(authors)]
        if author.email.startswith("ngo"):
            fields["on_behalf_of"] = organisation
        rows.append(comment_row(target, author, f"Uwaga numer {i}", **fields))
    tops = Comment.objects.bulk_create(rows)
    replies = [
        comment_row(
            target,
            authors[(i + 1) % len(authors)],
            f"Odpowiedź {n}",
            parent=top,
            anchor=top.anchor,
        )
        for i, top in enumerate(tops)
        if i % 2 == 0
        for n in range(2)
    ]
    Comment.objects.bulk_create(replies)
    OfficialResponse.objects.bulk_create(
        OfficialResponse(
            comment=top,
            decision=["accepted", "partly", "rejected", "not_applicable"][i % 4],
            reasoning="<p>Odpowiedź urzędu</p>",
            department=official.department,
            official=official,
        )
        for i, top in enumerate(tops)
        if i % 3 == 0
    )
    supports = [
        CommentSupport(comment=top, user=user)
        for i, top in enumerate(tops)
        for user in authors[: i % len(authors)]
        if user.pk != top.author_id
    ]
    CommentSupport.objects.bulk_create(supports)
    for top in tops:
        Comment.objects.filter(pk=top.pk).update(
            support_count=CommentSupport.objects.filter(comment=top).count()
        )
    return tops


@pytest.fixture
def authors(resident, neighbour, ngo, make_user):
    return [resident, neighbour, ngo, make_user("czwarty@example.org")]


@pytest.fixture
def staff(make_user, department):
    """Moderator and official at once: the thread shows every action to them."""
    return make_user(
        "staff@example.org",
        groups=[MODERATORS, OFFICIALS],
        department=department,
    )


# --- what the selectors return ----------------------------------------------------
def test_thread_has_top_level_comments_with_replies_oldest_first(
    target, resident, neighbour
):
    top = services.comment_create(author=resident, target=target, text="Uwaga")
    first = services.comment_create(
        author=neighbour, target=target, text="1", parent=top
    )
    second = services.comment_create(
        author=resident, target=target, text="2", parent=top
    )

    [loaded] = selectors.thread_for_target(target=target, viewer=resident)

    assert loaded == top
    assert list(loaded.replies.all()) == [first, second]


def test_sorting(target, resident, neighbour, ngo, official):
    old = services.comment_create(author=resident, target=target, text="stara")
    popular = services.comment_create(author=resident, target=target, text="popularna")
    answered = services.comment_create(author=neighbour, target=target, text="z odp.")
    new = services.comment_create(author=ngo, target=target, text="nowa")
    now = timezone.now()
    for minutes, comment in enumerate([new, answered, popular, old]):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=now - timedelta(minutes=minutes)
        )
    services.comment_support(user=neighbour, comment=popular, support=True)
    services.comment_support(user=ngo, comment=popular, support=True)
    services.comment_support(user=ngo, comment=answered, support=True)
    services.official_response_publish(
        official=official, comment=answered, decision="accepted", reasoning="Tak"
    )

    def order(sort):
        return selectors.thread_for_target(target=target, viewer=resident, sort=sort)

    assert order("newest") == [new, answered, popular, old]
    assert order("oldest") == [old, popular, answered, new]
    assert order("supported") == [popular, answered, new, old]
    assert order("unanswered") == [new, popular, old, answered]
    assert order("nonsense") == order("newest")


def test_filters_by_provision_and_answer(target, resident, official):
    whole = services.comment_create(author=resident, target=target, text="całość")
    p1 = services.comment_create(author=resident, target=target, text="§1", anchor="p1")
    services.official_response_publish(
        official=official, comment=p1, decision="accepted", reasoning="Tak"
    )

    def thread(**kwargs):
        return selectors.thread_for_target(target=target, viewer=resident, **kwargs)

    assert thread(anchor="") == [whole]
    assert thread(anchor="p1") == [p1]
    assert thread(anchor="p2") == []
    assert thread(answered=True) == [p1]
    assert thread(answered=False) == [whole]


def test_viewer_supported_is_annotated_for_the_viewer_only(
    target, resident, neighbour, ngo, anonymous
):
    comment = services.comment_create(author=resident, target=target, text="Uwaga")
    reply = services.comment_create(
        author=resident, target=target, text="Dopisek", parent=comment
    )
    services.comment_support(user=neighbour, comment=comment, support=True)
    services.comment_support(user=neighbour, comment=reply, support=True)

    def supported(viewer):
        [top] = selectors.thread_for_target(target=target, viewer=viewer)
        return top.viewer_supported, top.replies.all()[0].viewer_supported

    assert supported(neighbour) == (True, True)
    assert supported(ngo) == (False, False)
    assert supported(anonymous) == (False, False)


def test_viewer_flagged_is_annotated_for_the_viewer_only(
    target, resident, neighbour, ngo, anonymous
):
    comment = services.comment_create(author=resident, target=target, text="Uwaga")
    reply = services.comment_create(
        author=ngo, target=target, text="Dopisek", parent=comment
    )
    services.comment_flag(user=neighbour, comment=comment, reason="Spam")
    services.comment_flag(user=neighbour, comment=reply, reason="Spam")

    def flagged(viewer):
        [top] = selectors.thread_for_target(target=target, viewer=viewer)
        return top.viewer_flagged, top.replies.all()[0].viewer_flagged

    assert flagged(neighbour) == (True, True)
    assert flagged(resident) == (False, False)
    assert flagged(anonymous) == (False, False)
    assert selectors.comment_for_viewer(pk=reply.pk, viewer=neighbour).viewer_flagged


def test_counts_and_progress_count_public_top_level_comments(
    target, resident, neighbour, official, moderator
):
    a = services.comment_create(author=resident, target=target, text="a", anchor="p1")
    services.comment_create(author=neighbour, target=target, text="b", anchor="p1")
    c = services.comment_create(author=resident, target=target, text="c")
    hidden = services.comment_create(author=neighbour, target=target, text="d")
    services.comment_create(author=neighbour, target=target, text="odp.", parent=a)
    services.comment_hide(moderator=moderator, comment=hidden, reason="Spam")
    services.comment_delete(user=resident, comment=c)
    services.official_response_publish(
        official=official, comment=a, decision="partly", reasoning="Częściowo"
    )

    assert selectors.comment_counts_by_anchor(target=target) == {"p1": 2}
    assert selectors.response_progress(target=target) == (1, 2)
    assert selectors.thread_counts(target=target) == {
        "anchors": {"p1": 2},
        "answered": 1,
        "top_level": 2,
    }


def test_threads_of_different_targets_do_not_mix(make_target, resident):
    first, second = make_target("Pierwszy"), make_target("Drugi")
    services.comment_create(author=resident, target=first, text="1")

    assert selectors.thread_for_target(target=second, viewer=resident) == []
    assert selectors.comment_counts_by_anchor(target=second) == {}


def test_export_lists_what_the_user_wrote(target, resident, neighbour, official):
    comment = services.comment_create(
        author=resident,
        target=target,
        text="Moja uwaga\n\nDrugi akapit",
        anchor="p1",
        proposed_wording="Brzmienie",
    )
    services.comment_create(author=neighbour, target=target, text="Cudza")
    services.official_response_publish(
        official=official, comment=comment, decision="rejected", reasoning="Nie"
    )

    [exported] = selectors.comments_for_user_export(resident)

    assert exported["id"] == comment.pk
    assert exported["target"] == target.title
    assert exported["text"] == "Moja uwaga\n\nDrugi akapit"
    assert exported["proposed_wording"] == "Brzmienie"
    assert exported["anchor"] == "p1"
    assert exported["official_response"]["decision"] == "rejected"


def test_account_export_includes_the_participation_section(target, resident, neighbour):
    from cms.accounts.export import registered_exporters

    comment = services.comment_create(author=neighbour, target=target, text="Uwaga")
    services.comment_support(user=resident, comment=comment, support=True)
    services.comment_flag(user=resident, comment=comment, reason="Test")

    section = registered_exporters()["participation"](resident)

    assert section["comments"] == []
    assert section["supported_comments"] == [comment.pk]
    assert section["reports"][0]["reason"] == "Test"


# --- constant number of queries ---------------------------------------------------
def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.parametrize("viewer_name", ["anonymous", "resident", "staff"])
def test_thread_selector_query_count_does_not_grow(
    request, target, authors, official, organisation, viewer_name
):
    viewer = request.getfixturevalue(viewer_name)
    populate(target, authors, official, organisation, 10)

    def load():
        for comment in selectors.thread_for_target(target=target, viewer=viewer):
            for reply in comment.replies.all():
                reply.author.public_name  # noqa: B018
            comment.get_official_response()
            comment.author.public_name  # noqa: B018

    at_ten = count_queries(load)
    populate(target, authors, official, organisation, 490, start=10)
    assert Comment.objects.filter(parent__isnull=True).count() == 500

    with CaptureQueriesContext(connection) as captured:
        load()
    assert len(captured) <= at_ten
    assert at_ten <= 3


@pytest.mark.urls("tests.participation.urls")
@pytest.mark.parametrize("viewer_name", ["anonymous", "resident", "staff"])
def test_rendering_the_thread_page_query_count_does_not_grow(
    request,
    client,
    target,
    target_state,
    department,
    authors,
    official,
    organisation,
    viewer_name,
    django_assert_max_num_queries,
):
    target_state.department = department
    viewer = request.getfixturevalue(viewer_name)
    if viewer.is_authenticated:
        client.force_login(viewer)
    populate(target, authors, official, organisation, 10)
    url = f"/watek-testowy/{target.pk}/"

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    at_ten = len(captured)
    assert response.content.decode().count('<article id="comment-') == 10 + 10

    populate(target, authors, official, organisation, 490, start=10)
    with django_assert_max_num_queries(at_ten):
        response = client.get(url)
    html = response.content.decode()
    # One page: 30 top-level comments, half of them with two replies.
    assert html.count('<article id="comment-') == 30 + 30
    assert 'data-thread-pages="17"' in html
    if viewer_name == "staff":
        # Everything a moderator-official sees was rendered, not skipped.
        assert "/ukryj/" in html and "/odpowiedz-urzedu/" in html


def test_fragment_query_count_does_not_grow_with_replies(
    client, target, authors, resident, django_assert_max_num_queries
):
    top = services.comment_create(author=authors[1], target=target, text="Uwaga")
    Comment.objects.bulk_create(
        [comment_row(target, authors[0], "Odpowiedź", parent=top)]
    )
    client.force_login(resident)
    url = f"/udzial/komentarze/{top.pk}/fragment/"
    at_one = count_queries(lambda: client.get(url))

    Comment.objects.bulk_create(
        [
            comment_row(target, authors[i % 4], "Odpowiedź", parent=top)
            for i in range(99)
        ]
    )
    with django_assert_max_num_queries(at_one):
        html = client.get(url).content.decode()
    assert html.count('<article id="comment-') == 101


def test_moderation_queue_query_count_does_not_grow(
    client, make_target, authors, moderator, settings, django_assert_max_num_queries
):
    settings.WRITE_RATE_LIMITS = dict.fromkeys(settings.WRITE_RATE_LIMITS, (1000, 60))
    targets = [make_target("Pierwszy"), make_target("Drugi")]

    def add(n):
        for target in targets:
            for i in range(n):
                comment = services.comment_create(
                    author=authors[i % 2], target=target, text=f"Uwaga {i}"
                )
                services.comment_flag(user=authors[2], comment=comment, reason="Spam")

    client.force_login(moderator)
    add(2)
    at_few = count_queries(lambda: client.get("/udzial/moderacja/"))
    add(8)
    with django_assert_max_num_queries(at_few):
        response = client.get("/udzial/moderacja/")
    assert response.status_code == 200
