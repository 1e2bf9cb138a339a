"""The proposal workflow: every step allowed and refused per role and state,
who/when/why recorded on the public timeline, and the e-mails of each step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.live.models import StreamEvent
from participation import services
from participation.models import (
    OpinionVerdict,
    Proposal,
    ProposalState,
    ProposalTransition,
)
from participation.permissions_proposals import STEPS, step_denied_reason

from .proposal_factories import draft, submitted

pytestmark = pytest.mark.django_db
S = ProposalState


def _in_state(proposal, state, department=None):
    Proposal.objects.filter(pk=proposal.pk).update(state=state, department=department)
    proposal.refresh_from_db()
    return proposal


def _take(action, proposal, user, department=None):
    kwargs = {"proposal": proposal, "user": user}
    if action == "take_up":
        kwargs |= {"department": department}
    elif action == "publish_opinion":
        kwargs |= {"verdict": OpinionVerdict.PARTLY, "reasoning": "Częściowo."}
    elif action != "submit":
        kwargs["reason"] = "Bo tak postanowiono."
    return services.PROPOSAL_STEP_SERVICES[action](**kwargs)


@pytest.fixture
def people(ngo, resident, neighbour, official, other_official, organisation):
    return {
        "author": ngo,  # filed on behalf of the organisation
        "resident": resident,
        "other": neighbour,
        "official": official,  # of the department the proposal is sent to
        "other_official": other_official,
    }


# Who may take each step: (action, role allowed, roles refused).
TABLE = [
    ("submit", "author", ["resident", "official"]),
    ("take_up", "official", ["author", "resident"]),
    ("take_up", "other_official", ["author"]),
    ("publish_opinion", "official", ["author", "other_official", "resident"]),
    ("accept", "official", ["author", "other_official"]),
    ("reject", "official", ["author", "other_official"]),
    ("withdraw", "author", ["official", "resident"]),
    ("implement", "official", ["author", "other_official"]),
]


@pytest.mark.parametrize("action,allowed,refused", TABLE)
def test_each_step_is_taken_by_its_role_and_refused_for_others(
    people, organisation, department, action, allowed, refused
):
    step = STEPS[action]
    for role in refused:
        proposal = draft(people["author"], on_behalf_of=organisation)
        _in_state(proposal, next(iter(step.sources)), department)
        with pytest.raises(PermissionDenied):
            _take(action, proposal, people[role], department)
        proposal.refresh_from_db()
        assert proposal.state == next(iter(step.sources))
    proposal = draft(people["author"], on_behalf_of=organisation)
    source = next(iter(step.sources))
    _in_state(proposal, source, department)
    result = _take(action, proposal, people[allowed], department)
    assert result.state == step.target
    row = ProposalTransition.objects.get(proposal=proposal)
    assert (row.from_state, row.to_state, row.actor) == (
        source,
        step.target,
        people[allowed],
    )


@pytest.mark.parametrize("action", list(STEPS))
def test_every_step_is_refused_from_every_state_it_does_not_start_from(
    people, organisation, department, action
):
    step = STEPS[action]
    role = {"author": "author"}.get(step.role, "official")
    for state in set(S.values) - set(step.sources):
        proposal = draft(people["author"], on_behalf_of=organisation)
        _in_state(proposal, state, department)
        with pytest.raises(PermissionDenied, match="obecnym stanie"):
            _take(action, proposal, people[role], department)
        assert Proposal.objects.get(pk=proposal.pk).state == state
    assert not ProposalTransition.objects.exists()


def test_any_representative_of_the_filing_organisation_is_an_author(
    make_user, ngo, organisation
):
    from participation.models import OrganisationMembership

    colleague = make_user("colleague@example.org")
    OrganisationMembership.objects.create(
        user=colleague, organisation=organisation, verified=True
    )
    proposal = draft(ngo, on_behalf_of=organisation)
    assert step_denied_reason(colleague, proposal, "submit") is None
    services.proposal_submit(proposal=proposal, user=colleague)
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_full_workflow_records_who_when_why_and_signs_the_opinion(
    ngo, organisation, official, department
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    services.proposal_take_up(proposal=proposal, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=proposal,
        user=official,
        verdict=OpinionVerdict.POSITIVE,
        reasoning="Zgoda, <script>alert(1)</script>**od 2027**.",
    )
    proposal.refresh_from_db()
    assert proposal.opinion_department == department
    assert "<script>" not in proposal.opinion_reasoning
    assert "<strong>od 2027</strong>" in proposal.opinion_reasoning
    services.proposal_accept(proposal=proposal, user=official, reason="Przyjęty.")
    services.proposal_implement(proposal=proposal, user=official)
    steps = list(proposal.transitions.values_list("to_state", "reason"))
    assert steps == [
        (S.SUBMITTED, ""),
        (S.UNDER_REVIEW, ""),
        (S.OPINION_PUBLISHED, ""),
        (S.ACCEPTED, "Przyjęty."),
        (S.IMPLEMENTED, ""),
    ]
    assert proposal.transitions.first().organisation == organisation
    assert proposal.transitions.last().department == department
    events = StreamEvent.objects.filter(
        stream__name=f"participation.proposal.{proposal.pk}", type="proposal.updated"
    )
    assert [e.payload["state"] for e in events.order_by("seq")] == [s for s, _ in steps]


def test_steps_that_need_a_reason_refuse_without_one(ngo, organisation):
    proposal = submitted(ngo, on_behalf_of=organisation)
    with pytest.raises(ValidationError) as error:
        services.proposal_withdraw(proposal=proposal, user=ngo, reason="  ")
    assert "reason" in error.value.error_dict
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_opinion_needs_a_verdict_and_reasoning(ngo, organisation, official, department):
    proposal = submitted(ngo, on_behalf_of=organisation)
    services.proposal_take_up(proposal=proposal, user=official, department=department)
    with pytest.raises(ValidationError) as error:
        services.proposal_opinion_publish(
            proposal=proposal, user=official, verdict="great", reasoning=""
        )
    assert set(error.value.error_dict) == {"verdict", "reasoning"}
    assert Proposal.objects.get(pk=proposal.pk).state == S.UNDER_REVIEW


def test_authors_cosigners_and_followers_get_an_email_at_each_step(
    ngo,
    organisation,
    official,
    department,
    resident,
    neighbour,
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    services.proposal_sign(proposal=proposal, user=resident)
    services.proposal_follow(proposal=proposal, user=neighbour, follow=True)
    quitter = make_user("quitter@example.org")
    services.proposal_sign(proposal=proposal, user=quitter)
    services.proposal_unsign(proposal=proposal, user=quitter)
    # Signing also follows; withdrawing the signature does not unfollow.
    services.proposal_follow(proposal=proposal, user=quitter, follow=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_take_up(
            proposal=proposal, user=official, department=department
        )
    # Each recipient gets their own message (no one sees the others' address).
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [ngo.email, resident.email, neighbour.email]
    )
    message = mailoutbox[0]
    assert "Dłuższe godziny świetlic" in message.subject
    assert "w trakcie rozpatrywania" in message.subject
    assert department.name in message.body
    assert f"/wnioski/{proposal.pk}/" in message.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_withdraw(proposal=proposal, user=ngo, reason="Nieaktualny.")
    # The author who withdrew hears nothing of their own step.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [resident.email, neighbour.email]
    )
    assert all("Nieaktualny." in m.body for m in mailoutbox)
