"""Words, their search keys and highlighted snippets.

A word's keys are its lemmas as Morfeusz 2 (the SGJP dictionary) reads it, and
for a word the dictionary does not know, the word itself: "zarządzeniu" ->
{"zarządzenie", "zarządzić"}, "Programu" -> {"program"}, "Przykładowo" ->
{"przykładowo"}. An entry is indexed under the keys of
all its words; a query word matches an entry holding any of its keys. Ambiguous
forms keep all their readings: recall matters more here than a perfect
lemma, and the ranking puts the entries with more matches first.
"""

import re
import threading
from functools import lru_cache
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

WORD_RE = re.compile(r"\w+")
KEY_MAX_LENGTH = 64
# Words too common to tell entries apart; dropped from entries and queries alike
# (a query of nothing else keeps them).
STOPWORDS = frozenset(
    "a aby ale albo bo by być co czy dla do i ich im jak jest jej jego już lub "
    "na nie nich niż o od oraz po pod przez przy się są ta te tego tej to tu "
    "w we z za ze że".split()
)

_local = threading.local()


def _analyser():
    # One per thread: a Morfeusz instance is not documented as thread-safe, and
    # sync views run in a pool of threads under Daphne.
    analyser = getattr(_local, "analyser", None)
    if analyser is None:
        import morfeusz2

        analyser = morfeusz2.Morfeusz(generate=False, expand_tags=False)
        _local.analyser = analyser
    return analyser


@lru_cache(maxsize=50_000)
def word_keys(word: str) -> frozenset[str]:
    """The search keys of one lower-case word."""
    keys = set()
    if not word.isdigit():
        for _start, _end, interpretation in _analyser().analyse(word):
            # "zamek:s1" -> "zamek": the suffix tells homonyms apart, which a
            # reader does not.
            lemma = interpretation[1].split(":", 1)[0].lower()
            if lemma and WORD_RE.fullmatch(lemma):
                keys.add(lemma[:KEY_MAX_LENGTH])
    # A word the dictionary does not know (a name, a number) is its own key.
    return frozenset(keys or {word[:KEY_MAX_LENGTH]})


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
    return [word_keys(word) for word in chosen]


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
