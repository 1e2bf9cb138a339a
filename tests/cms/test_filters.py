"""cms.filters: a listing's GET filters are an offered value or nothing."""

import pytest
from django.http import QueryDict

from cms.filters import choice, id_param, year_param
from cms.params import MAX_ID

STATUSES = ("open", "closed")


def get(**params) -> QueryDict:
    """request.GET as a browser would send ``params``."""
    query = QueryDict(mutable=True)
    query.update(params)
    return query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", "open"),
        ("", ""),
        ("status=", ""),
        ("status=bogus", ""),
        ("status=OPEN", ""),  # values are exact, not case-folded
        ("status=open%20", ""),
        ("status=%00", ""),
        ("status=otwarte%C5%BC", ""),
        ("status=bogus&status=closed", "closed"),  # the last one, as QueryDict.get
    ],
)
def test_choice_returns_only_an_offered_value(query, expected):
    assert choice(QueryDict(query), "status", STATUSES) == expected


def test_choice_treats_an_empty_value_as_no_filter_even_when_offered():
    assert choice(QueryDict("anchor="), "anchor", {"", "p1"}) == ""
    assert choice({"anchor": ["p1"]}, "anchor", {"p1"}) == ""  # not a string


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 400, None),
        ("0", None),
        ("-3", None),
        ("+3", None),
        (" 3", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() would read 12
        ("３", None),  # full-width digit
        ("3.0", None),
        ("", None),
    ],
)
def test_id_param_reads_only_ascii_ids_that_fit_the_column(value, expected):
    assert id_param(get(department=value), "department") == expected


def test_id_param_without_the_parameter_is_none():
    assert id_param(QueryDict(""), "department") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", 2025),
        ("1999", 1999),
        ("²⁰²⁵", None),
        ("٢٠٢٥", None),
        ("２０２５", None),
        ("99999999999", None),
        ("202", None),
        ("20250", None),
        ("-202", None),
        ("20 5", None),
        ("", None),
    ],
)
def test_year_param_reads_four_ascii_digits(value, expected):
    assert year_param(get(year=value)) == expected
