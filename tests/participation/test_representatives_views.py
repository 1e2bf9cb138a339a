"""Representatives' pages as people use them: the "ask to represent" form, the
admins' team and decision pages, the log, leaving, "Moje organizacje", and
acting on behalf of the organisation in the comment and registration forms."""

import pytest
from django.urls import reverse

from cms.accounts.roles import FACILITATORS, OFFICIALS
from events.models import Registration
from participation import services
from participation.commentable import target_key
from participation.models import (
    Comment,
    OrganisationMembership,
    RepresentationRequest,
    RepresentativeRole,
    RequestStatus,
)

from ..events.registration_factories import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]

ADMIN, MEMBER = RepresentativeRole.ADMIN, RepresentativeRole.MEMBER


@pytest.fixture
def admin(make_user, organisation):
    user = make_user("admin@example.org", display_name="Ala Prezes")
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, verified=True, role=ADMIN
    )
    return user


@pytest.fixture
def member(make_user, organisation):
    user = make_user("member@example.org", display_name="Marek Członek")
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, verified=True, role=MEMBER
    )
    return user


@pytest.fixture
def staff(make_user):
    return make_user("staff@example.org", display_name="Urząd", groups=[OFFICIALS])


def request_url(organisation):
    return reverse("participation:representation_request", args=[organisation.slug])


def team_url(organisation):
    return reverse("participation:representatives", args=[organisation.slug])


def log_url(organisation):
    return reverse("participation:representation_log", args=[organisation.slug])


def decide_url(rep_request):
    return reverse("participation:representation_decide", args=[rep_request.pk])


def html_of(response) -> str:
    return response.content.decode()


# --- asking ------------------------------------------------------------------------
def test_anonymous_visitor_is_asked_to_log_in(client, organisation):
    response = client.get(request_url(organisation))
    assert response.status_code == 403
    assert "Zaloguj się" in html_of(response)


def test_resident_asks_to_represent_with_a_message(client, resident, organisation):
    client.force_login(resident)
    html = html_of(client.get(request_url(organisation)))
    assert "Reprezentuj Fundacja Razem" in html
    assert 'for="id_message"' in html

    response = client.post(
        request_url(organisation), {"message": "Jestem w zarządzie"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("my_organisations")
    request = RepresentationRequest.objects.get()
    assert (request.user, request.status) == (resident, RequestStatus.PENDING)
    html = html_of(response)
    assert "Moje prośby czekające na decyzję" in html and "Fundacja Razem" in html


def test_too_long_message_shows_a_polish_field_error(client, resident, organisation):
    client.force_login(resident)
    response = client.post(request_url(organisation), {"message": "x" * 1001})
    assert response.status_code == 400
    assert "znaków" in html_of(response)
    assert not RepresentationRequest.objects.exists()


def test_rate_limited_request_answers_429(client, resident, organisation, write_limit):
    write_limit("representation_request", 0)
    client.force_login(resident)
    response = client.post(request_url(organisation), {"message": ""})
    assert response.status_code == 429
    assert not RepresentationRequest.objects.exists()


# --- the admins' pages ---------------------------------------------------------------
@pytest.mark.parametrize("who", ["anonymous", "resident", "member"])
def test_team_log_and_decision_pages_are_closed_to_others(
    client, who, resident, member, admin, organisation
):
    rep_request = services.representation_request(
        user=resident, organisation=organisation, message="Sekretne słowo"
    )
    if who != "anonymous":
        client.force_login({"resident": resident, "member": member}[who])
    for url in (team_url(organisation), log_url(organisation), decide_url(rep_request)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Sekretne słowo" not in html_of(response)
        assert "admin@example.org" not in html_of(response)


@pytest.mark.parametrize("who", ["admin", "staff"])
def test_admin_and_staff_see_the_log(client, who, admin, staff, resident, organisation):
    services.representation_request(user=resident, organisation=organisation)
    client.force_login({"admin": admin, "staff": staff}[who])
    response = client.get(log_url(organisation))
    assert response.status_code == 200
    html = html_of(response)
    assert (
        "Anna Mieszkanka" in html and "poprosił(a) o możliwość reprezentowania" in html
    )


def test_admin_approves_on_the_decision_page(client, admin, resident, organisation):
    rep_request = services.representation_request(
        user=resident, organisation=organisation, message="Skarbnik fundacji"
    )
    client.force_login(admin)
    html = html_of(client.get(decide_url(rep_request)))
    assert "Skarbnik fundacji" in html and "Anna Mieszkanka" in html

    response = client.post(decide_url(rep_request), {"decision": "approve_admin"})

    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(user=resident)
    assert membership.role == ADMIN and membership.verified


def test_refusal_without_reason_is_shown_again_and_the_reason_reaches_the_requester(
    client, admin, resident, organisation
):
    rep_request = services.representation_request(
        user=resident, organisation=organisation
    )
    client.force_login(admin)
    response = client.post(decide_url(rep_request), {"decision": "refuse"})
    assert response.status_code == 400
    assert "Napisz, dlaczego odmawiasz" in html_of(response)

    client.post(
        decide_url(rep_request),
        {"decision": "refuse", "reason": "Brak uchwały zarządu"},
    )
    client.force_login(resident)
    html = html_of(client.get(reverse("my_organisations")))
    assert "Odrzucone prośby" in html and "Brak uchwały zarządu" in html


def test_team_page_query_count_is_constant_in_members(
    client, admin, make_user, organisation, django_assert_max_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            user = make_user(f"m{i}@example.org", display_name=f"Osoba {i}")
            OrganisationMembership.objects.create(
                user=user, organisation=organisation, verified=True
            )
            asker = make_user(f"a{i}@example.org", display_name=f"Chętna {i}")
            services.representation_request(user=asker, organisation=organisation)

    client.force_login(admin)
    add(2, 0)
    with django_assert_max_num_queries(30) as few:
        assert client.get(team_url(organisation)).status_code == 200
    add(12, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(team_url(organisation))
    assert "Osoba 13" in html_of(response) and "Chętna 13" in html_of(response)


def test_last_admin_sees_no_demote_button_and_cannot_demote_by_post(
    client, admin, member, organisation
):
    client.force_login(admin)
    html = html_of(client.get(team_url(organisation)))
    assert "Ostatni administrator" in html
    mine = OrganisationMembership.objects.get(user=admin)
    response = client.post(
        reverse("participation:representative_role", args=[mine.pk]), {"role": MEMBER}
    )
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.role == ADMIN


def test_last_admin_leaves_by_handing_over(client, admin, member, organisation):
    mine = OrganisationMembership.objects.get(user=admin)
    url = reverse("participation:representative_leave", args=[mine.pk])
    client.force_login(admin)
    html = html_of(client.get(url))
    assert "Marek Członek" in html  # the successor to choose
    assert client.post(url, {}).status_code == 400
    assert OrganisationMembership.objects.filter(user=admin).exists()

    response = client.post(
        url, {"successor": OrganisationMembership.objects.get(user=member).pk}
    )

    assert response.status_code == 302
    assert not OrganisationMembership.objects.filter(user=admin).exists()
    assert OrganisationMembership.objects.get(user=member).role == ADMIN


def test_member_leaves_from_my_organisations(client, member, organisation):
    mine = OrganisationMembership.objects.get(user=member)
    client.force_login(member)
    html = html_of(client.get(reverse("my_organisations")))
    leave = reverse("participation:representative_leave", args=[mine.pk])
    assert leave in html
    assert client.post(leave, {}).status_code == 302
    assert not OrganisationMembership.objects.filter(user=member).exists()


def test_my_organisations_lists_requests_to_decide_for_admins(
    client, admin, resident, organisation
):
    rep_request = services.representation_request(
        user=resident, organisation=organisation
    )
    client.force_login(admin)
    html = html_of(client.get(reverse("my_organisations")))
    assert "Organizacje, które reprezentuję" in html
    assert "Prośby do rozpatrzenia (1)" in html
    assert decide_url(rep_request) in html


# --- acting on behalf ----------------------------------------------------------------
def test_comment_form_offers_the_choice_only_to_verified_representatives(
    client, target, member, resident, organisation
):
    page = f"/watek-testowy/{target.pk}/"
    client.force_login(resident)
    assert 'name="on_behalf_of"' not in html_of(client.get(page))
    # A pending request gives no choice either.
    OrganisationMembership.objects.create(
        user=resident, organisation=organisation, verified=False
    )
    assert 'name="on_behalf_of"' not in html_of(client.get(page))

    client.force_login(member)
    html = html_of(client.get(page))
    assert 'type="radio" name="on_behalf_of"' in html
    assert "Ja (Marek Członek)" in html
    assert "W imieniu: Fundacja Razem" in html


def test_representative_comments_on_behalf_and_as_themselves(
    client, target, member, organisation
):
    client.force_login(member)
    data = {"target": target_key(target), "anchor": "", "text": "Uwaga"}
    client.post("/udzial/komentarze/dodaj/", {**data, "on_behalf_of": organisation.pk})
    client.post("/udzial/komentarze/dodaj/", {**data, "on_behalf_of": ""})
    assert [c.on_behalf_of for c in Comment.objects.order_by("pk")] == [
        organisation,
        None,
    ]


def test_removed_representative_can_no_longer_comment_on_behalf(
    client, target, admin, member, organisation
):
    client.force_login(member)
    services.representative_remove(
        actor=admin, membership=OrganisationMembership.objects.get(user=member)
    )
    response = client.post(
        "/udzial/komentarze/dodaj/",
        {
            "target": target_key(target),
            "anchor": "",
            "text": "Uwaga",
            "on_behalf_of": organisation.pk,
        },
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_registration_on_behalf_is_shown_to_organisers_only(
    client, member, organisation, make_user
):
    facilitator = make_user("f@example.org", groups=[FACILITATORS])
    event = make_event(capacity=5, facilitators=[facilitator])
    client.force_login(member)
    register = reverse("events:register", args=[event.pk])
    html = html_of(client.get(register))
    assert "Ja (Marek Członek)" in html and "W imieniu: Fundacja Razem" in html
    client.post(register, {"on_behalf_of": organisation.pk})
    assert Registration.objects.get(user=member).on_behalf_of == organisation

    client.force_login(facilitator)
    listing = html_of(client.get(reverse("events:registrations", args=[event.pk])))
    assert "Marek Członek" in listing and "w imieniu: Fundacja Razem" in listing
    client.logout()
    public = html_of(client.get(event.url))
    assert "Marek Członek" not in public


# --- the demo ------------------------------------------------------------------------
def test_demo_ngo_user_is_admin_with_a_pending_request(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ngo = get_user_model().objects.get(email="ngo@example.org")
    membership = OrganisationMembership.objects.get(user=ngo)
    assert membership.role == ADMIN and membership.verified
    pending = RepresentationRequest.objects.get(
        organisation=membership.organisation, status=RequestStatus.PENDING
    )
    assert pending.user != ngo
