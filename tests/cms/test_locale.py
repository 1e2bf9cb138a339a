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


def _entries(
    language: str, locale: Path = LOCALE, domain: str = "django"
) -> list[dict]:
    path = locale / language / "LC_MESSAGES" / f"{domain}.po"
    text = path.read_text("utf-8") + "\n"
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


@pytest.mark.parametrize(
    ("language", "domain"), [("pl", "django"), ("en", "django"), ("pl", "djangojs")]
)
def test_compiled_catalogue_matches_its_source(language, domain):
    mo_path = LOCALE / language / "LC_MESSAGES" / f"{domain}.mo"
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries(language, domain=domain):
        if entry["plural"]:
            continue
        key = f"{entry['ctx']}\x04{entry['id']}" if entry["ctx"] else entry["id"]
        if catalogue._catalog.get(key) != entry["strs"][0]:
            stale.append(entry["id"])
    assert stale == []


# Wagtail's apps whose screens our editors use, by the folder of their catalogue.
WAGTAIL_APPS = [
    "",  # wagtail itself: pages, revisions, privacy, scheduling
    "admin",
    "documents",
    "snippets",
    "images",
    "users",
    "contrib/settings",
    "contrib/forms",
    "contrib/redirects",
]


@pytest.mark.parametrize("app", WAGTAIL_APPS)
def test_wagtail_admin_speaks_polish(app):
    """Every message of Wagtail's admin has a Polish translation, in Wagtail's
    catalogue or, where it has none, in ours."""
    import wagtail
    from django.utils import translation

    locale = Path(wagtail.__file__).parent / app / "locale"
    with translation.override("pl"):
        catalogue = translation.trans_real.translation("pl")._catalog

    def key(entry):
        if entry["plural"]:
            return (entry["id"], 0)
        return f"{entry['ctx']}\x04{entry['id']}" if entry["ctx"] else entry["id"]

    untranslated = [
        entry["id"]
        for entry in _entries("en", locale)
        if catalogue.get(key(entry)) is None
    ]
    assert untranslated == []


@pytest.mark.django_db
def test_page_that_cannot_be_saved_says_so_in_polish(client, editor):
    from cms.models import StandardPage
    from tests.consultations.factories import site_home

    home = site_home()
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/cms/standardpage/{home.pk}/",
        {"title": "", "slug": "", "body-count": "0"},
        follow=True,
    )
    assert "Nie można utworzyć strony: formularz ma błędy." in response.content.decode()
    assert not StandardPage.objects.filter(title="").exists()


@pytest.mark.django_db
def test_wagtail_admin_scripts_speak_polish(client, editor):
    """The admin's script catalogue (autosave, content checks) has every
    message of Wagtail's in Polish, its own or ours."""
    import json

    import wagtail

    client.force_login(editor)
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    script = response.content.decode()
    locale = Path(wagtail.__file__).parent / "admin" / "locale"
    text = (locale / "en" / "LC_MESSAGES" / "djangojs.po").read_text("utf-8")
    msgids = [_unquote(m) for m in re.findall(r'^msgid ((?:".*"\n)+)', text, re.M)]
    missing = [m for m in msgids if m and json.dumps(m) + ":" not in script]
    assert missing == []
    assert json.dumps("Zmiany zapisano automatycznie.") in script
