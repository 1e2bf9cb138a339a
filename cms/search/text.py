"""Words, their search keys and highlighted snippets.

A word's keys are its lemmas as the dictionary reads it (Morfeusz 2, or
simplemma where it has no wheel: cms.search.lemmas), and for a word the
dictionary does not know, the word itself: "zarządzeniu" ->
{"zarządzenie", "zarządzić"}, "Programu" -> {"program"}, "Przykładowo" ->
{"przykładowo"}. An entry is indexed under the keys of
all its words; a query word matches an entry holding any of its keys. Ambiguous
forms keep all their readings: recall matters more here than a perfect
lemma, and the ranking puts the entries with more matches first.
"""

import itertools
import re
from functools import lru_cache
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .lemmas import known_lemmas

WORD_RE = re.compile(r"\w+")
KEY_MAX_LENGTH = 64
# Words too common to tell entries apart; dropped from entries and queries alike
# (a query of nothing else keeps them).
STOPWORDS = frozenset(
    "a aby ale albo bo by być co czy dla do i ich im jak jest jej jego już lub "
    "na nie nich niż o od oraz po pod przez przy się są ta te tego tej to tu "
    "w we z za ze że".split()
)

# What a letter may have been before its diacritics were left out, for queries
# typed without them ("zarzadzenie"); and the cap on the spellings tried for one
# word (each is a dictionary lookup of ~0.1 ms; "zarzadzenie" has 864).
DIACRITICS = {
    "a": "aą", "c": "cć", "e": "eę", "l": "lł", "n": "nń", "o": "oó", "s": "sś",
    "z": "zźż",
}  # fmt: skip
MAX_SPELLINGS = 2048


@lru_cache(maxsize=50_000)
def word_keys(word: str) -> frozenset[str]:
    """The search keys of one lower-case word."""
    keys = set() if word.isdigit() else known_lemmas(word)
    keys = {key[:KEY_MAX_LENGTH] for key in keys if WORD_RE.fullmatch(key)}
    # A word the dictionary does not know (a name, a number) is its own key.
    return frozenset(keys or {word[:KEY_MAX_LENGTH]})


def spellings(word: str):
    """The spellings ``word`` may stand for with its diacritics restored, the
    word itself first; none if there are more than MAX_SPELLINGS."""
    options = [DIACRITICS.get(letter, letter) for letter in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count > MAX_SPELLINGS:
        return
    for letters in itertools.product(*options):
        yield "".join(letters)


@lru_cache(maxsize=5_000)
def query_word_keys(word: str) -> frozenset[str]:
    """The keys of one lower-case query word: its own, and for a word typed
    without Polish letters that the dictionary does not know, the lemmas of every
    spelling with the letters restored that it does ("zarzadzeniu" ->
    "zarządzenie"). Only queries do this: a text's unknown words (names) stay
    themselves, and the index is the same either way."""
    keys = word_keys(word)
    if word.isascii() and word.isalpha() and not known_lemmas(word):
        restored = set()
        for spelling in spellings(word):
            restored |= known_lemmas(spelling)
        keys = keys | {key[:KEY_MAX_LENGTH] for key in restored}
    return frozenset(keys)


def words(text: str) -> list[re.Match]:
    """The words of ``text`` (matches, with their positions)."""
    return list(WORD_RE.finditer(text))


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML (a comment), entities decoded: snippets are
    escaped again when shown."""
    text = re.sub(r"<(br|/p|/li|/blockquote|/h\d)\b[^>]*>", "\n", html or "")
    return unescape(strip_tags(text)).strip()


def text_keys(text: str) -> dict[str, tuple[int, int]]:
    """{key: (occurrences, offset of the first)} of ``text``, stopwords left out."""
    found: dict[str, tuple[int, int]] = {}
    for match in WORD_RE.finditer(text):
        word = match.group().lower()
        if word in STOPWORDS:
            continue
        for key in word_keys(word):
            count, first = found.get(key, (0, match.start()))
            found[key] = (count + 1, first)
    return found


def query_keys(query: str, *, limit: int = 10) -> list[frozenset[str]]:
    """The keys of each word of ``query`` (up to ``limit`` words): an entry
    matches when it holds a key of every word."""
    query_words = [match.group().lower() for match in WORD_RE.finditer(query)]
    meaningful = [word for word in query_words if word not in STOPWORDS]
    chosen = list(dict.fromkeys(meaningful or query_words))[:limit]
    return [query_word_keys(word) for word in chosen]


def highlight(text: str, keys: frozenset[str] | set[str]) -> SafeString:
    """``text`` escaped, with each word holding one of ``keys`` in <mark>."""
    if not keys:
        return escape(text)
    parts = []
    last = 0
    for match in WORD_RE.finditer(text):
        if word_keys(match.group().lower()) & keys:
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def snippet(
    text: str, keys: frozenset[str] | set[str], *, around: int | None, length=220
) -> SafeString:
    """A passage of ``text`` of about ``length`` characters starting a little
    before offset ``around`` (the first match; None: the start), escaped, the
    matching words marked. Cut at word boundaries, with "…" where cut."""
    text = " ".join(text.split()) if around is None else text
    start = 0 if around is None else max(0, around - length // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = " ".join(text[start:end].split())
    marked = highlight(passage, keys)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")
