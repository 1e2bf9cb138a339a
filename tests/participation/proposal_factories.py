"""Proposals for tests, made through the services (as a person would)."""

from participation import services
from participation.models import Organisation, OrganisationMembership

TEXTS = {
    "title": "Dłuższe godziny świetlic",
    "problem": "Świetlice zamykają się o **15:00**.",
    "proposed_change": "Otwarcie do 18:00 w programie współpracy.",
    "justification": "Rodzice pracują do 17:00.",
    "sphere": "children_youth",
    "concerns": "policy",
    "concerns_title": "Program współpracy 2027",
}


def draft(user, *, on_behalf_of=None, **fields):
    return services.proposal_create(
        user=user, on_behalf_of=on_behalf_of, **{**TEXTS, **fields}
    )


def submitted(user, **fields):
    proposal = draft(user, **fields)
    return services.proposal_submit(proposal=proposal, user=user)


def organisation_with_rep(make_user, name: str, email: str):
    slug = name.lower().replace(" ", "-")
    org = Organisation.objects.create(name=name, slug=slug, verified=True)
    rep = make_user(email, display_name=f"Rep {name}")
    OrganisationMembership.objects.create(user=rep, organisation=org, verified=True)
    return org, rep
