"""Who may do what with policy proposals, and the workflow's one table of
allowed steps. Views, templates, services and the stream's read check ask
these functions; no proposal rule lives anywhere else."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.accounts.permissions import has_verified_email, is_official, is_signed_in
from cms.live.registry import stream_name
from cms.params import parse_id

from .models import Proposal, ProposalState
from .permissions import organisations_for

STREAM_PREFIX = "participation.proposal"

S = ProposalState

# Who takes a step: the proposal's authors, any official of the office (taking
# a proposal up and sending it to a department), or an official of the
# department it was sent to.
AUTHOR = "author"
OFFICE = "office"
DEPARTMENT = "department"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset
    target: str
    role: str
    label: str
    reason_required: bool


STEPS = {
    step.action: step
    for step in (
        Step("submit", frozenset({S.DRAFT}), S.SUBMITTED, AUTHOR,
             gettext_lazy("Submit"), False),
        Step("take_up", frozenset({S.SUBMITTED}), S.UNDER_REVIEW, OFFICE,
             gettext_lazy("Take up and assign to a department"), False),
        Step("publish_opinion", frozenset({S.UNDER_REVIEW}), S.OPINION_PUBLISHED,
             DEPARTMENT, gettext_lazy("Publish the opinion"), False),
        Step("accept", frozenset({S.OPINION_PUBLISHED}), S.ACCEPTED, DEPARTMENT,
             gettext_lazy("Accept"), True),
        Step("reject", frozenset({S.OPINION_PUBLISHED}), S.REJECTED, DEPARTMENT,
             gettext_lazy("Reject"), True),
        Step("withdraw",
             frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.OPINION_PUBLISHED}),
             S.WITHDRAWN, AUTHOR, gettext_lazy("Withdraw the proposal"), True),
        Step("implement", frozenset({S.ACCEPTED}), S.IMPLEMENTED, DEPARTMENT,
             gettext_lazy("Mark as implemented"), False),
    )
}  # fmt: skip

# Co-signing counts while the office has not yet given its opinion.
SIGNING_STATES = frozenset({S.SUBMITTED, S.UNDER_REVIEW})
# Comments are open once filed, until the proposal is closed one way or another.
COMMENTING_STATES = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.OPINION_PUBLISHED, S.ACCEPTED}
)


def proposal_stream(proposal: Proposal) -> str:
    """The proposal's live stream: its steps, signatures and comment thread."""
    return stream_name(STREAM_PREFIX, proposal.pk)


def is_proposal_author(user, proposal: Proposal) -> bool:
    """The person who filed it, or (for one filed by an organisation) any of
    the organisation's verified representatives."""
    if not is_signed_in(user):
        return False
    if proposal.author_id == user.pk:
        return True
    return proposal.on_behalf_of_id is not None and any(
        org.pk == proposal.on_behalf_of_id for org in organisations_for(user)
    )


def is_proposal_department_official(user, proposal: Proposal) -> bool:
    """Officials of the department the proposal was sent to; before it has
    one, any official."""
    if not is_official(user):
        return False
    if proposal.department_id is None:
        return True
    return user.is_superuser or user.department_id == proposal.department_id


def can_view_proposal(user, proposal: Proposal) -> bool:
    """Drafts are their authors' alone; every other state is public."""
    if proposal.state == S.DRAFT:
        return is_proposal_author(user, proposal)
    return True


def has_role(user, proposal: Proposal, role: str) -> bool:
    if role == AUTHOR:
        return is_proposal_author(user, proposal)
    if role == OFFICE:
        return is_official(user)
    return is_proposal_department_official(user, proposal)


def step_denied_reason(user, proposal: Proposal, action: str) -> str | None:
    """None if ``user`` may take step ``action`` now, else why not."""
    step = STEPS.get(action)
    if step is None:
        return _("Unknown step.")
    if proposal.state not in step.sources:
        return _("This step is not possible in the proposal's current state.")
    if not has_role(user, proposal, step.role):
        return _("You may not take this step.")
    return None


def steps_for(user, proposal: Proposal) -> list[Step]:
    """The steps ``user`` may take on ``proposal`` now (the page's buttons)."""
    return [
        step
        for action, step in STEPS.items()
        if step_denied_reason(user, proposal, action) is None
    ]


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return proposal.state == S.DRAFT and is_proposal_author(user, proposal)


def can_file_proposal(user) -> bool:
    return is_signed_in(user) and has_verified_email(user)


def signing_denied_reason(user, proposal: Proposal, organisation=None) -> str | None:
    """None if ``user`` may co-sign ``proposal`` (for ``organisation``, one of
    theirs, or for themselves), else why not."""
    if not is_signed_in(user):
        return _("Log in to co-sign.")
    if not has_verified_email(user):
        return _("Confirm your e-mail address to co-sign.")
    if proposal.state not in SIGNING_STATES:
        return _("Co-signing is closed for this proposal.")
    if organisation is not None:
        if all(org.pk != organisation.pk for org in organisations_for(user)):
            return _("You do not represent this organisation.")
        if organisation.pk == proposal.on_behalf_of_id:
            return _("The organisation that filed the proposal cannot co-sign it.")
    elif proposal.author_id == user.pk and proposal.on_behalf_of_id is None:
        return _("You filed this proposal: your signature is on it already.")
    return None


def proposal_comment_denied_reason(user, proposal: Proposal) -> str | None:
    if proposal.state not in COMMENTING_STATES:
        return _("Comments are closed for this proposal.")
    return None


def can_read_proposal_stream(viewer, key: str) -> bool:
    """A proposal's live events are as visible as the proposal."""
    pk = parse_id(key)
    if pk is None:
        return False
    proposal = Proposal.objects.filter(pk=pk).first()
    return proposal is not None and can_view_proposal(viewer.user, proposal)
