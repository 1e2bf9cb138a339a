"""participation.permissions for every role, against a plain-Python target."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.permissions import has_role
from cms.accounts.roles import OFFICIALS
from participation import permissions
from participation.models import Comment, CommentStatus, OfficialResponse

pytestmark = pytest.mark.django_db

ROLES = [
    "resident",
    "ngo",
    "official",
    "other_official",
    "moderator",
    "facilitator",
    "editor",
    "anonymous",
    "unverified",
]
SIGNED_IN_VERIFIED = set(ROLES) - {"anonymous", "unverified"}


class FakeTarget:
    """The Commentable protocol, nothing else."""

    pk = 1
    title = "Projekt uchwały"

    def __init__(self, *, closed=False, department=None, visible=True):
        self.closed = closed
        self.department = department
        self.visible = visible

    def visible_to(self, viewer):
        return self.visible

    def comment_stream(self):
        return "participationtest.thread.1"

    def comment_denied_reason(self, user):
        return "Konsultacje są zamknięte." if self.closed else None

    def comment_anchor_choices(self):
        return [("", "Cały projekt")]

    def comment_anchor_label(self, anchor):
        return "" if anchor == "" else None

    def official_may_answer(self, user):
        return has_role(user, OFFICIALS) and (
            self.department is None or user.department_id == self.department.pk
        )

    def get_url(self, request=None):
        return "/projekt/"

    def get_full_url(self, request=None):
        return "http://testserver/projekt/"


@pytest.fixture
def people(request):
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.fixture
def open_target(department):
    return FakeTarget(department=department)


def comment_by(author, **fields) -> Comment:
    """An unsaved comment: permissions must not need the database for it."""
    return Comment(author=author, created_at=timezone.now(), text="<p>x</p>", **fields)


def expect(people, check, allowed: set[str]):
    answers = {role: bool(check(user)) for role, user in people.items()}
    assert answers == {role: role in allowed for role in people}


def test_commentable_protocol_is_recognised():
    from participation.commentable import Commentable, is_commentable

    assert is_commentable(FakeTarget())
    assert isinstance(FakeTarget(), Commentable)
    assert not is_commentable(object())


# --- commenting -------------------------------------------------------------------
def test_can_comment_per_role(people, open_target):
    expect(
        people, lambda u: permissions.can_comment(u, open_target), SIGNED_IN_VERIFIED
    )


def test_denied_reasons_in_order_sign_in_verify_then_target(people):
    closed = FakeTarget(closed=True)

    assert permissions.comment_denied_reason(people["anonymous"], closed) == _(
        "Log in to comment."
    )
    assert permissions.comment_denied_reason(people["unverified"], closed) == _(
        "Confirm your e-mail address to comment."
    )
    for role in SIGNED_IN_VERIFIED:
        assert (
            permissions.comment_denied_reason(people[role], closed)
            == "Konsultacje są zamknięte."
        )
        assert permissions.comment_denied_reason(people[role], FakeTarget()) is None


def test_deleted_and_inactive_accounts_cannot_comment(resident, open_target):
    resident.is_active = False
    assert not permissions.can_comment(resident, open_target)
    resident.is_active = True
    resident.deleted_at = timezone.now()
    assert not permissions.can_comment(resident, open_target)


def test_can_reply_per_role(people, open_target):
    comment = comment_by(people["resident"])
    expect(
        people,
        lambda u: permissions.can_reply(u, comment, open_target),
        SIGNED_IN_VERIFIED,
    )


def test_nobody_replies_on_a_closed_target_or_to_hidden_or_deleted_comments(people):
    closed = FakeTarget(closed=True)
    comment = comment_by(people["resident"])
    hidden = comment_by(
        people["resident"], status=CommentStatus.HIDDEN, hidden_reason="x"
    )
    deleted = comment_by(people["resident"], deleted_at=timezone.now())

    expect(people, lambda u: permissions.can_reply(u, comment, closed), set())
    expect(people, lambda u: permissions.can_reply(u, hidden, FakeTarget()), set())
    expect(people, lambda u: permissions.can_reply(u, deleted, FakeTarget()), set())


# --- author's own actions ---------------------------------------------------------
def test_only_the_author_edits_within_the_window(people, settings):
    comment = comment_by(people["resident"])
    expect(people, lambda u: permissions.can_edit_comment(u, comment), {"resident"})

    comment.created_at = timezone.now() - timedelta(
        seconds=settings.COMMENT_EDIT_WINDOW_SECONDS + 1
    )
    expect(people, lambda u: permissions.can_edit_comment(u, comment), set())


def test_hidden_deleted_or_answered_comments_cannot_be_edited(resident, official):
    hidden = comment_by(resident, status=CommentStatus.HIDDEN, hidden_reason="x")
    deleted = comment_by(resident, deleted_at=timezone.now())
    answered = comment_by(resident)
    answered.response = OfficialResponse(decision="accepted", official=official)

    for comment in (hidden, deleted, answered):
        assert not permissions.can_edit_comment(resident, comment)


def test_only_the_author_deletes_once(people):
    comment = comment_by(people["resident"])
    expect(people, lambda u: permissions.can_delete_comment(u, comment), {"resident"})

    comment.deleted_at = timezone.now()
    expect(people, lambda u: permissions.can_delete_comment(u, comment), set())


# --- others' comments -------------------------------------------------------------
def test_can_support_per_role_but_not_own_comment(people, open_target):
    comment = comment_by(people["resident"])
    expect(
        people,
        lambda u: permissions.can_support(u, comment, open_target),
        SIGNED_IN_VERIFIED - {"resident"},
    )


def test_support_closes_with_the_target(people):
    comment = comment_by(people["resident"])
    closed = FakeTarget(closed=True)
    expect(people, lambda u: permissions.can_support(u, comment, closed), set())


def test_can_flag_per_role_even_when_closed(people):
    comment = comment_by(people["resident"])
    expect(
        people,
        lambda u: permissions.can_flag(u, comment),
        SIGNED_IN_VERIFIED - {"resident"},
    )


# --- moderators and officials -----------------------------------------------------
def test_can_moderate_and_see_hidden_text_only_moderators(people, make_user):
    expect(people, permissions.can_moderate, {"moderator"})
    expect(people, permissions.can_see_hidden_text, {"moderator"})
    admin = make_user("admin@example.org", is_superuser=True)
    assert permissions.can_moderate(admin)


def test_hide_and_unhide_follow_the_comment_state(people):
    comment = comment_by(people["resident"])
    expect(people, lambda u: permissions.can_hide(u, comment), {"moderator"})
    expect(people, lambda u: permissions.can_unhide(u, comment), set())

    comment.status, comment.hidden_reason = CommentStatus.HIDDEN, "x"
    expect(people, lambda u: permissions.can_hide(u, comment), set())
    expect(people, lambda u: permissions.can_unhide(u, comment), {"moderator"})


def test_official_of_the_targets_department_responds(people, open_target):
    comment = comment_by(people["resident"])
    expect(
        people,
        lambda u: permissions.can_respond_officially(u, comment, open_target),
        {"official"},
    )


def test_any_official_responds_when_the_target_has_no_department(people):
    comment = comment_by(people["resident"])
    target = FakeTarget(department=None)
    expect(
        people,
        lambda u: permissions.can_respond_officially(u, comment, target),
        {"official", "other_official"},
    )


def test_officials_respond_after_closing_but_never_to_replies(people, department):
    closed = FakeTarget(closed=True, department=department)
    top = comment_by(people["resident"])
    top.pk = 10
    reply = comment_by(people["ngo"], parent=top)

    assert permissions.can_respond_officially(people["official"], top, closed)
    assert not permissions.can_respond_officially(people["official"], reply, closed)


# --- organisations ----------------------------------------------------------------
def test_only_verified_representatives_act_for_an_organisation(people, organisation):
    expect(people, permissions.acts_for_organisation, {"ngo"})
    assert permissions.organisations_for(people["ngo"]) == [organisation]


def test_unverified_membership_does_not_count(make_user, organisation):
    from participation.models import OrganisationMembership

    user = make_user("candidate@example.org")
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, verified=False
    )

    assert not permissions.acts_for_organisation(user)


# --- the per-comment summary the templates use ------------------------------------
def test_comment_permissions_match_the_single_functions(people, open_target):
    comment = comment_by(people["resident"])
    for role, user in people.items():
        perms = permissions.thread_permissions(user, open_target)
        can = permissions.comment_permissions(perms, comment)
        assert can.reply == permissions.can_reply(user, comment, open_target), role
        assert can.edit == permissions.can_edit_comment(user, comment), role
        assert can.delete == permissions.can_delete_comment(user, comment), role
        assert can.support == permissions.can_support(user, comment, open_target)
        assert can.flag == permissions.can_flag(user, comment), role
        assert can.hide == permissions.can_hide(user, comment), role
        assert can.respond == permissions.can_respond_officially(
            user, comment, open_target
        )
        assert can.see_text


def test_only_moderators_see_hidden_text_in_the_summary(people, open_target):
    hidden = comment_by(
        people["resident"], status=CommentStatus.HIDDEN, hidden_reason="x"
    )
    for role, user in people.items():
        perms = permissions.thread_permissions(user, open_target)
        assert permissions.comment_permissions(perms, hidden).see_text == (
            role == "moderator"
        )
