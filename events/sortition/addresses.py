"""Addresses compared for the one-person-per-household rule.

Residents type the same flat in many ways ("ul. Lipowa 5 m. 3", "LIPOWA 5/3",
"ulica Lipowa 5 lok 3"); two of them must not both sit on the panel, so the
addresses are normalised before they are compared. A missed match would let
two people of one household in, while a false match only keeps one of two
unrelated applicants from sitting together, so the normalisation leans to
matching: Polish letters are folded too ("Łąkowa" = "Lakowa"), since many type
without them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

# Street-type words that carry no information once the street name is given
# ("ul. Lipowa" = "Lipowa"); other types name different places (plac Wolności
# and ulica Wolności may both exist) and are kept, abbreviated one way.
_DROPPED = {"ul", "ulica", "ulicy", "nr", "numer"}
_ABBREVIATIONS = {
    "aleja": "al",
    "aleje": "al",
    "alei": "al",
    "plac": "pl",
    "placu": "pl",
    "osiedle": "os",
    "osiedla": "os",
    "swietego": "sw",
    "swietej": "sw",
    "sw": "sw",
    "generala": "gen",
    "ksiedza": "ks",
    "marszalka": "marsz",
    "pulkownika": "plk",
    "kardynala": "kard",
}
# Words that introduce a flat number: written "/" once normalised.
_FLAT_WORDS = {"m", "mieszk", "mieszkanie", "lok", "lokal", "lokalu", "apt"}
# Letters NFKD does not decompose.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise_address(text: str) -> str:
    """One spelling for one address.

    Case, spacing, Polish letters and punctuation are folded; "ul."/"ulica" and
    "nr" are dropped; "al."/"aleja", "pl."/"plac", "os."/"osiedle", "św." and
    the like are abbreviated one way; a flat number after "m.", "lok." or
    "mieszkanie" is written after a "/" ("Lipowa 5 m. 3" -> "lipowa 5/3"); a
    house letter joins its number ("5 A" -> "5a"); postal codes keep their dash.
    """
    text = _fold(text)
    # Postal codes ("15-001") keep their dash; any other dash or punctuation
    # separates words.
    text = re.sub(r"(\d{2})\s*-\s*(\d{3})", r"\1‐\2", text)
    text = re.sub(r"\s*/\s*", " / ", text)
    text = re.sub(r"[^\w/‐]+", " ", text)
    # Words run together ("Lipowa5m3"): a street name and its number part, and
    # a flat word squeezed between two numbers.
    text = re.sub(r"([^\W\d_])(\d)", r"\1 \2", text)
    text = re.sub(r"(\d)(m|lok)\s*(?=\d)", r"\1 \2 ", text)
    words = text.split()
    out: list[str] = []
    for word in words:
        if word in _DROPPED:
            continue
        if word in _FLAT_WORDS:
            # "m" alone could be a house letter ("5 m"); only read it as "flat"
            # when a number follows, which the loop below cannot see, so mark
            # it and decide afterwards.
            out.append("\0flat")
            continue
        out.append(_ABBREVIATIONS.get(word, word))
    joined: list[str] = []
    for index, word in enumerate(out):
        nxt = out[index + 1] if index + 1 < len(out) else ""
        if word == "\0flat":
            if nxt[:1].isdigit() and joined and joined[-1] != "/":
                joined.append("/")
            elif joined and joined[-1][-1:].isdigit():
                joined[-1] += "m"  # "5 m": house 5m, no flat follows
            elif not nxt[:1].isdigit():
                joined.append("m")
            continue
        if (
            len(word) == 1
            and word.isalpha()
            and joined
            and joined[-1][-1:].isdigit()
            and not nxt[:1].isdigit()
        ):
            # "5 a" -> "5a" (a house letter), but "5 a 3" stays apart.
            joined[-1] += word
            continue
        joined.append(word)
    text = " ".join(joined)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"/+", "/", text).strip("/ ")
    return text.replace("‐", "-")


def household_key(address: str, *, salt: str = "") -> str:
    """A stable key for the household at ``address`` (after ``normalise_address``).

    HMAC-SHA-256 of the normalised address with ``salt`` (e.g. one per jury),
    first 32 hex digits. Without a salt, anyone holding the list of the gmina's
    address points could recover an address from its key; the published files
    never carry this key anyway (they name households H1, H2, ... in pool
    order), but the database keeps it, so pass a salt where you store it.
    """
    normalised = normalise_address(address)
    digest = hmac.new(salt.encode("utf-8"), normalised.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]
