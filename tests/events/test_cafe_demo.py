"""The demo cafés: the upcoming one on the 2027 programme set up, the past
one with ideas, dots and its harvest on the consultation; idempotent, no
e-mail, nothing when the pages are absent."""

from datetime import timedelta

import pytest
from django.core import mail

from events.demo_cafe import seed_cafes
from events.models import CafeDot, CafeIdea, CafeRound, CafeSeat, CafeTable
from participation.models import Comment
from tests.consultations.factories import make_consultation

from .cafe_factories import make_cafe

pytestmark = pytest.mark.django_db


def test_nothing_happens_without_the_cafe_pages(facilitator):
    seed_cafes()
    assert not CafeTable.objects.exists()


def test_demo_cafes_are_set_up_once(facilitator, capsys):
    programme = make_consultation(
        "Roczny program współpracy 2027", slug="program-wspolpracy-2027"
    )
    upcoming = make_cafe(facilitator=facilitator, consultation=programme)
    past = make_cafe(
        facilitator=facilitator,
        consultation=programme,
        starts_in=-timedelta(days=10),
        slug="kawiarenka-wiosenna",
    )
    seed_cafes()
    assert CafeTable.objects.filter(event=upcoming).count() == 3
    assert CafeRound.objects.filter(event=upcoming, status="planned").count() == 3
    assert CafeTable.objects.filter(event=past).count() == 3
    assert CafeSeat.objects.filter(round__event=past).count() == 20  # 10 × 2
    ideas = CafeIdea.objects.filter(event=past)
    assert ideas.count() == 7
    for idea in ideas:
        assert CafeDot.objects.filter(idea=idea).count() == idea.dot_count
    harvested = Comment.objects.filter(behalf_label__contains="Kawiarenka")
    assert harvested.count() == ideas.filter(harvested_comment__isnull=False).count()
    assert harvested.count() >= 3
    assert all(c.target == programme for c in harvested)
    assert mail.outbox == []

    counts = (
        CafeTable.objects.count(),
        CafeIdea.objects.count(),
        Comment.objects.count(),
    )
    seed_cafes()
    assert (
        CafeTable.objects.count(),
        CafeIdea.objects.count(),
        Comment.objects.count(),
    ) == counts
