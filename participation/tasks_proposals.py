"""The e-mail at each step of a proposal: its authors, co-signers and followers
hear what happened, once each, whoever did it excepted. The task loads the rows
afresh (see participation.tasks for why nothing retries)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from cms.links import absolute_url

EMAIL_LANGUAGE = "pl"


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active and user.deleted_at is None


def step_recipients(transition) -> list:
    """Authors (the filer, and the representatives of the organisation that
    filed), active co-signers and followers; not the one who took the step."""
    from django.contrib.auth import get_user_model

    proposal = transition.proposal
    users = (
        get_user_model()
        .objects.filter(_recipient_filter(proposal))
        .distinct()
        .order_by("pk")
    )
    return [
        user for user in users if user.pk != transition.actor_id and _can_receive(user)
    ]


def _recipient_filter(proposal):
    from django.db.models import Q

    condition = Q(proposal_follows__proposal=proposal) | Q(
        proposal_signatures__proposal=proposal,
        proposal_signatures__withdrawn_at__isnull=True,
    )
    if proposal.author_id:
        condition |= Q(pk=proposal.author_id)
    if proposal.on_behalf_of_id:
        condition |= Q(
            organisation_memberships__organisation_id=proposal.on_behalf_of_id,
            organisation_memberships__verified=True,
        )
    return condition


@task()
def proposal_step_notice_send(*, transition_id: int) -> int:
    """Mail everyone concerned about step ``transition_id``; how many were sent."""
    from .models import ProposalTransition

    transition = (
        ProposalTransition.objects.select_related(
            "proposal", "proposal__opinion_department", "department", "organisation"
        )
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return 0
    proposal = transition.proposal
    sent = 0
    with translation.override(EMAIL_LANGUAGE):
        subject = _("Proposal “%(title)s”: %(state)s") % {
            "title": proposal.title,
            "state": transition.get_to_state_display(),
        }
        for recipient in step_recipients(transition):
            body = render_to_string(
                "participation/emails/proposal_step.txt",
                {
                    "recipient": recipient,
                    "proposal": proposal,
                    "transition": transition,
                    "url": absolute_url(proposal.get_url()),
                },
            )
            EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
            sent += 1
    return sent
