from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cms.accounts.roles import FACILITATORS
from cms.visibility import Viewer
from consultations.models import Audience
from consultations.permissions import (
    can_edit_draft_act,
    can_read_consultation_stream,
    can_view,
    comment_denied_reason,
    official_may_answer,
)
from participation.models import Organisation, OrganisationMembership

from .factories import make_consultation

pytestmark = pytest.mark.django_db


def test_only_editors_and_superusers_edit_draft_acts(
    make_user, resident, editor, official, moderator
):
    page = make_consultation()
    facilitator = make_user("facilitator@example.org", groups=[FACILITATORS])
    admin = make_user("admin@example.org", is_superuser=True)
    assert can_edit_draft_act(editor, page)
    assert can_edit_draft_act(admin, page)
    for user in (resident, official, moderator, facilitator, AnonymousUser()):
        assert not can_edit_draft_act(user, page)
    editor.is_active = False
    assert not can_edit_draft_act(editor, page)


def test_official_answers_only_for_own_department(
    make_user, official, department, other_department, resident, moderator
):
    own = make_consultation("Własny wydział", department=department)
    other = make_consultation("Inny wydział", department=other_department)
    nobody = make_consultation("Bez wydziału")
    assert official_may_answer(official, own)
    assert not official_may_answer(official, other)
    assert official_may_answer(official, nobody)
    for user in (resident, moderator, AnonymousUser()):
        assert not official_may_answer(user, own)
        assert not official_may_answer(user, nobody)
    # The page's Commentable method asks the same function.
    assert own.official_may_answer(official) and not other.official_may_answer(official)


def test_comments_allowed_only_while_open(resident):
    planned = make_consultation("P", opens_in=timedelta(days=1))
    closed = make_consultation(
        "Z", opens_in=timedelta(days=-5), closes_in=timedelta(minutes=-1)
    )
    report = make_consultation(
        "R",
        opens_in=timedelta(days=-5),
        closes_in=timedelta(days=-2),
        report_published_at=timezone.now() - timedelta(days=1),
    )
    assert comment_denied_reason(resident, make_consultation("O")) is None
    assert comment_denied_reason(resident, planned).startswith(
        "Zbieranie uwag rozpocznie się "
    )
    assert comment_denied_reason(resident, closed) == "Konsultacje są zamknięte."
    assert comment_denied_reason(resident, report) == "Konsultacje są zamknięte."


def test_comment_window_is_checked_at_the_given_moment(resident):
    page = make_consultation()
    assert comment_denied_reason(resident, page, now=page.opens_at) is None
    assert comment_denied_reason(resident, page, now=page.closes_at) is not None
    assert (
        comment_denied_reason(resident, page, now=page.opens_at - timedelta(seconds=1))
        is not None
    )


def test_ngo_audience_needs_a_verified_organisation(make_user):
    page = make_consultation(audience=Audience.NGOS)
    person = make_user("osoba@example.org")
    representative = make_user("fundacja@example.org")
    organisation = Organisation.objects.create(
        name="Fundacja Razem", slug="fundacja-razem", verified=True
    )
    OrganisationMembership.objects.create(
        user=representative, organisation=organisation, verified=True
    )
    unverified = make_user("niezweryfikowana@example.org")
    OrganisationMembership.objects.create(
        user=unverified, organisation=organisation, verified=False
    )
    assert comment_denied_reason(representative, page) is None
    assert comment_denied_reason(person, page) == (
        "Komentować mogą tylko organizacje pozarządowe."
    )
    assert comment_denied_reason(unverified, page) is not None


def test_residents_audience_needs_a_declared_district(make_user):
    page = make_consultation(audience=Audience.RESIDENTS)
    with_district = make_user("a@example.org", district="Osiedle Słoneczne")
    without = make_user("b@example.org")
    assert comment_denied_reason(with_district, page) is None
    assert "osiedle lub sołectwo" in comment_denied_reason(without, page)


def test_everyone_audience_lets_anyone_signed_in_comment(make_user):
    page = make_consultation(audience=Audience.EVERYONE)
    assert comment_denied_reason(make_user("c@example.org"), page) is None


def test_moderator_and_official_follow_the_same_comment_rules(official, moderator):
    page = make_consultation(opens_in=timedelta(days=2))
    assert comment_denied_reason(official, page) is not None
    assert comment_denied_reason(moderator, page) is not None


def test_stream_readable_only_for_live_public_consultations(resident):
    page = make_consultation()
    key = str(page.pk)
    assert can_read_consultation_stream(Viewer(AnonymousUser()), key)
    assert can_read_consultation_stream(Viewer(resident), key)
    for bad in ("999999", "abc", "", "²", "9" * 25):
        assert not can_read_consultation_stream(Viewer(resident), bad)
    page.unpublish()
    assert not can_read_consultation_stream(Viewer(resident), key)


def _restrict(page, kind, **extra):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, **extra
    )
    return restriction


@pytest.mark.parametrize("where", ["page", "parent"])
def test_view_restrictions_decide_page_stream_and_thread_alike(
    resident, moderator, where
):
    """Password, login and group restrictions, on the page or an ancestor: the
    page's can_view, its stream's read check and the thread's target answer the
    same for each viewer."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from cms.accounts.roles import MODERATORS

    page = make_consultation()
    restricted = page if where == "page" else page.get_parent()

    def answers(viewer):
        return {
            can_view(viewer, page),
            can_read_consultation_stream(viewer, str(page.pk)),
            page.visible_to(viewer),
        }

    login = _restrict(restricted, PageViewRestriction.LOGIN)
    assert answers(Viewer(AnonymousUser())) == {False}
    assert answers(Viewer(resident)) == {True}
    login.delete()

    password = _restrict(restricted, PageViewRestriction.PASSWORD, password="rada")
    assert answers(Viewer(resident)) == {False}
    # Wagtail remembers an entered password in the session.
    session = {password.passed_view_restrictions_session_key: [password.pk]}
    assert answers(Viewer(resident, session)) == {True}
    assert answers(Viewer(AnonymousUser(), session)) == {True}
    password.delete()

    groups = _restrict(restricted, PageViewRestriction.GROUPS)
    groups.groups.add(Group.objects.get(name=MODERATORS))
    assert answers(Viewer(resident)) == {False}
    assert answers(Viewer(moderator)) == {True}


def test_comments_wait_for_a_published_version_of_the_act(resident):
    draft_only = make_consultation("Szkic", publish=False)
    assert (
        comment_denied_reason(resident, draft_only)
        == "Projekt aktu nie został jeszcze opublikowany."
    )
    # Comments open with the first published version.
    assert comment_denied_reason(resident, make_consultation("Opublikowany")) is None


def test_consultation_without_an_act_takes_comments(resident):
    assert comment_denied_reason(resident, make_consultation(act_text=None)) is None


def test_closed_consultation_without_published_act_says_it_is_closed(resident):
    page = make_consultation(
        "Z", opens_in=timedelta(days=-5), closes_in=timedelta(minutes=-1), publish=False
    )
    assert comment_denied_reason(resident, page) == "Konsultacje są zamknięte."


def test_the_act_check_costs_no_query_per_comment(
    resident, make_user, django_assert_num_queries
):
    from consultations.models import ConsultationPage

    other = make_user("inny@example.org")
    for page in (
        make_consultation("Szkic", publish=False),
        make_consultation("Bez projektu", act_text=None),
    ):
        page = ConsultationPage.objects.get(pk=page.pk)
        with django_assert_num_queries(2):  # the current version, the act
            first = page.comment_denied_reason(resident)
        with django_assert_num_queries(0):
            assert page.comment_denied_reason(other) == first
            assert comment_denied_reason(other, page) == first

    published = ConsultationPage.objects.get(pk=make_consultation("Jest").pk)
    published.current_version()  # the page renders its act first
    with django_assert_num_queries(0):
        assert comment_denied_reason(resident, published) is None
