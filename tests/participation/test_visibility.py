"""The one visibility rule, asked by every comment endpoint, service and export:
a comment on an unpublished, password-protected or group-restricted page is
"not found" to whoever may not see the page, for reading and for every action."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from wagtail.models import PageViewRestriction

from cms.accounts.roles import MODERATORS
from cms.visibility import Viewer
from participation import selectors, services
from participation.commentable import target_key
from participation.models import Comment, CommentFlag, CommentSupport

from .factories import make_comment

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HIDDEN_WAYS = ["unpublished", "password", "groups"]


def hide(page, how: str) -> None:
    if how == "unpublished":
        page.unpublish()
    elif how == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="rada"
        )
    else:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name=MODERATORS))


@pytest.fixture
def thread(target, resident, neighbour):
    comment = make_comment(target, neighbour, "Tajna uwaga o budżecie")
    return target, comment


def endpoints(comment, target) -> list[tuple[str, str, dict]]:
    base = f"/udzial/komentarze/{comment.pk}"
    return [
        ("get", f"{base}/fragment/", {}),
        ("post", f"{base}/odpowiedz/", {"text": "Odpowiedź"}),
        ("post", f"{base}/poparcie/", {"support": "1"}),
        ("get", f"{base}/zglos/", {}),
        ("post", f"{base}/zglos/", {"reason": "spam"}),
        ("get", f"{base}/edytuj/", {}),
        ("post", f"{base}/usun/", {"confirm": "1"}),
        ("get", f"{base}/odpowiedz-urzedu/", {}),
        (
            "post",
            "/udzial/komentarze/dodaj/",
            {"target": target_key(target), "anchor": "", "text": "Nowa uwaga"},
        ),
    ]


@pytest.mark.parametrize("how", HIDDEN_WAYS)
def test_every_comment_endpoint_refuses_a_page_the_reader_may_not_see(
    client, thread, resident, how
):
    target, comment = thread
    client.force_login(resident)
    # Reachable while the page is public (the URLs are right).
    assert client.get(f"/udzial/komentarze/{comment.pk}/fragment/").status_code == 200
    assert client.get(f"/udzial/komentarze/{comment.pk}/zglos/").status_code == 200

    hide(target, how)
    before = (Comment.objects.count(), CommentSupport.objects.count())
    for method, url, data in endpoints(comment, target):
        response = getattr(client, method)(url, data, **JSON)
        assert response.status_code in (400, 404), (method, url, response.status_code)
        assert b"Tajna uwaga" not in response.content
    assert (Comment.objects.count(), CommentSupport.objects.count()) == before
    assert not CommentFlag.objects.filter(user=resident).exists()


def test_a_password_entered_in_the_session_opens_the_thread(client, thread, resident):
    target, comment = thread
    hide(target, "password")
    client.force_login(resident)
    url = f"/udzial/komentarze/{comment.pk}/fragment/"
    assert client.get(url).status_code == 404

    # Wagtail's password form stores the passed restriction in the session.
    restriction = PageViewRestriction.objects.get(page=target)
    session = client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()

    response = client.get(url)
    assert response.status_code == 200
    assert "Tajna uwaga" in response.content.decode()
    created = client.post(
        "/udzial/komentarze/dodaj/",
        {"target": target_key(target), "anchor": "", "text": "Za hasłem"},
        **JSON,
    )
    assert created.status_code == 201


def test_group_members_see_a_group_restricted_thread(client, thread, moderator):
    target, comment = thread
    hide(target, "groups")
    client.force_login(moderator)
    assert client.get(f"/udzial/komentarze/{comment.pk}/fragment/").status_code == 200


@pytest.mark.parametrize("how", HIDDEN_WAYS)
def test_services_refuse_without_a_view(thread, resident, how):
    """No view guards a background task or a socket action: the services ask
    the same rule themselves."""
    target, comment = thread
    hide(target, how)
    calls = [
        lambda: services.comment_create(author=resident, target=target, text="x"),
        lambda: services.comment_support(user=resident, comment=comment, support=True),
        lambda: services.comment_flag(user=resident, comment=comment, reason="spam"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    # With the password in the viewer's session, the same call goes through.
    if how == "password":
        restriction = PageViewRestriction.objects.get(page=target)
        session = {restriction.passed_view_restrictions_session_key: [restriction.pk]}
        services.comment_support(
            user=resident,
            comment=comment,
            support=True,
            viewer=Viewer(resident, session),
        )
        assert CommentSupport.objects.filter(user=resident).exists()


@pytest.mark.parametrize("how", HIDDEN_WAYS)
def test_data_export_keeps_the_authors_words_but_not_a_hidden_pages_title(
    thread, neighbour, how
):
    target, _comment = thread
    hide(target, how)
    exported = selectors.user_participation_export(neighbour)["comments"]
    assert exported[0]["text"] == "Tajna uwaga o budżecie"
    assert exported[0]["target"] == ""
