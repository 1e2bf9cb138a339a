"""Builders for tests of a jury's votes: a jury event with seated jurors, a
reserve and one who left, and recommendations put to the vote."""

from django.utils import timezone

from events.models import JurySeat, SeatRole
from events.services import jury_votes as services
from tests.events.jury_factories import make_application, make_jury


def seat(jury, user, role=SeatRole.PANEL, *, rank=None, left=False) -> JurySeat:
    application = make_application(jury, user)
    return JurySeat.objects.create(
        jury=jury,
        application=application,
        role=role,
        reserve_rank=rank,
        seated_at=timezone.now(),
        left_at=timezone.now() if left else None,
    )


def jury_with_jurors(make_user, facilitator, *, jurors=5, **fields):
    """(jury, [jurors], reserve, dropped)."""
    jury = make_jury(facilitators=[facilitator], **fields)
    people = [make_user(f"juror{i}@example.org") for i in range(jurors)]
    for person in people:
        seat(jury, person)
    reserve = make_user("reserve@example.org", display_name="Rezerwowa")
    seat(jury, reserve, SeatRole.RESERVE, rank=1)
    dropped = make_user("dropped@example.org", display_name="Odeszła")
    seat(jury, dropped, left=True)
    return jury, people, reserve, dropped


def recommendation_in_vote(jury, juror, facilitator, title="Więcej drzew"):
    """A recommendation proposed by ``juror``, drafting closed, vote open."""
    services.jury_drafting_set(user=facilitator, jury=jury, open=True)
    recommendation = services.recommendation_propose(
        user=juror, jury=jury, title=title, text="Posadzić 500 drzew w centrum."
    )
    services.jury_drafting_set(user=facilitator, jury=jury, open=False)
    return services.vote_open(user=facilitator, recommendation=recommendation)
