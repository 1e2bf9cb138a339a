import pytest

from cms.params import MAX_ID, parse_id


@pytest.mark.parametrize(
    ("value", "expected"), [("16", 16), ("1", 1), (str(MAX_ID), MAX_ID)]
)
def test_parse_id_reads_canonical_ids(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "value",
    ["016", "00", "0", "", "16\n", " 16", "+16", "1_6", "²", str(MAX_ID + 1), 16],
)
def test_parse_id_refuses_every_other_spelling(value):
    # One id, one spelling: "016" would name stream 16 under another group name.
    assert parse_id(value) is None
