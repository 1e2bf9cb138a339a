"""Demo content of the comment thread (``manage.py seed_demo``): the NGO the demo
representative speaks for (ngo@example.org is its admin representative, and a
resident's request to represent it waits for a decision), and one report so the
moderation queue has work. Idempotent; the comments themselves come from the
apps that host threads."""

from django.contrib.auth import get_user_model

NGO_EMAIL = "ngo@example.org"
REPORTER_EMAIL = "resident@example.org"
# Asks to represent Fundacja Razem: the NGO user's decision page has work. A
# resident of the consultations demo if it ran, else the demo resident.
REQUESTER_EMAILS = ("ewa.wojcik@example.org", REPORTER_EMAIL)
REQUEST_MESSAGE = (
    "Od roku koordynuję wolontariuszy fundacji i chcę zapisywać nas na spotkania."
)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed(stdout=None) -> None:
    from . import services
    from .models import (
        Comment,
        CommentFlag,
        Organisation,
        OrganisationMembership,
        RepresentativeRole,
    )

    organisation, created = Organisation.objects.get_or_create(
        slug="fundacja-razem",
        defaults={"name": "Fundacja Razem", "krs": "0000123456", "verified": True},
    )
    _say(stdout, f"  {'created' if created else 'kept   '}  {organisation.name}")
    # The registry's demo organisations (and Fundacja Razem's details).
    # The shell's placeholder page at /organizacje/ stays (the seeded demo's
    # tests expect it); the registry's URLs come first, so it is never served.
    from . import demo_organisations

    demo_organisations.seed(stdout)
    users = get_user_model().objects
    ngo = users.filter(email=NGO_EMAIL).first()
    if ngo is not None:
        # Admin even where the consultations demo made the membership first.
        OrganisationMembership.objects.update_or_create(
            user=ngo,
            organisation=organisation,
            defaults={"verified": True, "role": RepresentativeRole.ADMIN},
        )
        _say(stdout, f"  admin    {NGO_EMAIL} represents {organisation.name}")
    _seed_request(organisation, stdout)

    from .demo_proposals import seed_proposals

    seed_proposals(stdout)

    reporter = users.filter(email=REPORTER_EMAIL).first()
    if reporter is None or CommentFlag.objects.exists():
        return
    candidate = (
        Comment.objects.public()
        .filter(parent__isnull=False)
        .exclude(author=reporter)
        .order_by("pk")
        .first()
    )
    if candidate is not None:
        services.comment_flag(
            user=reporter,
            comment=candidate,
            reason="Ten wpis nie dotyczy projektu uchwały.",
        )
        _say(stdout, f"  reported comment #{candidate.pk} for the moderators")


def _seed_request(organisation, stdout) -> None:
    from .models import RepresentationRequest
    from .services import representation_request

    if RepresentationRequest.objects.filter(organisation=organisation).exists():
        return
    users = get_user_model().objects
    requester = next(
        (
            user
            for email in REQUESTER_EMAILS
            if (user := users.filter(email=email).first()) is not None
        ),
        None,
    )
    if requester is None:
        return
    representation_request(
        user=requester, organisation=organisation, message=REQUEST_MESSAGE
    )
    _say(stdout, f"  request  {requester.email} asks to represent {organisation.name}")
