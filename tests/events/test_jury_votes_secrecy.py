"""Ballot secrecy: nothing the site stores links a juror to an option.

The strongest check we can make: the whole database after "juror A yes,
juror B no" equals the whole database after "juror A no, juror B yes", every
table and row, timestamps aside (they differ between the two runs only by the
clock). If anything written during a vote named the option next to the
person, or in an order or at a time that could be matched with them, the two
would differ."""

import re

import pytest
from django.db import connection, transaction

from events.models import JuryTally, JuryVoteRecord
from tests.events.jury_votes_factories import jury_with_jurors, recommendation_in_vote

pytestmark = pytest.mark.django_db

TIME_RE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?")
# The vote records' random keys differ from run to run whatever the votes
# (uuid4, drawn independently of the option): compared as "<random>".
UUID_RE = re.compile(
    r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$"
)


def _normal(value):
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return "<time>"
    if isinstance(value, str):
        if UUID_RE.match(value):
            return "<random>"
        return TIME_RE.sub("<time>", value)
    if hasattr(value, "hex") and type(value).__name__ == "UUID":
        return "<random>"
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return value


def dump() -> dict:
    """Every row of every table, as sorted tuples."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = [tuple(_normal(v) for v in row) for row in cursor.fetchall()]
            tables[table] = sorted(rows, key=repr)
    return tables


def _sequences() -> list:
    """PostgreSQL's sequences, which a rollback does not turn back (SQLite's
    counters roll back with the transaction)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences"
        )
        return cursor.fetchall()


def _restore(sequences: list) -> None:
    with connection.cursor() as cursor:
        for name, last_value in sequences:
            if last_value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [name])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [name, last_value])


def _diff(a: dict, b: dict) -> dict:
    return {
        table: (
            [r for r in a[table] if r not in b[table]],
            [r for r in b[table] if r not in a[table]],
        )
        for table in a
        if a[table] != b[table]
    }


@pytest.fixture
def voting(make_user, facilitator, client):
    jury, jurors, _, _ = jury_with_jurors(make_user, facilitator, jurors=3)
    recommendation = recommendation_in_vote(jury, jurors[0], facilitator)
    return jury, jurors, recommendation


def _vote_over_http(jury, juror, recommendation, option, client):
    client.force_login(juror)
    response = client.post(
        f"/wydarzenia/{jury.event_id}/rekomendacje/{recommendation.pk}/glos/",
        {"option": option},
    )
    assert response.status_code == 302, response.content[:300]
    # The page after the vote says that the juror voted, not how.
    page = client.get(response["Location"]).content.decode()
    assert "Twój głos został oddany" in page
    client.logout()


def test_swapping_two_jurors_votes_leaves_the_same_database(
    voting, client, django_capture_on_commit_callbacks
):
    jury, jurors, recommendation = voting
    a, b = jurors[0], jurors[1]
    before = dump()

    def run(first, second):
        with django_capture_on_commit_callbacks(execute=True):
            _vote_over_http(jury, a, recommendation, first, client)
            _vote_over_http(jury, b, recommendation, second, client)
        return dump()

    sequences = _sequences()
    savepoint = transaction.savepoint()
    yes_no = run("yes", "no")
    transaction.savepoint_rollback(savepoint)
    _restore(sequences)
    no_yes = run("no", "yes")

    assert yes_no != before  # the votes did write something …
    changed = _diff(before, no_yes)
    assert "events_juryvoterecord" in changed and "events_jurytally" in changed
    # … and exactly the same whoever chose which option.
    assert _diff(yes_no, no_yes) == {}
    tally = JuryTally.objects.get(recommendation=recommendation)
    assert (tally.yes, tally.no, tally.abstain) == (1, 1, 0)


def test_the_traces_of_a_vote_are_a_counter_and_a_dated_record(voting, client):
    jury, jurors, recommendation = voting
    before = dump()
    _vote_over_http(jury, jurors[1], recommendation, "abstain", client)
    changed = _diff(before, dump())
    # Apart from the login's own rows (the session, the last login), only the
    # tally and the record changed.
    assert set(changed) - {"django_session", "accounts_user", "cms_user"} <= {
        "events_jurytally",
        "events_juryvoterecord",
    }, changed.keys()
    record = JuryVoteRecord.objects.get()
    columns = {f.column for f in JuryVoteRecord._meta.concrete_fields}
    assert columns == {"id", "recommendation_id", "juror_id", "voted_on"}
    assert type(record.voted_on).__name__ == "date"
    tally_columns = {f.column for f in JuryTally._meta.concrete_fields}
    assert tally_columns == {"recommendation_id", "yes", "no", "abstain"}
    # Login rows say nothing of the option either.
    for table in set(changed) - {"events_jurytally"}:
        for row in changed[table][1]:
            assert "abstain" not in repr(row)
