"""A juror who drops out is replaced from the reserve list, keeping quotas."""

import pytest

from events.sortition import PoolMember, choose_replacement
from events.sortition.types import DrawError

QUOTAS = {
    "płeć": {"k": (2, 2), "m": (1, 2)},
    "wiek": {"młody": (1, 2), "stary": (1, 2)},
}


def member(number, gender, age, household=None):
    return PoolMember(
        number=number,
        household=household or f"h{number}",
        features={"płeć": gender, "wiek": age},
    )


PANEL = [
    member("1", "k", "młody"),
    member("2", "k", "stary"),
    member("3", "m", "stary"),
]


def test_first_reserve_with_the_same_strata_takes_the_seat():
    reserves = [
        member("7", "m", "młody"),
        member("8", "k", "stary"),
        member("9", "k", "stary"),
    ]
    chosen, moved = choose_replacement(PANEL[1], reserves, PANEL, QUOTAS)
    assert chosen.number == "8"
    assert moved == []


def test_without_a_twin_the_closest_reserve_keeps_the_quotas_and_says_what_moved():
    # Juror 2 (k, stary) leaves. 7 (m, młody) would leave one woman: below the
    # minimum of 2. 8 (k, młody) keeps every quota; only the age count moves.
    reserves = [member("7", "m", "młody"), member("8", "k", "młody")]
    chosen, moved = choose_replacement(PANEL[1], reserves, PANEL, QUOTAS)
    assert chosen.number == "8"
    assert moved == ["wiek"]


def test_a_reserve_from_a_jurors_household_is_passed_over():
    reserves = [member("8", "k", "stary", household="h1"), member("9", "k", "stary")]
    chosen, _ = choose_replacement(PANEL[1], reserves, PANEL, QUOTAS)
    assert chosen.number == "9"


def test_an_empty_reserve_list_says_so():
    with pytest.raises(DrawError):
        choose_replacement(PANEL[0], [], PANEL, QUOTAS)
