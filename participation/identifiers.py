"""Polish register numbers of organisations: NIP, REGON and KRS.

``normalise_*`` strip what people type around the digits (spaces, dashes, a
"PL" prefix on a NIP); ``is_valid_*`` check the length and the check digit;
``validate_*`` are Django field validators raising a Polish ValidationError.

- NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7 on the first nine, sum mod 11 is
  the tenth digit; a remainder of 10 is never issued.
- REGON: 9 digits, weights 8,9,2,3,4,5,6,7, sum mod 11 then mod 10 (so 10
  becomes 0); or 14 digits (a local unit): weights 2,4,8,5,0,9,7,3,6,1,2,4,8,
  the same mod 11 mod 10, and the first nine digits are a valid REGON.
- KRS: 10 digits, zero-padded, no check digit ("0000123456").
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
KRS_LENGTH = 10

_SEPARATORS = re.compile(r"[\s\-.]")


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def _is_digits(value: str) -> bool:
    # isdigit() accepts "²" and "١"; only ASCII digits are a register number.
    return value.isascii() and value.isdigit()


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def normalise_nip(value: str) -> str:
    value = _digits(value)
    if value[:2].upper() == "PL":
        value = value[2:]
    return value


def normalise_regon(value: str) -> str:
    return _digits(value)


def normalise_krs(value: str) -> str:
    """A KRS number as the register writes it: ten digits, zero-padded (people
    often drop the leading zeros: "123456" is "0000123456")."""
    value = _digits(value)
    if value and _is_digits(value) and len(value) < KRS_LENGTH:
        value = value.zfill(KRS_LENGTH)
    return value


def nip_check_digit(first_nine: str) -> int | None:
    """The tenth digit of a NIP starting with ``first_nine``; None when the
    remainder is 10 (no NIP starts so)."""
    remainder = _weighted(first_nine, NIP_WEIGHTS) % 11
    return None if remainder == 10 else remainder


def regon9_check_digit(first_eight: str) -> int:
    return _weighted(first_eight, REGON9_WEIGHTS) % 11 % 10


def regon14_check_digit(first_thirteen: str) -> int:
    return _weighted(first_thirteen, REGON14_WEIGHTS) % 11 % 10


def is_valid_nip(value: str) -> bool:
    value = normalise_nip(value)
    if len(value) != 10 or not _is_digits(value):
        return False
    return nip_check_digit(value[:9]) == int(value[9])


def is_valid_regon(value: str) -> bool:
    value = normalise_regon(value)
    if not _is_digits(value) or len(value) not in (9, 14):
        return False
    if regon9_check_digit(value[:8]) != int(value[8]):
        return False
    if len(value) == 14:
        return regon14_check_digit(value[:13]) == int(value[13])
    return True


def is_valid_krs(value: str) -> bool:
    """Exactly ten ASCII digits, not all zeros (no check digit to test)."""
    return len(value) == KRS_LENGTH and _is_digits(value) and int(value) > 0


def validate_nip(value: str) -> None:
    if not is_valid_nip(value):
        raise ValidationError(
            _("Enter a valid NIP: 10 digits with a correct check digit."),
            code="invalid_nip",
        )


def validate_regon(value: str) -> None:
    if not is_valid_regon(value):
        raise ValidationError(
            _("Enter a valid REGON: 9 or 14 digits with a correct check digit."),
            code="invalid_regon",
        )


def validate_krs(value: str) -> None:
    if not is_valid_krs(value):
        raise ValidationError(
            _("Enter a valid KRS number: 10 digits, e.g. 0000123456."),
            code="invalid_krs",
        )
