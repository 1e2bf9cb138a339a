"""Tests for consultations.act_parser (pure Python, no database needed)."""

import ast
from pathlib import Path

import pytest

from consultations import act_parser
from consultations.act_parser import ActParseError, ParsedProvision, parse_act

PROGRAMME = """\
UCHWAŁA NR XII/123/2026
RADY GMINY PRZYKŁADOWO
z dnia 20 października 2026 r.

w sprawie przyjęcia „Rocznego programu współpracy Gminy Przykładowo z organizacjami
pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności
pożytku publicznego i o wolontariacie, na rok 2027”

Na podstawie art. 18 ust. 2 pkt 15 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym
(Dz. U. z 2024 r. poz. 1465) oraz art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r.
o działalności pożytku publicznego i o wolontariacie (Dz. U. z 2024 r. poz. 1491)
Rada Gminy Przykładowo uchwala, co następuje:

Rozdział 1
Postanowienia ogólne

§ 1. Uchwala się „Roczny program współpracy Gminy Przykładowo z organizacjami
pozarządowymi na rok 2027”, zwany dalej „Programem”.

§ 2. Ilekroć w Programie jest mowa o:
1) ustawie – należy przez to rozumieć ustawę wymienioną w art. 5a ust. 1 ustawy;
2) organizacjach – należy przez to rozumieć organizacje pozarządowe oraz podmioty,
o których mowa w art. 3 ust. 3 ustawy;
3) Gminie – należy przez to rozumieć Gminę Przykładowo.

Rozdział 2
Cele programu

§ 3. 1. Celem głównym Programu jest budowanie partnerstwa między Gminą a organizacjami.
2. Celami szczegółowymi Programu są:
1) wzmocnienie potencjału organizacji;
2) zwiększenie udziału mieszkańców w życiu publicznym, w szczególności przez:
a) wspieranie inicjatyw lokalnych,
b) promocję wolontariatu;
3) poprawa jakości usług publicznych.

§ 4. Zasady współpracy
1. Współpraca Gminy z organizacjami odbywa się na zasadach pomocniczości, suwerenności
stron, partnerstwa, efektywności, uczciwej konkurencji i jawności.
2. Zasadę jawności realizuje się przez publikację informacji:
– w Biuletynie Informacji Publicznej,
– na stronie internetowej Gminy.

Rozdział III
Formy współpracy

§ 5. Współpraca, o której mowa w art. 5 ust. 2 pkt 1 ustawy, ma charakter finansowy
i pozafinansowy.

§ 6. Program realizowany jest w okresie od 1 stycznia 2027 r. do 31 grudnia 2027 r.

§ 7. Na realizację Programu planuje się przeznaczyć kwotę 250 000 zł.

§ 8. Ocena realizacji Programu obejmuje liczbę ogłoszonych konkursów ofert.

§ 9. Sprawozdanie z realizacji Programu Wójt przedkłada Radzie do dnia 31 maja 2028 r.

§ 10. Program został skonsultowany z organizacjami w dniach 1–15 września 2026 r.

§ 11. Wykonanie uchwały powierza się Wójtowi Gminy Przykładowo.

§ 12. Uchwała wchodzi w życie z dniem 1 stycznia 2027 r.
"""

SHORT_RESOLUTION = """\
§ 1. Przyjmuje się „Program współpracy Gminy Przykładowo na rok 2027”.
§ 2. Wykonanie uchwały powierza się Wójtowi Gminy.
§ 3. Uchwała wchodzi w życie z dniem podjęcia.
"""


def by_label(provisions: list[ParsedProvision]) -> dict[str, ParsedProvision]:
    return {p.label: p for p in provisions}


# --- the cooperation programme ----------------------------------------------


def test_programme_is_split_into_units_in_document_order():
    labels = [p.label for p in parse_act(PROGRAMME)]

    assert labels == [
        "Preambuła",
        "§ 1",
        "§ 2",
        "§ 2 pkt 1",
        "§ 2 pkt 2",
        "§ 2 pkt 3",
        "§ 3",
        "§ 3 ust. 1",
        "§ 3 ust. 2",
        "§ 3 ust. 2 pkt 1",
        "§ 3 ust. 2 pkt 2",
        "§ 3 ust. 2 pkt 2 lit. a",
        "§ 3 ust. 2 pkt 2 lit. b",
        "§ 3 ust. 2 pkt 3",
        "§ 4",
        "§ 4 ust. 1",
        "§ 4 ust. 2",
        "§ 5",
        "§ 6",
        "§ 7",
        "§ 8",
        "§ 9",
        "§ 10",
        "§ 11",
        "§ 12",
    ]


def test_preamble_holds_title_subject_and_legal_basis_as_paragraphs():
    preamble = parse_act(PROGRAMME)[0]

    assert preamble.label == "Preambuła"
    assert preamble.level == 0
    assert preamble.path == ("Preambuła",)
    assert preamble.heading == ""
    assert preamble.text == (
        "UCHWAŁA NR XII/123/2026 RADY GMINY PRZYKŁADOWO z dnia 20 października "
        "2026 r.\n"
        "w sprawie przyjęcia „Rocznego programu współpracy Gminy Przykładowo z "
        "organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 "
        "ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, na "
        "rok 2027”\n"
        "Na podstawie art. 18 ust. 2 pkt 15 ustawy z dnia 8 marca 1990 r. o "
        "samorządzie gminnym (Dz. U. z 2024 r. poz. 1465) oraz art. 5a ust. 1 "
        "ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o "
        "wolontariacie (Dz. U. z 2024 r. poz. 1491) Rada Gminy Przykładowo "
        "uchwala, co następuje:"
    )


def test_chapter_headings_become_heading_of_the_next_paragraph_only():
    headings = {p.label: p.heading for p in parse_act(PROGRAMME) if p.heading}

    assert headings == {
        "§ 1": "Rozdział 1. Postanowienia ogólne",
        "§ 3": "Rozdział 2. Cele programu",
        "§ 4": "Zasady współpracy",
        "§ 5": "Rozdział III. Formy współpracy",
    }


def test_paragraph_title_before_ustepy_is_heading_not_text():
    paragraph = by_label(parse_act(PROGRAMME))["§ 4"]

    assert paragraph.heading == "Zasady współpracy"
    assert paragraph.text == ""


def test_paragraph_consisting_only_of_ustepy_is_emitted_with_empty_text():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 3"].text == ""
    assert provisions["§ 3 ust. 1"].text == (
        "Celem głównym Programu jest budowanie partnerstwa między Gminą a "
        "organizacjami."
    )


def test_levels_and_paths_follow_the_unit_hierarchy():
    provisions = by_label(parse_act(PROGRAMME))

    letter = provisions["§ 3 ust. 2 pkt 2 lit. a"]
    assert letter.level == 3
    assert letter.path == ("§ 3", "ust. 2", "pkt 2", "lit. a")
    assert letter.text == "wspieranie inicjatyw lokalnych,"
    assert (provisions["§ 3"].level, provisions["§ 3"].path) == (0, ("§ 3",))
    assert provisions["§ 3 ust. 2"].level == 1
    assert provisions["§ 3 ust. 2 pkt 3"].level == 2
    assert provisions["§ 3 ust. 2 pkt 3"].path == ("§ 3", "ust. 2", "pkt 3")


def test_intro_text_of_enumeration_stays_with_its_unit():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 2"].text == "Ilekroć w Programie jest mowa o:"
    assert provisions["§ 3 ust. 2"].text == "Celami szczegółowymi Programu są:"
    assert provisions["§ 3 ust. 2 pkt 2"].text == (
        "zwiększenie udziału mieszkańców w życiu publicznym, w szczególności przez:"
    )


def test_points_in_paragraph_without_ustepy_are_labelled_directly_under_it():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 2 pkt 3"].path == ("§ 2", "pkt 3")
    assert provisions["§ 2 pkt 3"].text == (
        "Gminie – należy przez to rozumieć Gminę Przykładowo."
    )


def test_wrapped_lines_continue_the_current_unit():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 2 pkt 2"].text == (
        "organizacjach – należy przez to rozumieć organizacje pozarządowe oraz "
        "podmioty, o których mowa w art. 3 ust. 3 ustawy;"
    )
    assert provisions["§ 5"].text == (
        "Współpraca, o której mowa w art. 5 ust. 2 pkt 1 ustawy, ma charakter "
        "finansowy i pozafinansowy."
    )


def test_references_inside_sentences_are_not_markers():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 2 pkt 1"].text == (
        "ustawie – należy przez to rozumieć ustawę wymienioną w art. 5a ust. 1 ustawy;"
    )
    assert not any("ust. 5" in label for label in provisions)


def test_tirets_stay_in_the_text_of_their_parent_on_separate_lines():
    provisions = by_label(parse_act(PROGRAMME))

    assert provisions["§ 4 ust. 2"].text == (
        "Zasadę jawności realizuje się przez publikację informacji:\n"
        "– w Biuletynie Informacji Publicznej,\n"
        "– na stronie internetowej Gminy."
    )


def test_two_digit_paragraph_number_is_recognised():
    last = parse_act(PROGRAMME)[-1]

    assert last.label == "§ 12"
    assert last.text == "Uchwała wchodzi w życie z dniem 1 stycznia 2027 r."


def test_labels_are_unique_within_the_act():
    labels = [p.label for p in parse_act(PROGRAMME)]

    assert len(labels) == len(set(labels))


# --- short resolutions and formatting quirks -------------------------------


def test_single_line_paragraphs_without_preamble():
    provisions = parse_act(SHORT_RESOLUTION)

    assert [(p.label, p.heading, p.text, p.level) for p in provisions] == [
        (
            "§ 1",
            "",
            "Przyjmuje się „Program współpracy Gminy Przykładowo na rok 2027”.",
            0,
        ),
        ("§ 2", "", "Wykonanie uchwały powierza się Wójtowi Gminy.", 0),
        ("§ 3", "", "Uchwała wchodzi w życie z dniem podjęcia.", 0),
    ]


def test_windows_line_endings_nbsp_and_indentation_are_normalised():
    text = (
        "  §1.\u00a0Program obejmuje\r\n"
        "\tzadania\u00a0publiczne.\r\n"
        "\r\n"
        "   §\u00a02.\u00a01.\u00a0Pierwszy ustęp.\r\n"
        "   2.\u00a0Drugi ustęp.\r\n"
    )

    provisions = parse_act(text)

    assert [(p.label, p.text) for p in provisions] == [
        ("§ 1", "Program obejmuje zadania publiczne."),
        ("§ 2", ""),
        ("§ 2 ust. 1", "Pierwszy ustęp."),
        ("§ 2 ust. 2", "Drugi ustęp."),
    ]


def test_paragraph_number_with_letter_suffix():
    text = "§ 5. Pierwszy.\n§ 5a. Dodany później.\n§ 6. Ostatni.\n"

    assert [p.label for p in parse_act(text)] == ["§ 5", "§ 5a", "§ 6"]


def test_blank_line_starts_new_paragraph_of_text_within_unit():
    text = "§ 1. Pierwszy akapit,\nciąg dalszy.\n\nDrugi akapit.\n"

    assert parse_act(text)[0].text == "Pierwszy akapit, ciąg dalszy.\nDrugi akapit."


def test_line_ending_with_reference_abbreviation_does_not_start_a_point():
    text = (
        "§ 1. Zadania, o których mowa w art. 4 ust. 1 pkt\n"
        "1) ustawy, realizuje się we współpracy z organizacjami.\n"
    )

    provisions = parse_act(text)

    assert [p.label for p in provisions] == ["§ 1"]
    assert provisions[0].text == (
        "Zadania, o których mowa w art. 4 ust. 1 pkt 1) ustawy, realizuje się we "
        "współpracy z organizacjami."
    )


def test_points_without_final_punctuation_still_split_when_numbered_in_order():
    text = "§ 1. Formy współpracy\n1) konsultacje\n2) konkursy ofert\n"

    provisions = parse_act(text)

    assert [(p.label, p.text) for p in provisions] == [
        ("§ 1", "Formy współpracy"),
        ("§ 1 pkt 1", "konsultacje"),
        ("§ 1 pkt 2", "konkursy ofert"),
    ]


def test_dzial_and_rozdzial_with_inline_titles_are_joined_into_one_heading():
    text = (
        "DZIAŁ I\n"
        "Przepisy ogólne\n"
        "Rozdział 1. Zakres programu\n"
        "§ 1. Program określa zasady współpracy.\n"
    )

    assert parse_act(text)[0].heading == (
        "DZIAŁ I. Przepisy ogólne\nRozdział 1. Zakres programu"
    )


def test_attachment_restarts_numbering_with_prefixed_labels():
    text = (
        "§ 1. Przyjmuje się program stanowiący załącznik do uchwały.\n"
        "§ 2. Uchwała wchodzi w życie z dniem podjęcia.\n"
        "\n"
        "Załącznik nr 1 do uchwały Nr XII/123/2026\n"
        "Rady Gminy Przykładowo\n"
        "\n"
        "Rozdział 1\n"
        "Postanowienia ogólne\n"
        "§ 1. 1. Program dotyczy roku 2027.\n"
        "2. Program obejmuje organizacje.\n"
    )

    provisions = parse_act(text)

    assert [(p.label, p.level, p.path) for p in provisions] == [
        ("§ 1", 0, ("§ 1",)),
        ("§ 2", 0, ("§ 2",)),
        ("Załącznik nr 1", 0, ("Załącznik nr 1",)),
        ("Załącznik nr 1 § 1", 0, ("Załącznik nr 1", "§ 1")),
        ("Załącznik nr 1 § 1 ust. 1", 1, ("Załącznik nr 1", "§ 1", "ust. 1")),
        ("Załącznik nr 1 § 1 ust. 2", 1, ("Załącznik nr 1", "§ 1", "ust. 2")),
    ]
    assert provisions[2].text == (
        "Załącznik nr 1 do uchwały Nr XII/123/2026 Rady Gminy Przykładowo"
    )
    assert provisions[3].heading == "Rozdział 1. Postanowienia ogólne"


def test_justification_is_kept_as_one_provision():
    text = (
        "§ 1. Uchwała wchodzi w życie z dniem podjęcia.\n"
        "\n"
        "UZASADNIENIE\n"
        "Obowiązek uchwalenia programu wynika z art. 5a ust. 1 ustawy.\n"
        "1. Projekt był konsultowany.\n"
    )

    provisions = parse_act(text)

    assert [p.label for p in provisions] == ["§ 1", "Uzasadnienie"]
    assert provisions[1].text == (
        "Obowiązek uchwalenia programu wynika z art. 5a ust. 1 ustawy.\n"
        "1. Projekt był konsultowany."
    )


def test_pasted_attachment_alone_keeps_plain_paragraph_labels():
    text = (
        "Załącznik do uchwały Nr XII/123/2026\n"
        "ROCZNY PROGRAM WSPÓŁPRACY\n"
        "Rozdział 1\n"
        "Postanowienia ogólne\n"
        "§ 1. Program dotyczy roku 2027.\n"
    )

    provisions = parse_act(text)

    assert [(p.label, p.heading, p.text) for p in provisions] == [
        (
            "Preambuła",
            "",
            "Załącznik do uchwały Nr XII/123/2026 ROCZNY PROGRAM WSPÓŁPRACY",
        ),
        ("§ 1", "Rozdział 1. Postanowienia ogólne", "Program dotyczy roku 2027."),
    ]


# --- errors -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\r\n\t\u00a0\n"])
def test_empty_text_raises_polish_error(text):
    with pytest.raises(ActParseError, match="pusty") as excinfo:
        parse_act(text)

    assert excinfo.value.line == 1
    assert isinstance(excinfo.value, ValueError)


def test_text_without_any_paragraph_raises_polish_error():
    with pytest.raises(ActParseError, match=r"Nie znaleziono żadnego paragrafu \(§\)"):
        parse_act("UCHWAŁA NR 1\nw sprawie programu\n1. Tekst bez paragrafów.\n")


def test_repeated_paragraph_number_raises_with_line_number():
    lines = PROGRAMME.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("§ 5."))
    lines[index] = lines[index].replace("§ 5.", "§ 3.")

    with pytest.raises(ActParseError) as excinfo:
        parse_act("\n".join(lines))

    assert index + 1 == 47
    assert str(excinfo.value) == "Powtórzony numer § 3 w wierszu 47."
    assert excinfo.value.line == 47


def test_repeated_ustep_number_raises_with_full_label():
    text = "§ 1. 1. Pierwszy.\n2. Drugi.\n2. Znowu drugi.\n"

    with pytest.raises(ActParseError) as excinfo:
        parse_act(text)

    assert str(excinfo.value) == "Powtórzony numer § 1 ust. 2 w wierszu 3."


# --- module hygiene ---------------------------------------------------------


def test_parser_module_does_not_import_django():
    tree = ast.parse(Path(act_parser.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ]

    assert not [name for name in imported if name.split(".")[0] == "django"]


# What a resolution looks like when copied out of a PDF viewer: words broken at
# line ends, page footers between the lines, the signature under the body.
PASTED_FROM_PDF = """\
UCHWAŁA NR XII/123/2026
RADY GMINY PRZYKŁADOWO
z dnia 20 października 2026 r.
w sprawie programu współpracy z organizacjami pozarządowymi

Na podstawie art. 18 ust. 2 pkt 15 ustawy o samorządzie gminnym Rada Gminy
uchwala, co następuje:

§ 1. Program określa formy współpracy z organizacjami prowadzącymi dzia-
łalność pożytku publicznego na rzecz rozwoju społeczno-
gospodarczego gminy.

Strona 1 z 2

§ 2. 1. Współpraca obejmuje w szczególności:
1) konsultowanie projektów aktów prawa miejscowego w dziedzinach dotyczą-
cych działalności statutowej organizacji;
2) wspieranie działań na rzecz rozwoju społeczno-gospodarczego oraz prze-
Id: 5A8C1F2B-9D3E-4F60-A1B2-C3D4E5F60718. Podpisany Strona 1
ciwdziałania wykluczeniu.
2. Program realizuje Wójt Gminy.
2/2
§ 3. Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia.

Przewodniczący Rady Gminy

Jan Kowalski

UZASADNIENIE

Program jest przyjmowany corocznie.
"""


def _texts(provisions):
    return {p.label: p.text for p in provisions}


def test_pdf_paste_rejoins_broken_words_and_keeps_real_hyphens():
    texts = _texts(parse_act(PASTED_FROM_PDF))
    assert texts["§ 1"] == (
        "Program określa formy współpracy z organizacjami prowadzącymi "
        "działalność pożytku publicznego na rzecz rozwoju "
        "społeczno-gospodarczego gminy."
    )
    assert texts["§ 2 ust. 1 pkt 1"] == (
        "konsultowanie projektów aktów prawa miejscowego w dziedzinach "
        "dotyczących działalności statutowej organizacji;"
    )


def test_pdf_paste_drops_page_footers_even_inside_a_sentence():
    provisions = parse_act(PASTED_FROM_PDF)
    texts = _texts(provisions)
    # The footer and its "Id:" line sat inside a broken word.
    assert texts["§ 2 ust. 1 pkt 2"] == (
        "wspieranie działań na rzecz rozwoju społeczno-gospodarczego oraz "
        "przeciwdziałania wykluczeniu."
    )
    assert texts["§ 2 ust. 2"] == "Program realizuje Wójt Gminy."
    everything = " ".join(p.text for p in provisions)
    assert "Strona" not in everything and "2/2" not in everything
    assert [p.label for p in provisions] == [
        "Preambuła",
        "§ 1",
        "§ 2",
        "§ 2 ust. 1",
        "§ 2 ust. 1 pkt 1",
        "§ 2 ust. 1 pkt 2",
        "§ 2 ust. 2",
        "§ 3",
        "Uzasadnienie",
    ]


def test_signature_block_is_kept_out_of_the_last_provision():
    texts = _texts(parse_act(PASTED_FROM_PDF))
    assert texts["§ 3"] == (
        "Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia."
    )
    assert texts["Uzasadnienie"] == "Program jest przyjmowany corocznie."


def test_signature_under_the_justification_ends_it():
    text = (
        "§ 1. Uchwała wchodzi w życie z dniem podjęcia.\n\n"
        "Uzasadnienie\n"
        "Zmiana porządkuje przepisy.\n"
        "Wójt Gminy Przykładowo\n"
        "(-) Anna Nowak\n"
    )
    texts = _texts(parse_act(text))
    assert texts["§ 1"] == "Uchwała wchodzi w życie z dniem podjęcia."
    assert texts["Uzasadnienie"] == "Zmiana porządkuje przepisy."


def test_attachment_after_the_signature_is_still_read():
    text = (
        "§ 1. Przyjmuje się regulamin stanowiący załącznik do uchwały.\n"
        "Przewodnicząca Rady Miejskiej w Przykładowie\n"
        "Maria Wiśniewska\n"
        "Załącznik nr 1 do uchwały Nr XII/123/2026\n"
        "§ 1. Regulamin określa zasady korzystania z boisk.\n"
    )
    provisions = parse_act(text)
    assert [p.label for p in provisions] == [
        "§ 1",
        "Załącznik nr 1",
        "Załącznik nr 1 § 1",
    ]
    assert "Wiśniewska" not in " ".join(p.text for p in provisions)


def test_office_named_in_running_text_is_not_a_signature():
    text = (
        "§ 1. Sprawozdanie z realizacji Programu przedstawia Radzie Gminy\n"
        "Wójt Gminy Przykładowo\n"
        "w terminie do dnia 31 maja.\n"
        "Przewodniczący Rady Gminy zwołuje sesję.\n"
        "§ 2. Uchwała wchodzi w życie z dniem podjęcia.\n"
    )
    texts = _texts(parse_act(text))
    assert texts["§ 1"] == (
        "Sprawozdanie z realizacji Programu przedstawia Radzie Gminy "
        "Wójt Gminy Przykładowo w terminie do dnia 31 maja. "
        "Przewodniczący Rady Gminy zwołuje sesję."
    )
    assert texts["§ 2"] == "Uchwała wchodzi w życie z dniem podjęcia."


@pytest.mark.parametrize(
    "footer", ["Strona 2 z 3", "Str. 2/3", "2/3", "- 2 -", "– 2 –", "2", "STRONA 2"]
)
def test_page_marks_of_every_common_shape_are_dropped(footer):
    text = f"§ 1. Gmina wspiera organizacje\n{footer}\nw realizacji zadań.\n"
    assert _texts(parse_act(text))["§ 1"] == (
        "Gmina wspiera organizacje w realizacji zadań."
    )


def test_hyphen_rule_follows_the_rest_of_the_text_and_compound_stems():
    text = (
        "§ 1. Wspiera się inicjatywy biało-czerwone oraz formy biało-\n"
        "czerwone, a także rozwój naukowo-\n"
        "techniczny i prawno-\n"
        "organizacyjny; organizo-\n"
        "wanie wydarzeń, czyli organizowanie ich, oraz współ-\n"
        "pracę.\n"
    )
    assert _texts(parse_act(text))["§ 1"] == (
        "Wspiera się inicjatywy biało-czerwone oraz formy biało-czerwone, "
        "a także rozwój naukowo-techniczny i prawno-organizacyjny; "
        "organizowanie wydarzeń, czyli organizowanie ich, oraz współpracę."
    )


def test_hyphen_before_a_capital_or_a_litera_is_not_a_broken_word():
    text = (
        "§ 1. Obszar obejmuje ulice: Kwiatową-\n"
        "Polną, a także:\n"
        "1) tereny zielone w granicach miasta, w tym ulice dwu-\n"
        "a) Lipową;\n"
    )
    texts = _texts(parse_act(text))
    assert texts["§ 1"] == "Obszar obejmuje ulice: Kwiatową- Polną, a także:"
    assert texts["§ 1 pkt 1"] == "tereny zielone w granicach miasta, w tym ulice dwu-"
    assert texts["§ 1 pkt 1 lit. a"] == "Lipową;"


def test_soft_hyphen_at_a_line_end_always_joins_and_line_numbers_still_count():
    text = "§ 1. Gmina wspiera organi\u00ad\nzacje.\nStrona 1 z 2\n§ 1. Drugi raz.\n"
    with pytest.raises(ActParseError) as error:
        parse_act(text)
    assert error.value.line == 4
    assert _texts(parse_act(text.replace("§ 1. Drugi", "§ 2. Drugi")))["§ 1"] == (
        "Gmina wspiera organizacje."
    )
