"""The Polish and English catalogues are complete, and the shipped .mo files match
their .po sources (a stale .mo would show users old or English text)."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(
    r'^(?:msgctxt (?P<ctx>(?:".*"\n)+))?msgid (?P<id>(?:".*"\n)+)'
    r'(?:msgid_plural (?P<plural>(?:".*"\n)+))?'
    r"(?P<strs>(?:msgstr(?:\[\d\])? (?:\".*\"\n)+)+)",
    re.M,
)


def _unquote(block: str) -> str:
    parts = re.findall(r'^"(.*)"$', block, re.M)
    return "".join(parts).encode("raw_unicode_escape").decode("unicode_escape")


def _entries(language: str) -> list[dict]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8") + "\n"
    entries = []
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        body = "\n".join(line for line in lines if not line.startswith("#")) + "\n"
        match = ENTRY.search(body)
        if not match or _unquote(match["id"]) == "":
            continue
        strs = [
            _unquote(s)
            for s in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n)+)', match["strs"])
        ]
        entries.append(
            {
                "ctx": _unquote(match["ctx"]) if match["ctx"] else None,
                "id": _unquote(match["id"]),
                "plural": bool(match["plural"]),
                "strs": strs,
                "fuzzy": "fuzzy" in flags,
            }
        )
    return entries


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_interface_string_is_translated(language):
    entries = _entries(language)
    assert len(entries) > 300
    missing = [e["id"] for e in entries if e["fuzzy"] or not all(e["strs"])]
    assert missing == []


def test_polish_plurals_have_three_forms():
    plurals = [e for e in _entries("pl") if e["plural"]]
    assert plurals
    assert all(len(e["strs"]) == 3 for e in plurals), [
        e["id"] for e in plurals if len(e["strs"]) != 3
    ]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_compiled_catalogue_matches_its_source(language):
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries(language):
        if entry["plural"]:
            continue
        key = f"{entry['ctx']}\x04{entry['id']}" if entry["ctx"] else entry["id"]
        if catalogue._catalog.get(key) != entry["strs"][0]:
            stale.append(entry["id"])
    assert stale == []
