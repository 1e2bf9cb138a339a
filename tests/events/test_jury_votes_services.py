"""A jury's recommendations and votes through the services: drafting and
amendments with their history, one secret vote per juror, the threshold
arithmetic, who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import (
    JuryRecommendation,
    JuryTally,
    JuryVoteRecord,
    VoteStatus,
)
from events.services import jury_votes as services
from events.services.jury_votes import recommendation_passes

from .jury_votes_factories import jury_with_jurors, recommendation_in_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_user, facilitator):
    return jury_with_jurors(make_user, facilitator)


# --- threshold arithmetic -------------------------------------------------------------
@pytest.mark.parametrize(
    ("yes", "no", "abstain", "counts", "passes"),
    [
        (8, 2, 0, True, True),  # exactly 80 %
        (4, 1, 0, False, True),  # exactly 80 %, abstentions beside the point
        (79, 21, 0, True, False),  # 79 %
        (8, 1, 1, True, True),  # 8 of 10 counted: 80 %
        (8, 0, 3, True, False),  # 8 of 11: abstentions weigh like "no"
        (8, 0, 3, False, True),  # 8 of 8: abstentions not counted
        (7, 2, 1, False, False),  # 7 of 9 = 77.8 %
        (0, 0, 0, True, False),  # nobody voted
        (0, 0, 0, False, False),
        (0, 0, 5, False, False),  # only abstentions, not counted: nobody voted
        (0, 0, 5, True, False),
        (1, 0, 0, True, True),
    ],
)
def test_threshold_arithmetic(yes, no, abstain, counts, passes):
    assert (
        recommendation_passes(
            yes=yes,
            no=no,
            abstain=abstain,
            threshold_percent=80,
            abstentions_count=counts,
        )
        is passes
    )


def test_a_stricter_threshold_needs_more_yes():
    assert recommendation_passes(
        yes=9, no=1, abstain=0, threshold_percent=90, abstentions_count=True
    )
    assert not recommendation_passes(
        yes=8, no=2, abstain=0, threshold_percent=90, abstentions_count=True
    )


def _vote_all(recommendation, jurors, options):
    for juror, option in zip(jurors, options, strict=True):
        services.vote_cast(user=juror, recommendation=recommendation, option=option)


def test_closing_decides_with_the_jurys_rule_and_keeps_it(panel, facilitator):
    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    # 4 yes, 1 abstain: 80 % with abstentions counted.
    _vote_all(recommendation, jurors, ["yes", "yes", "yes", "yes", "abstain"])
    closed = services.vote_close(user=facilitator, recommendation=recommendation)
    assert closed.passed is True
    assert (closed.threshold_percent, closed.abstentions_counted) == (80, True)
    # A later change of the jury's settings does not change a decided vote.
    jury.threshold_percent = 100
    jury.save()
    closed.refresh_from_db()
    assert closed.passed is True


def test_abstentions_weigh_against_when_they_count(make_user, facilitator):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=5)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    _vote_all(recommendation, jurors, ["yes", "yes", "yes", "abstain", "abstain"])
    assert (
        services.vote_close(user=facilitator, recommendation=recommendation).passed
        is False
    )


def test_abstentions_left_out_when_the_jury_says_so(make_user, facilitator):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=5)
    jury.abstentions_count = False
    jury.save()
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    _vote_all(recommendation, jurors, ["yes", "yes", "yes", "abstain", "abstain"])
    closed = services.vote_close(user=facilitator, recommendation=recommendation)
    assert closed.passed is True and closed.abstentions_counted is False


def test_a_vote_nobody_cast_does_not_pass(panel, facilitator):
    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    assert (
        services.vote_close(user=facilitator, recommendation=recommendation).passed
        is False
    )


# --- one vote per juror ---------------------------------------------------------------
def test_a_juror_votes_once(panel, facilitator):
    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    assert (
        services.vote_cast(user=jurors[1], recommendation=recommendation, option="yes")
        == 1
    )
    with pytest.raises(ValidationError, match="Już głosowałeś"):
        services.vote_cast(user=jurors[1], recommendation=recommendation, option="no")
    tally = JuryTally.objects.get(recommendation=recommendation)
    assert (tally.yes, tally.no, tally.abstain) == (1, 0, 0)
    assert JuryVoteRecord.objects.filter(recommendation=recommendation).count() == 1


def test_the_database_refuses_a_second_record(panel, facilitator):
    from django.db import IntegrityError, transaction

    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    JuryVoteRecord.objects.create(recommendation=recommendation, juror=jurors[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        JuryVoteRecord.objects.create(recommendation=recommendation, juror=jurors[1])


def test_an_unknown_option_is_refused(panel, facilitator):
    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    with pytest.raises(ValidationError):
        services.vote_cast(
            user=jurors[1], recommendation=recommendation, option="maybe"
        )
    assert not JuryVoteRecord.objects.exists()


def test_no_vote_before_opening_or_after_closing(panel, facilitator):
    jury, jurors, _, _ = panel
    services.jury_drafting_set(user=facilitator, jury=jury, open=True)
    recommendation = services.recommendation_propose(
        user=jurors[0], jury=jury, title="Ławki", text="Ławki w parku."
    )
    with pytest.raises(ValidationError, match="nie jest otwarte"):
        services.vote_cast(user=jurors[0], recommendation=recommendation, option="yes")
    with pytest.raises(ValidationError, match="zamknij redagowanie"):
        services.vote_open(user=facilitator, recommendation=recommendation)
    services.jury_drafting_set(user=facilitator, jury=jury, open=False)
    services.vote_open(user=facilitator, recommendation=recommendation)
    services.vote_close(user=facilitator, recommendation=recommendation)
    with pytest.raises(ValidationError, match="nie jest otwarte"):
        services.vote_cast(user=jurors[0], recommendation=recommendation, option="yes")


# --- who may ---------------------------------------------------------------
@pytest.mark.parametrize("who", ["reserve", "dropped", "stranger", "facilitator"])
def test_only_seated_jurors_vote(panel, facilitator, make_user, who):
    jury, jurors, reserve, dropped = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    user = {
        "reserve": reserve,
        "dropped": dropped,
        "stranger": make_user("obcy@example.org"),
        "facilitator": facilitator,
    }[who]
    with pytest.raises(PermissionDenied):
        services.vote_cast(user=user, recommendation=recommendation, option="yes")
    assert not JuryVoteRecord.objects.exists()


def test_jurors_cannot_run_the_jury(panel, facilitator):
    jury, jurors, _, _ = panel
    with pytest.raises(PermissionDenied):
        services.jury_drafting_set(user=jurors[0], jury=jury, open=True)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    with pytest.raises(PermissionDenied):
        services.vote_close(user=jurors[0], recommendation=recommendation)


def test_only_officials_respond(panel, facilitator, official):
    jury, jurors, _, _ = panel
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    services.vote_close(user=facilitator, recommendation=recommendation)
    for user in (jurors[0], facilitator):
        with pytest.raises(PermissionDenied):
            services.recommendation_respond(
                user=user,
                recommendation=recommendation,
                decision="accepted",
                reasoning="Tak.",
            )
    response = services.recommendation_respond(
        user=official,
        recommendation=recommendation,
        decision="partly",
        reasoning="<b>Posadzimy</b> 300 drzew w 2027 r.",
    )
    assert response.reasoning == "Posadzimy 300 drzew w 2027 r."


# --- drafting and amendments ------------------------------------------------
def test_amendments_keep_the_history_until_drafting_closes(panel, facilitator):
    jury, jurors, reserve, _ = panel
    services.jury_drafting_set(user=facilitator, jury=jury, open=True)
    recommendation = services.recommendation_propose(
        user=jurors[0],
        jury=jury,
        title="Drzewa",
        text="Posadzić <script>x</script>drzewa.",
    )
    assert recommendation.text == "Posadzić xdrzewa."
    assert recommendation.proposed_by == jurors[0]
    services.recommendation_amend(
        user=jurors[1],
        recommendation=recommendation,
        title="Drzewa",
        text="Posadzić 500 drzew.",
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_amend(
            user=reserve, recommendation=recommendation, title="X", text="Y"
        )
    services.jury_drafting_set(user=facilitator, jury=jury, open=False)
    with pytest.raises(ValidationError, match="Redagowanie zamknięte"):
        services.recommendation_amend(
            user=jurors[1],
            recommendation=recommendation,
            title="Drzewa",
            text="Inaczej.",
        )
    recommendation.refresh_from_db()
    assert recommendation.text == "Posadzić 500 drzew."
    history = list(recommendation.versions.values_list("number", "text", "author"))
    assert history == [
        (1, "Posadzić xdrzewa.", jurors[0].pk),
        (2, "Posadzić 500 drzew.", jurors[1].pk),
    ]
    assert JuryRecommendation.objects.get().vote_status == VoteStatus.DRAFT
