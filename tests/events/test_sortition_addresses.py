"""Addresses, seeds and quotas of the jury draw: pure functions, no worker."""

import hashlib

import pytest

from events.sortition import (
    DrawInput,
    PoolMember,
    commitment,
    derive_quotas,
    household_key,
    normalise_address,
    seed_from,
)
from events.sortition.quotas import validate
from events.sortition.types import DrawError


@pytest.mark.parametrize(
    "spellings",
    [
        ["ul. Lipowa 5 m. 3", "LIPOWA 5/3", "ulica Lipowa 5 lok 3", "Lipowa  5 / 3"],
        ["ul.Lipowa5m.3", "Lipowa 5 mieszkanie 3", "lipowa nr 5 m 3"],
        ["al. Róż 3A", "Aleja Róż 3 a", "AL. ROZ 3a"],
        ["os. Słoneczne 12 m 4", "Osiedle Sloneczne 12/4"],
        ["Łąkowa 7, 15-001 Białystok", "lakowa 7 15 - 001 bialystok"],
        ["św. Rocha 2", "Świętego Rocha 2"],
    ],
)
def test_spellings_of_one_flat_are_one_household(spellings):
    assert len({normalise_address(text) for text in spellings}) == 1
    assert len({household_key(text) for text in spellings}) == 1


@pytest.mark.parametrize(
    "first, second",
    [
        ("ul. Lipowa 5 m. 3", "ul. Lipowa 5 m. 4"),
        ("ul. Lipowa 5", "ul. Lipowa 5a"),
        ("ul. Lipowa 5/3", "ul. Lipowa 53"),
        ("pl. Wolności 1", "ul. Wolności 1"),
    ],
)
def test_different_flats_stay_apart(first, second):
    assert normalise_address(first) != normalise_address(second)


def test_household_key_is_salted_and_hides_the_address():
    key = household_key("ul. Lipowa 5 m. 3", salt="jury-7")
    assert key == household_key("Lipowa 5/3", salt="jury-7")
    assert key != household_key("Lipowa 5/3", salt="jury-8")
    assert "lipowa" not in key and len(key) == 32


def test_commitment_and_seed_are_plain_sha256_anyone_can_check():
    assert commitment("tajne") == hashlib.sha256(b"tajne").hexdigest()
    expected = hashlib.sha256(b"tajne\n12 7 33").hexdigest()
    assert seed_from("tajne", " 12  7\t33 ") == expected
    assert seed_from("tajne", "12 7 34") != expected


def test_quotas_from_population_shares_bracket_the_expected_seats():
    quotas = derive_quotas(
        {"płeć": {"kobieta": 53, "mężczyzna": 47}, "wiek": {"a": 0.5, "b": 0.5}}, 24
    )
    # 24 x 0.53 = 12.72 seats, 24 x 0.47 = 11.28; exact halves are fixed.
    assert quotas["płeć"] == {"kobieta": (12, 13), "mężczyzna": (11, 12)}
    assert quotas["wiek"] == {"a": (12, 12), "b": (12, 12)}
    wide = derive_quotas({"wiek": {"a": 0.9, "b": 0.1}}, 10, slack=2)
    assert wide["wiek"] == {"a": (7, 10), "b": (0, 3)}


def test_invalid_input_is_refused_in_words_before_any_draw():
    member = PoolMember(number="1", household="h1", features={"płeć": "inna"})
    inp = DrawInput(
        pool=(member,),
        quotas={"płeć": {"kobieta": (0, 1)}},
        panel_size=1,
        reserve_size=0,
        seed="s",
    )
    with pytest.raises(DrawError, match="inna"):
        validate(inp)
    with pytest.raises(DrawError, match="Nieznany algorytm losowania „leximin”"):
        validate(DrawInput(**{**inp.__dict__, "algorithm": "leximin"}))


def test_applicants_without_a_household_key_are_households_of_their_own():
    from events.sortition.runner import canonical_pool

    pool = [
        PoolMember(number=str(n), household="", features={"płeć": "k"})
        for n in (3, 1, 2)
    ] + [PoolMember(number="10", household="x", features={"płeć": "k"})]
    canonical = canonical_pool(pool)
    assert [m.number for m in canonical] == ["1", "2", "3", "10"]
    assert [m.household for m in canonical] == ["H1", "H2", "H3", "H4"]
