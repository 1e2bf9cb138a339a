"""NIP, REGON and KRS: check digits on real published numbers of public
bodies and on numbers one digit off; the database refuses what slips past."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participation.identifiers import (
    is_valid_krs,
    is_valid_nip,
    is_valid_regon,
    normalise_krs,
    validate_nip,
)
from participation.models import LegalForm, Organisation

# Published on the bodies' own pages (BIP): Główny Urząd Statystyczny and
# Miasto Stołeczne Warszawa.
GUS_NIP = "5260250972"
GUS_REGON = "000331501"
WARSZAWA_NIP = "5252248481"
WARSZAWA_REGON = "015259640"


@pytest.mark.parametrize(
    "number",
    [GUS_NIP, WARSZAWA_NIP, "526-025-09-72", "525 224 84 81", "PL5260250972"],
)
def test_published_nip_numbers_are_valid(number):
    assert is_valid_nip(number)


@pytest.mark.parametrize(
    "number",
    [
        "5260250973",  # GUS with the last digit changed
        "5252248418",  # two digits swapped
        "1234567890",  # 123456789 gives remainder 10: no such NIP exists
        "526025097",  # nine digits
        "52602509721",
        "52602509７2",  # a full-width digit
        "",
        "abcdefghij",
    ],
)
def test_wrong_nip_numbers_are_refused(number):
    assert not is_valid_nip(number)


def test_nip_validator_says_why_in_polish():
    with pytest.raises(ValidationError) as error:
        validate_nip("5260250973")
    assert "NIP" in error.value.messages[0]
    assert "cyfr" in error.value.messages[0]


@pytest.mark.parametrize(
    "number", [GUS_REGON, WARSZAWA_REGON, "00033150100017", "015-259-640"]
)
def test_published_regon_numbers_are_valid(number):
    assert is_valid_regon(number)


@pytest.mark.parametrize(
    "number",
    [
        "000331502",  # GUS with the last digit changed
        "015259604",
        "00033150100018",  # 14 digits, wrong last digit
        "00033150200011",  # 14 digits whose 9-digit prefix is wrong
        "0003315010",  # 10 digits
        "12345678",
    ],
)
def test_wrong_regon_numbers_are_refused(number):
    assert not is_valid_regon(number)


def test_krs_is_ten_digits_zero_padded():
    assert is_valid_krs("0000123456")
    assert normalise_krs("123456") == "0000123456"
    assert normalise_krs("0000 123 456") == "0000123456"
    assert not is_valid_krs("123456")
    assert not is_valid_krs("00001234567")
    assert not is_valid_krs("0000000000")
    assert not is_valid_krs("000012345a")


def _org(**fields):
    values = {"name": "Fundacja", "slug": fields.get("krs") or "f"} | fields
    return Organisation.objects.create(**values)


@pytest.mark.django_db
def test_database_refuses_a_second_organisation_with_the_same_krs_or_nip():
    _org(slug="a", krs="0000123456", nip=GUS_NIP)
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(slug="b", krs="0000123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(slug="c", nip=GUS_NIP)
    # Blank numbers are not duplicates of each other.
    _org(slug="d")
    _org(slug="e")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"krs": "123456"},
        {"nip": "526025097"},
        {"regon": "0003315010"},
        {"legal_form": LegalForm.ORDINARY_ASSOCIATION, "krs": "0000123456"},
        {"year_founded": 1200},
    ],
)
def test_database_refuses_malformed_numbers(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(slug="x", **fields)


@pytest.mark.django_db
def test_model_validation_names_the_duplicate_in_polish():
    _org(slug="a", krs="0000123456")
    duplicate = Organisation(name="Inna", slug="b", krs="0000123456")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "KRS" in " ".join(error.value.messages)
    assert "już" in " ".join(error.value.messages)
