"""Representatives of organisations through their services: asking, the
decision, roles, removal, leaving, the last-admin rule, the log, account
deletion, and who may do what (a table of role × action)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.accounts.roles import MODERATORS, OFFICIALS
from cms.accounts.services import user_delete
from participation import permissions, services
from participation.models import (
    OrganisationMembership,
    RepresentationAction,
    RepresentationLogEntry,
    RepresentationRequest,
    RepresentativeRole,
    RequestStatus,
)

pytestmark = pytest.mark.django_db

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
    return make_user(
        "staff@example.org", display_name="Urzędniczka", groups=[OFFICIALS]
    )


def membership(user, organisation):
    return OrganisationMembership.objects.get(user=user, organisation=organisation)


def ask(user, organisation, message="Jestem skarbnikiem"):
    return services.representation_request(
        user=user, organisation=organisation, message=message
    )


def actions(organisation):
    return list(
        RepresentationLogEntry.objects.filter(organisation=organisation)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


# --- asking ------------------------------------------------------------------------
def test_request_is_pending_and_gives_no_right_to_act(resident, organisation):
    request = ask(resident, organisation)

    assert request.status == RequestStatus.PENDING
    assert request.message == "Jestem skarbnikiem"
    assert permissions.organisations_for(resident) == []
    assert actions(organisation) == [RepresentationAction.REQUESTED]


def test_second_pending_request_is_refused(resident, organisation):
    ask(resident, organisation)
    with pytest.raises(ValidationError) as error:
        ask(resident, organisation)
    assert error.value.code == "pending"
    assert RepresentationRequest.objects.count() == 1


def test_representative_cannot_ask_again(member, organisation):
    with pytest.raises(PermissionDenied):
        ask(member, organisation)


def test_unverified_address_cannot_ask(unverified, organisation):
    with pytest.raises(PermissionDenied):
        ask(unverified, organisation)


def test_too_long_message_is_a_field_error_and_saves_nothing(resident, organisation):
    with pytest.raises(ValidationError) as error:
        ask(resident, organisation, message="x" * 1001)
    assert "message" in error.value.message_dict
    assert not RepresentationRequest.objects.exists()


def test_requests_are_rate_limited(make_user, organisation, write_limit):
    write_limit("representation_request", 1)
    resident = make_user("r@example.org")
    ask(resident, organisation)
    services.representation_request_withdraw(
        user=resident, request=RepresentationRequest.objects.get()
    )
    with pytest.raises(ValidationError) as error:
        ask(resident, organisation)
    assert error.value.code == services.RATE_LIMITED


# --- deciding ----------------------------------------------------------------------
def test_admin_approves_and_the_requester_acts_for_the_organisation(
    admin, resident, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(resident, organisation)

    with django_capture_on_commit_callbacks(execute=True):
        services.representation_approve(actor=admin, request=request)

    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert request.decided_by == admin
    assert membership(resident, organisation).role == MEMBER
    assert permissions.organisations_for(resident) == [organisation]
    [mail] = mailoutbox
    assert mail.to == [resident.email]
    assert "Fundacja Razem" in mail.subject
    assert "/konto/moje-organizacje/" in mail.body


def test_refusal_needs_a_reason_which_the_requester_receives(
    admin, resident, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(resident, organisation)
    with pytest.raises(ValidationError) as error:
        services.representation_refuse(actor=admin, request=request, reason="  ")
    assert "reason" in error.value.message_dict

    with django_capture_on_commit_callbacks(execute=True):
        services.representation_refuse(
            actor=admin, request=request, reason="Nie znamy tej osoby w zarządzie."
        )

    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.reason == "Nie znamy tej osoby w zarządzie."
    assert not OrganisationMembership.objects.filter(user=resident).exists()
    [mail] = mailoutbox
    assert "Nie znamy tej osoby w zarządzie." in mail.body


def test_decided_request_cannot_be_decided_again(admin, resident, organisation):
    request = ask(resident, organisation)
    services.representation_refuse(actor=admin, request=request, reason="Nie")
    with pytest.raises(ValidationError) as error:
        services.representation_approve(actor=admin, request=request)
    assert error.value.code == "decided"
    assert not OrganisationMembership.objects.filter(user=resident).exists()


def test_staff_decide_any_organisations_requests(staff, resident, organisation):
    request = ask(resident, organisation)
    services.representation_approve(actor=staff, request=request, role=ADMIN)
    assert membership(resident, organisation).role == ADMIN


@pytest.mark.parametrize("who", ["member", "neighbour", "moderator", "requester"])
def test_only_admins_and_staff_decide(
    who, member, neighbour, moderator, resident, organisation
):
    request = ask(resident, organisation)
    actor = {
        "member": member,
        "neighbour": neighbour,
        "moderator": moderator,
        "requester": resident,
    }[who]
    with pytest.raises(PermissionDenied):
        services.representation_approve(actor=actor, request=request)
    with pytest.raises(PermissionDenied):
        services.representation_refuse(actor=actor, request=request, reason="Nie")
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_admin_of_another_organisation_cannot_decide(make_user, resident, organisation):
    from participation.models import Organisation

    other = Organisation.objects.create(
        name="Klub Sportowy", slug="klub", verified=True
    )
    outsider = make_user("outsider@example.org")
    OrganisationMembership.objects.create(
        user=outsider, organisation=other, verified=True, role=ADMIN
    )
    request = ask(resident, organisation)
    with pytest.raises(PermissionDenied):
        services.representation_approve(actor=outsider, request=request)


# --- roles, removal, leaving ---------------------------------------------------------
def test_admin_promotes_and_demotes(admin, member, organisation):
    services.representative_role_set(
        actor=admin, membership=membership(member, organisation), role=ADMIN
    )
    assert permissions.is_organisation_admin(member, organisation) is True
    assert membership(member, organisation).role == ADMIN
    services.representative_role_set(
        actor=member, membership=membership(admin, organisation), role=MEMBER
    )
    assert membership(admin, organisation).role == MEMBER
    assert actions(organisation) == [
        RepresentationAction.PROMOTED,
        RepresentationAction.DEMOTED,
    ]


def test_member_cannot_change_roles_or_remove(admin, member, organisation):
    with pytest.raises(PermissionDenied):
        services.representative_role_set(
            actor=member, membership=membership(member, organisation), role=ADMIN
        )
    with pytest.raises(PermissionDenied):
        services.representative_remove(
            actor=member, membership=membership(admin, organisation)
        )
    assert membership(member, organisation).role == MEMBER


def test_admin_removes_a_representative(admin, member, organisation):
    services.representative_remove(
        actor=admin, membership=membership(member, organisation)
    )
    assert permissions.organisations_for(member) == []
    assert actions(organisation) == [RepresentationAction.REMOVED]
    entry = RepresentationLogEntry.objects.get()
    assert (entry.actor, entry.subject) == (admin, member)


def test_member_leaves(member, organisation):
    services.representative_leave(
        user=member, membership=membership(member, organisation)
    )
    assert not OrganisationMembership.objects.filter(user=member).exists()
    assert actions(organisation) == [RepresentationAction.LEFT]


def test_nobody_leaves_for_someone_else(admin, member, organisation):
    with pytest.raises(PermissionDenied):
        services.representative_leave(
            user=admin, membership=membership(member, organisation)
        )


# --- the last admin ----------------------------------------------------------------
def test_last_admin_cannot_leave_without_handing_over(admin, member, organisation):
    with pytest.raises(ValidationError) as error:
        services.representative_leave(
            user=admin, membership=membership(admin, organisation)
        )
    assert "successor" in error.value.message_dict
    assert membership(admin, organisation).role == ADMIN


def test_last_admin_hands_over_and_leaves(admin, member, organisation):
    services.representative_leave(
        user=admin,
        membership=membership(admin, organisation),
        successor=membership(member, organisation),
    )
    assert membership(member, organisation).role == ADMIN
    assert not OrganisationMembership.objects.filter(user=admin).exists()
    assert actions(organisation) == [
        RepresentationAction.PROMOTED,
        RepresentationAction.LEFT,
    ]


def test_successor_must_represent_the_same_organisation(
    admin, member, make_user, organisation
):
    from participation.models import Organisation

    other = Organisation.objects.create(name="Klub", slug="klub", verified=True)
    stranger = make_user("s@example.org")
    foreign = OrganisationMembership.objects.create(
        user=stranger, organisation=other, verified=True
    )
    with pytest.raises(ValidationError):
        services.representative_leave(
            user=admin, membership=membership(admin, organisation), successor=foreign
        )
    assert membership(admin, organisation).role == ADMIN
    assert OrganisationMembership.objects.get(pk=foreign.pk).role == MEMBER


@pytest.mark.parametrize("actor", ["admin", "staff"])
def test_last_admin_cannot_be_demoted(actor, admin, member, staff, organisation):
    user = {"admin": admin, "staff": staff}[actor]
    with pytest.raises(ValidationError) as error:
        services.representative_role_set(
            actor=user, membership=membership(admin, organisation), role=MEMBER
        )
    assert error.value.code == "last_admin"
    assert membership(admin, organisation).role == ADMIN


def test_last_admin_cannot_be_removed_by_staff(admin, member, staff, organisation):
    with pytest.raises(ValidationError) as error:
        services.representative_remove(
            actor=staff, membership=membership(admin, organisation)
        )
    assert error.value.code == "last_admin"
    assert OrganisationMembership.objects.filter(user=admin).exists()


def test_one_of_two_admins_may_leave(admin, member, organisation):
    services.representative_role_set(
        actor=admin, membership=membership(member, organisation), role=ADMIN
    )
    services.representative_leave(
        user=admin, membership=membership(admin, organisation)
    )
    assert membership(member, organisation).role == ADMIN


def test_only_representative_may_leave(admin, organisation):
    services.representative_leave(
        user=admin, membership=membership(admin, organisation)
    )
    assert not OrganisationMembership.objects.filter(organisation=organisation).exists()


# --- account deletion --------------------------------------------------------------
def test_deleting_the_last_admins_account_makes_the_longest_member_admin(
    admin, member, resident, organisation
):
    ask(resident, organisation)
    user_delete(user=admin)

    assert membership(member, organisation).role == ADMIN
    assert actions(organisation) == [
        RepresentationAction.REQUESTED,
        RepresentationAction.ACCOUNT_DELETED,
        RepresentationAction.PROMOTED,
    ]


def test_organisation_left_without_admin_goes_to_staff(
    admin, resident, staff, organisation
):
    request = ask(resident, organisation)
    user_delete(user=admin)

    from participation.selectors.representatives import requests_to_decide

    assert list(requests_to_decide(staff)) == [request]
    services.representation_approve(actor=staff, request=request, role=ADMIN)
    assert membership(resident, organisation).role == ADMIN


def test_deleting_a_requesters_account_withdraws_the_request(resident, organisation):
    request = ask(resident, organisation)
    user_delete(user=resident)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


# --- permissions table ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "manage", "acts"),
    [
        ("anonymous", False, False),
        ("resident", False, False),
        ("member", False, True),
        ("admin", True, True),
        ("staff", True, False),
        ("moderator", False, False),
    ],
)
def test_permissions_per_role(
    role, manage, acts, admin, member, resident, staff, make_user, organisation
):
    from django.contrib.auth.models import AnonymousUser

    user = {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "member": member,
        "admin": admin,
        "staff": staff,
        "moderator": make_user("m@example.org", groups=[MODERATORS]),
    }[role]
    assert permissions.can_manage_representatives(user, organisation) is manage
    assert permissions.can_see_representation_log(user, organisation) is manage
    assert (organisation in permissions.organisations_for(user)) is acts


def test_unverified_organisation_gives_no_right_to_act(member, organisation):
    organisation.verified = False
    organisation.save()
    assert permissions.organisations_for(member) == []
