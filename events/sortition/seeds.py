"""Commitment, seed and the integers the library is seeded with.

Everything here is plain SHA-256 over UTF-8 text, so that anyone can check it
with ``sha256sum`` and no code of ours:

- commitment = SHA-256(secret):
  ``printf '%s' "$SECRET" | sha256sum``
- seed = SHA-256(secret + "\\n" + public value):
  ``printf '%s\\n%s' "$SECRET" "$PUBLIC" | sha256sum``

The secret is used exactly as typed; the public value (numbers called out by
observers at the draw) has its runs of whitespace collapsed to one space and
its ends trimmed, so "12  7 33 " and "12 7 33" give the same seed.
"""

from __future__ import annotations

import hashlib
import random
import re

# The library's Settings.random_number_seed is an int and its TOML settings file
# holds 64-bit integers; 60 bits keep the seed usable there too.
_LIBRARY_SEED_HEX_DIGITS = 15


def commitment(secret: str) -> str:
    """The SHA-256 hex digest of the secret, published before applications close."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_public_value(public_value: str) -> str:
    return re.sub(r"\s+", " ", public_value).strip()


def seed_from(secret: str, public_value: str) -> str:
    """The draw's seed: SHA-256 of the secret, a newline and the public value."""
    text = f"{secret}\n{normalise_public_value(public_value)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def library_seed(seed: str, purpose: str) -> int:
    """The integer given to the library for one selection ("panel" or "reserve").

    The first 15 hex digits of SHA-256(purpose + ":" + seed), read as a number
    (1 if that is 0: the library treats 0 as "no seed").
    """
    digest = hashlib.sha256(f"{purpose}:{seed}".encode()).hexdigest()
    return int(digest[:_LIBRARY_SEED_HEX_DIGITS], 16) or 1


def reserve_order(numbers: list[str], seed: str) -> list[str]:
    """The reserve's order: the drawn reserve sorted by number, then shuffled by
    Python's ``random.Random(library_seed(seed, "reserve-order")).shuffle``."""
    ordered = sorted(numbers, key=number_sort_key)
    random.Random(library_seed(seed, "reserve-order")).shuffle(ordered)
    return ordered


def number_sort_key(number: str) -> tuple[int, str]:
    """Applicant numbers sort as numbers when they are ("9" before "10")."""
    return (len(number), number)
