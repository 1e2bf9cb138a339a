"""Demo content of the comment thread (``manage.py seed_demo``): the NGO the demo
representative speaks for, and one report so the moderation queue has work.
Idempotent; the comments themselves come from the apps that host threads."""

from django.contrib.auth import get_user_model

NGO_EMAIL = "ngo@example.org"
REPORTER_EMAIL = "resident@example.org"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed(stdout=None) -> None:
    from . import services
    from .models import Comment, CommentFlag, Organisation, OrganisationMembership

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
        OrganisationMembership.objects.get_or_create(
            user=ngo, organisation=organisation, defaults={"verified": True}
        )

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
