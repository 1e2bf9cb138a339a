"""Tests for consultations.act_diff (pure Python, no database needed)."""

import ast
import html
import re
from pathlib import Path

import pytest

from consultations import act_diff
from consultations.act_diff import (
    ProvisionChange,
    diff_provisions,
    inline_diff_html,
    match_provisions,
)
from consultations.act_parser import parse_act

OLD = [
    ("k1", "§ 1", "Uchwala się program współpracy na rok 2027."),
    (
        "k2",
        "§ 2",
        "Program realizuje się w okresie od 1 stycznia do 31 grudnia 2027 r.",
    ),
    ("k3", "§ 3", "Na realizację programu przeznacza się 200 000 zł."),
    ("k4", "§ 4", "Uchwała wchodzi w życie z dniem podjęcia."),
]


def side_of(markup: str, keep: str, drop: str) -> str:
    """Text of one side of an inline diff: drop one kind of element, unwrap the
    other, unescape."""
    markup = re.sub(rf"<{drop}>.*?</{drop}>", "", markup, flags=re.DOTALL)
    return html.unescape(markup.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))


# --- diff_provisions --------------------------------------------------------


def test_diff_reports_added_removed_changed_and_unchanged():
    new = [
        ("k1", "§ 1", "Uchwala się program współpracy na rok 2027."),
        ("k3", "§ 2", "Na realizację programu przeznacza się 250 000 zł."),
        ("k5", "§ 3", "Wykonanie uchwały powierza się Wójtowi."),
        ("k4", "§ 4", "Uchwała wchodzi w życie z dniem podjęcia."),
    ]

    changes = diff_provisions(OLD, new)

    assert changes == [
        ProvisionChange(
            "unchanged",
            "§ 1",
            "§ 1",
            OLD[0][2],
            OLD[0][2],
            "k1",
        ),
        ProvisionChange(
            "removed",
            "§ 2",
            None,
            OLD[1][2],
            "",
            "k2",
        ),
        ProvisionChange(
            "changed",
            "§ 3",
            "§ 2",
            OLD[2][2],
            "Na realizację programu przeznacza się 250 000 zł.",
            "k3",
        ),
        ProvisionChange(
            "added",
            None,
            "§ 3",
            "",
            "Wykonanie uchwały powierza się Wójtowi.",
            "k5",
        ),
        ProvisionChange("unchanged", "§ 4", "§ 4", OLD[3][2], OLD[3][2], "k4"),
    ]


def test_removed_provisions_are_placed_where_they_were():
    new = [("k2", "§ 1", OLD[1][2]), ("k4", "§ 2", OLD[3][2])]

    changes = diff_provisions(OLD, new)

    assert [(c.kind, c.key) for c in changes] == [
        ("removed", "k1"),
        ("unchanged", "k2"),
        ("removed", "k3"),
        ("unchanged", "k4"),
    ]


def test_order_follows_the_new_version():
    new = [("k4", "§ 1", OLD[3][2]), ("k1", "§ 2", OLD[0][2])]

    changes = diff_provisions(OLD, new)

    assert [(c.kind, c.key) for c in changes] == [
        ("unchanged", "k4"),
        ("unchanged", "k1"),
        ("removed", "k2"),
        ("removed", "k3"),
    ]


def test_renumbering_and_rewrapping_alone_is_not_a_change():
    old = [("k1", "§ 2", "Program obejmuje\nzadania publiczne.")]
    new = [("k1", "§ 1", "Program obejmuje zadania  publiczne. ")]

    (change,) = diff_provisions(old, new)

    assert change.kind == "unchanged"
    assert (change.old_label, change.new_label) == ("§ 2", "§ 1")


def test_items_not_matched_by_key_fall_back_to_same_label():
    old = [("old-1", "§ 1", "Stara treść."), ("old-2", "§ 2", "Usunięty.")]
    new = [("new-1", "§ 1", "Nowa treść."), ("new-3", "§ 3", "Dodany.")]

    changes = diff_provisions(old, new)

    assert [(c.kind, c.old_label, c.new_label, c.key) for c in changes] == [
        ("changed", "§ 1", "§ 1", "new-1"),
        ("removed", "§ 2", None, "old-2"),
        ("added", None, "§ 3", "new-3"),
    ]


def test_duplicate_keys_are_rejected():
    with pytest.raises(ValueError, match="Duplicate key"):
        diff_provisions([("k1", "§ 1", "a"), ("k1", "§ 2", "b")], [])


def test_diff_of_empty_versions_is_empty():
    assert diff_provisions([], []) == []


# --- inline_diff_html -------------------------------------------------------


def test_inline_diff_wraps_removed_and_added_words():
    markup = inline_diff_html(
        "Na realizację programu przeznacza się 200 000 zł.",
        "Na realizację programu przeznacza się kwotę 250 000 zł.",
    )

    assert markup == (
        "Na realizację programu przeznacza się <del>200</del>"
        "<ins>kwotę 250</ins> 000 zł."
    )


def test_inline_diff_escapes_script_payloads_everywhere():
    old = 'Treść <b>bez</b> zmian & "cudzysłów"'
    new = 'Treść <b>bez</b> zmian & "cudzysłów" <script>alert("x")</script>'

    markup = inline_diff_html(old, new)

    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&lt;b&gt;bez&lt;/b&gt;" in markup
    assert "&amp;" in markup
    assert "&quot;cudzysłów&quot;" in markup


def test_inline_diff_escapes_removed_payloads_too():
    markup = inline_diff_html("<script>alert(1)</script> tekst", "tekst")

    assert markup == "<del>&lt;script&gt;alert(1)&lt;/script&gt; </del>tekst"


def test_inline_diff_keeps_whitespace_so_both_texts_can_be_recovered():
    old = "Program obejmuje:\n– konsultacje,\n– konkursy ofert."
    new = "Program obejmuje w szczególności:\n– konsultacje społeczne,\n– konkursy."

    markup = inline_diff_html(old, new)

    assert side_of(markup, keep="del", drop="ins") == old
    assert side_of(markup, keep="ins", drop="del") == new


def test_inline_diff_of_identical_texts_has_no_markup():
    assert inline_diff_html("Bez zmian & tak.", "Bez zmian & tak.") == (
        "Bez zmian &amp; tak."
    )


def test_inline_diff_merges_consecutive_rewordings_into_one_change():
    markup = inline_diff_html("Wójt gminy przedkłada", "Burmistrz miasta przedkłada")

    assert markup == "<del>Wójt gminy</del><ins>Burmistrz miasta</ins> przedkłada"


# --- match_provisions -------------------------------------------------------


def test_match_keeps_provisions_with_the_same_label():
    old = [("k1", "§ 1", "Stara treść."), ("k2", "§ 2", "Inna treść.")]
    new = parse_act("§ 1. Zupełnie nowa treść.\n§ 2. Inna treść.\n")

    assert match_provisions(old, new) == ["k1", "k2"]


def test_match_prefers_same_label_over_more_similar_text():
    old = [
        ("k1", "§ 1", "Uchwala się program współpracy na rok 2027."),
        ("k2", "§ 2", "Program realizuje się w okresie od 1 stycznia do 31 grudnia."),
    ]
    new = parse_act(
        "§ 1. Program realizuje się w okresie od 1 lutego do 31 grudnia.\n"
        "§ 2. Uchwała wchodzi w życie z dniem podjęcia.\n"
    )

    # Labels match first (§ 1 -> k1, § 2 -> k2) even though the content moved.
    assert match_provisions(old, new) == ["k1", "k2"]


def test_match_prefers_identical_text_over_label_after_deletion():
    old = [
        ("k1", "§ 1", "Uchwała dotyczy roku 2027."),
        ("k2", "§ 2", "Program obejmuje konsultacje."),
        ("k3", "§ 3", "Uchwała wchodzi w życie z dniem podjęcia."),
    ]
    new = parse_act(
        "§ 1. Program obejmuje konsultacje.\n"
        "§ 2. Uchwała wchodzi w życie z dniem podjęcia.\n"
    )

    assert match_provisions(old, new) == ["k2", "k3"]


def test_match_similar_text_with_new_label():
    old = [("k9", "§ 9", "Na realizację programu przeznacza się kwotę 200 000 zł.")]
    new = parse_act(
        "§ 1. Na realizację programu przeznacza się kwotę 250 000 zł.\n"
        "§ 2. Uchwała wchodzi w życie.\n"
    )

    assert match_provisions(old, new) == ["k9", None]


def test_match_returns_none_for_dissimilar_text():
    old = [("k9", "§ 9", "Na realizację programu przeznacza się kwotę 200 000 zł.")]
    new = parse_act("§ 1. Wykonanie uchwały powierza się Wójtowi Gminy.\n")

    assert match_provisions(old, new) == [None]


def test_match_uses_each_old_provision_at_most_once():
    old = [("k1", "§ 7", "Program obejmuje konsultacje społeczne projektów aktów.")]
    new = parse_act(
        "§ 1. Program obejmuje konsultacje społeczne projektów aktów prawa.\n"
        "§ 2. Program obejmuje konsultacje społeczne projektów uchwał.\n"
    )

    assert match_provisions(old, new) == ["k1", None]


def test_match_compares_paragraph_without_own_text_by_its_ustepy():
    old = [
        ("p5", "§ 5", ""),
        ("u1", "§ 5 ust. 1", "Konkurs ofert ogłasza Wójt Gminy Przykładowo."),
        ("u2", "§ 5 ust. 2", "Komisja konkursowa opiniuje złożone oferty."),
    ]
    new = parse_act(
        "§ 1. Nowy przepis o czymś innym.\n"
        "§ 2. 1. Konkurs ofert ogłasza Wójt Gminy Przykładowo.\n"
        "2. Komisja konkursowa opiniuje wszystkie złożone oferty.\n"
    )

    assert match_provisions(old, new) == [None, "p5", "u1", "u2"]


# --- module hygiene ---------------------------------------------------------


def test_diff_module_does_not_import_django():
    tree = ast.parse(Path(act_diff.__file__).read_text(encoding="utf-8"))
    modules = [
        alias.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    ]
    modules += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]

    assert not [name for name in modules if name.split(".")[0] == "django"]
