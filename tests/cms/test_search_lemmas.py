"""The search's word keys: dictionary lemmas, and queries typed without Polish
letters read with them restored."""

import pytest
from django.test import override_settings

from cms.search import lemmas, text


@pytest.fixture
def fresh_caches():
    def clear():
        for cached in (
            lemmas.lemmatiser_name,
            text.word_keys,
            text.query_word_keys,
        ):
            cached.cache_clear()

    clear()
    yield
    clear()


def test_an_unknown_word_is_its_own_key_in_the_index():
    # Names stay themselves; the index does not guess their diacritics.
    assert text.word_keys("kowalczyk") == {"kowalczyk"}
    assert text.text_keys("Zarzadzenie")["zarzadzenie"] == (1, 0)


@pytest.mark.parametrize(
    ("typed", "lemma"),
    [
        ("zarzadzenie", "zarządzenie"),
        ("zarzadzeniu", "zarządzenie"),
        ("spoleczne", "społeczny"),
        ("pozarzadowych", "pozarządowy"),
        ("wspolpracy", "współpraca"),
        ("zazolc", "zażółcić"),
    ],
)
def test_a_query_word_without_polish_letters_finds_its_lemma(typed, lemma):
    keys = text.query_word_keys(typed)
    assert lemma in keys
    # The word as typed stays a key: a name written that way still matches.
    assert typed in keys


def test_a_known_word_is_not_widened():
    # "program" and "laska" are words as typed: no diacritics are guessed.
    assert text.query_word_keys("program") == {"program"}
    assert "łaska" not in text.query_word_keys("laska")
    assert text.query_word_keys("łaska") == text.word_keys("łaska")


def test_a_word_with_too_many_spellings_is_left_as_typed():
    long_word = "z" * 8  # 3**8 spellings, past the cap
    assert list(text.spellings(long_word)) == []
    assert text.query_word_keys(long_word) == {long_word}


def test_the_lemmatiser_can_be_chosen(fresh_caches):
    with override_settings(SEARCH_LEMMATISER="morfeusz2"):
        assert lemmas.lemmatiser_name() == "morfeusz2"
    lemmas.lemmatiser_name.cache_clear()
    with override_settings(SEARCH_LEMMATISER="simplemma"):
        assert lemmas.lemmatiser_name() == "simplemma"


def test_simplemma_stands_in_where_morfeusz_has_no_wheel(fresh_caches):
    # pyproject installs simplemma only where Morfeusz 2 has no wheel (Linux on
    # ARM): there this runs; its table takes seconds to load.
    pytest.importorskip("simplemma")
    with override_settings(SEARCH_LEMMATISER="simplemma"):
        assert text.word_keys("zarządzeniu") == {"zarządzenie"}
        assert text.word_keys("programu") == {"program"}
        assert "zarządzenie" in text.query_word_keys("zarzadzeniu")
