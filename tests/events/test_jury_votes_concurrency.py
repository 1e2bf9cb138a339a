"""One vote per juror when their two phones vote at the same moment, and no
vote lost when many jurors vote at once: each call in its own thread with its
own connection, on PostgreSQL (SQLite serialises whole transactions, so the
test is skipped there). Run with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_juryvotes``."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.models import JuryTally, JuryVoteRecord
from events.services import jury_votes as services

from .jury_votes_factories import jury_with_jurors, recommendation_in_vote
from .test_registration_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel transactions need PostgreSQL",
    ),
]


def test_two_phones_of_one_juror_cast_one_vote(make_user, facilitator, settings):
    settings.LIVE_TALLY_SECONDS = 0
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=3)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    juror = jurors[1]
    results = run_together(
        [
            lambda option=option: services.vote_cast(
                user=juror, recommendation=recommendation, option=option
            )
            for option in ["yes", "no", "abstain", "yes"]
        ]
    )
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert all(isinstance(r, int) or isinstance(r, ValidationError) for r in results), (
        results
    )
    tally = JuryTally.objects.get(recommendation=recommendation)
    assert tally.yes + tally.no + tally.abstain == 1
    assert JuryVoteRecord.objects.filter(recommendation=recommendation).count() == 1


def test_many_jurors_at_once_lose_no_vote(make_user, facilitator):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=8)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    options = ["yes"] * 5 + ["no"] * 2 + ["abstain"]
    results = run_together(
        [
            lambda juror=juror, option=option: services.vote_cast(
                user=juror, recommendation=recommendation, option=option
            )
            for juror, option in zip(jurors, options, strict=True)
        ]
    )
    assert all(isinstance(r, int) for r in results), results
    tally = JuryTally.objects.get(recommendation=recommendation)
    assert (tally.yes, tally.no, tally.abstain) == (5, 2, 1)
    assert JuryVoteRecord.objects.filter(recommendation=recommendation).count() == 8


def test_the_tallys_last_writer_is_not_a_voter(make_user, facilitator):
    """PostgreSQL keeps the transaction that last wrote each row (xmin): after
    the close, the tally's is the close's, not the last voter's (nor the
    neighbouring id of the vote's savepoint)."""
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=3)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    for juror, option in zip(jurors, ["yes", "no", "yes"], strict=True):
        services.vote_cast(user=juror, recommendation=recommendation, option=option)

    def xmins(table, column):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT xmin::text FROM {table} WHERE {column} = %s",
                [recommendation.pk],
            )
            return {row[0] for row in cursor.fetchall()}

    voters = xmins("events_juryvoterecord", "recommendation_id")
    assert len(voters) == 3
    services.vote_close(user=facilitator, recommendation=recommendation)
    (tally,) = xmins("events_jurytally", "recommendation_id")
    assert tally == next(iter(xmins("events_juryrecommendation", "id")))
    assert tally not in voters
