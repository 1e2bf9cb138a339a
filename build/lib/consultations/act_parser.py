"""Split the plain text of a Polish draft legal act into numbered provisions.

The parser follows the editorial units defined by the Polish rules of legislative
drafting (Zasady techniki prawodawczej, ZTP): paragraphs ("§ 1."), sections
("1." - ustęp), points ("1)" - punkt) and letters ("a)" - litera). Tirets
("– text") are not separate units; they stay in the text of their parent.

Decisions that callers may rely on:

* Every editorial unit is emitted, in document order, even when it has no text
  of its own. A paragraph written as ``§ 3. 1. Text`` (or whose text consists
  only of ustępy) is emitted as ``§ 3`` with ``text == ""``, followed by
  ``§ 3 ust. 1`` etc., so the structure of the act can be rebuilt from the list.
* Text before the first paragraph (title, date, subject, legal basis) is
  returned as a first provision labelled ``"Preambuła"`` (level 0) only if it is
  not empty. Chapter headings placed before the first paragraph are not part of
  it; they become the heading of ``§ 1``.
* ``"Rozdział 2"`` / ``"DZIAŁ I"`` lines, with an optional title (on the same
  line or on the following non-blank lines), become the heading of the next
  paragraph, rendered as ``"Rozdział 2. Cele programu"``. Several headings
  before one paragraph (``DZIAŁ`` + ``Rozdział``) are joined with ``"\\n"``.
* Under ZTP a paragraph divided into ustępy has no text of its own, so a short
  line between the paragraph marker and ``1.`` (``"§ 4. Zasady współpracy"``)
  is treated as the paragraph's title: it goes to ``heading`` (after any chapter
  heading, joined with ``"\\n"``) instead of ``text``.
* A wrapped line continues the current unit's text (joined with a space); a
  blank line starts a new paragraph of text; each tiret starts a new line of
  text. Paragraphs of text are joined with ``"\\n"``.
* Markers are recognised only at the start of a line, so references inside
  sentences ("art. 5a ust. 1", "w § 2", "2027 r.") never split a unit. A line
  that merely looks like a marker is still read as a wrapped continuation when
  the previous line ends with an abbreviation that needs a number ("art.",
  "ust.", "pkt", "lit.", "poz.", "nr", "§"), or when the previous line does not
  end with ".", ";", ":", "!" or "?" and the number is not the next one in
  sequence ("1" first, then "2" or "1a"). Side effect: a repeated number right
  after a line without final punctuation is kept as text, not reported.
* Two extensions for complete resolutions: after the first §, a line such as
  ``"Załącznik nr 1 do uchwały Nr XII/123/2026"`` starts an attachment whose
  own numbering restarts (labels ``"Załącznik nr 1 § 1 ust. 2"``; the
  attachment itself is a level-0 provision holding the attachment's title
  text), and an ``"Uzasadnienie"`` line starts the statement of reasons,
  returned as one level-0 provision labelled ``"Uzasadnienie"`` whose lines are
  not split into units. An attachment structured only by chapters and numbered
  sections, without any §, is kept whole as the attachment's text.
* Text pasted from a PDF is cleaned before parsing (line numbers in errors
  still count the pasted lines):

  - page headers and footers are dropped: ``"Strona 1 z 2"``, ``"Str. 2/3"``,
    ``"1/3"``, ``"- 2 -"``, a lone page number of up to three digits, and the
    ``"Id: 5A8C…. Strona 1"`` line of PDFs exported by legislative systems;
    blank lines around such a line go with it, so a page break inside a
    sentence does not start a new paragraph of text;
  - a word broken at the line end is rejoined: a line ending in a soft hyphen
    always joins the next; a line ending in ``"<letters>-"`` joins the next
    when that starts with a lowercase letter (and is not a litera ``"a)"``),
    moving the rest of the word up (``"dzia-"`` + ``"łalności w"`` ->
    ``"działalności"`` + ``"w"``). The hyphen is kept (``"społeczno-gospodarczy"``)
    when the word before it is a compound-adjective stem: it ends in ``"o"`` and
    has at least five letters (``"społeczno"``, ``"naukowo"``, ``"prawno"``).
    The rest of the text decides first where it can: if the hyphenated form
    occurs elsewhere in it the hyphen stays, if the joined word does it goes.
* A signature block ends the act's body: after the first §, a line on its own
  naming the signing office (``"Przewodniczący Rady Gminy"``, ``"Wójt Gminy
  Przykładowo"``, ``"Burmistrz Miasta"``), following a finished sentence, is
  dropped together with everything after it (the name, "(-)", "podpisano
  elektronicznie") up to the next attachment or ``"Uzasadnienie"``; a signature
  under the justification ends it the same way.
* Labels are unique. A repeated number raises :class:`ActParseError` with a
  Polish message naming the line, e.g. ``"Powtórzony numer § 3 w wierszu 17."``.

The module is deliberately free of Django imports so it can be used (and
tested) anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "JUSTIFICATION_LABEL",
    "PREAMBLE_LABEL",
    "ActParseError",
    "ParsedProvision",
    "parse_act",
]

PREAMBLE_LABEL = "Preambuła"
JUSTIFICATION_LABEL = "Uzasadnienie"

# Level of each kind of unit in ParsedProvision.level.
_LEVELS = {
    "preamble": 0,
    "attachment": 0,
    "justification": 0,
    "par": 0,
    "ust": 1,
    "pkt": 2,
    "lit": 3,
}
# How a unit is named inside a label/path ("§ 3 ust. 2 pkt 4 lit. a").
_UNIT_WORDS = {"ust": "ust.", "pkt": "pkt", "lit": "lit."}

# Characters that are invisible or only typographic; PDF/Word exports are full
# of them and they would otherwise break marker detection.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# In str patterns \s already covers NBSP (U+00A0), U+202F, U+2007 and tabs.
_WHITESPACE_RE = re.compile(r"\s+")

_PARAGRAPH_RE = re.compile(r"^§\s*(?P<num>\d{1,4}[a-z]{0,2})(?:\.\s*(?P<rest>.*)|\s*)$")
# "1. Text", "1." alone, or "1.Text" glued to a capital letter; "1.01.2027" is
# not a marker because a digit follows the dot.
_UST_RE = re.compile(
    r"^(?P<num>\d{1,3}[a-z]{0,2})\."
    r"(?:\s+(?P<rest>.*)|(?P<glued>[A-ZĄĆĘŁŃÓŚŹŻ„\"(].*))?$"
)
_PKT_RE = re.compile(r"^(?P<num>\d{1,3}[a-z]{0,2})\)\s*(?P<rest>.*)$")
_LIT_RE = re.compile(r"^(?P<num>[a-z]{1,2})\)\s*(?P<rest>.*)$")
_TIRET_RE = re.compile(r"^[–—−•-]\s")
_CHAPTER_RE = re.compile(
    r"^(?P<word>Rozdział|ROZDZIAŁ|Dział|DZIAŁ)\s+"
    r"(?P<num>[IVXLCDM]+|\d{1,3}[a-z]?)(?=$|[\s.:–—-])"
    r"\.?\s*(?:[–—:-]\s*)?(?P<title>.*)$"
)
# Only header-like lines start an attachment, so that a sentence such as
# "Załącznik do uchwały zawiera program ..." in the justification does not.
_ATTACHMENT_RE = re.compile(
    r"^(?:Załącznik|ZAŁĄCZNIK)"
    r"(?:\s+(?:nr|Nr|NR)\.?\s*(?P<num>[0-9IVXLC]+[a-z]?))?"
    r"(?:\s+(?:do|DO)\s+(?:projektu\s+|PROJEKTU\s+)?(?:uchwały|Uchwały|UCHWAŁY)"
    r"(?:\s+(?:nr|Nr|NR|Rady|RADY|z\s+dnia)\b.*)?)?\s*$"
)
_JUSTIFICATION_RE = re.compile(
    r"^(?:Uzasadnienie|UZASADNIENIE)(?:\s+(?:do|DO)\s.*)?\s*:?$"
)

# Page headers and footers of PDF exports, matched against a whole line.
_PAGE_MARK_RE = re.compile(
    r"^(?:"
    r"(?:Strona|STRONA|Str\.|str\.)\s*\d{1,3}(?:\s*(?:z|/|ze)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|[-–—]\s*\d{1,3}\s*[-–—]"
    r"|\d{1,3}"
    r"|Id:\s*[0-9A-Fa-f]{8}[0-9A-Fa-f-]*\b.*\b(?:Strona|Str\.)\s*\d{1,3}.*"
    r")$"
)
# "dzia-" at a line end: a word fragment (letters only) and a hyphen.
_BROKEN_WORD_RE = re.compile(r"(?:^|(?<=[\s(„\"]))(?P<word>[^\W\d_]+)-$")
_LOWER_START_RE = re.compile(r"^(?P<word>[a-ząćęłńóśźż][^\s]*)(?:\s+(?P<rest>.*))?$")
_COMPOUND_STEM_RE = re.compile(r"^[^\W\d_]{4,}o$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# The signing office under a resolution (or its justification), on its own line.
_SIGNATURE_RE = re.compile(
    r"^(?:(?:Wice)?(?:Przewodnicząc[ya]|PRZEWODNICZĄC[YA]|WICEPRZEWODNICZĄC[YA])"
    r"\s+(?:Rady|RADY)"
    r"|(?:Zastępca\s+)?(?:Wójt|WÓJT|Burmistrz|BURMISTRZ|Prezydent|PREZYDENT)"
    r"(?=$|\s+(?:Gminy|GMINY|Miasta|MIASTA)\b)"
    r")(?:\s+(?:w|we|i|[A-ZĄĆĘŁŃÓŚŹŻ(/-]\S*)){0,5}(?<![.;:,!?])$"
)

# A line "closes" when it ends a sentence, an enumeration item or an intro
# (".", ";", ":"), possibly followed by closing quotes/brackets.
_CLOSED_END_RE = re.compile(r"[.;:!?][\"'”’»)\]]*$")
# ...unless it ends with an abbreviation that is always followed by a number:
# "art. 5a ust." + newline + "1 ustawy" is a reference, not a new unit.
_EXPECTS_NUMBER_RE = re.compile(
    r"(?:(?:^|[\s(])(?:art|ust|pkt|lit|poz|nr|par)\.?|§)$", re.IGNORECASE
)

_CLOSED = "closed"
_OPEN = "open"
_EXPECTS_NUMBER = "expects_number"

_TITLE_MAX_LENGTH = 120


class ActParseError(ValueError):
    """The text cannot be split into provisions.

    ``str(error)`` is a Polish message meant for the person who pasted the text;
    ``line`` is the 1-based line number it refers to (``None`` if not known).
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ParsedProvision:
    """One editorial unit of the act (or the preamble/attachment/justification).

    ``label`` is unique within the act, e.g. ``"§ 3 ust. 2 pkt 4 lit. a"``;
    ``path`` holds its components, e.g. ``("§ 3", "ust. 2", "pkt 4", "lit. a")``;
    ``level`` is 0 for §, 1 for ust., 2 for pkt and 3 for lit.
    """

    label: str
    heading: str
    text: str
    level: int
    path: tuple[str, ...]


@dataclass
class _Node:
    kind: str
    label: str
    path: tuple[str, ...]
    line: int
    headings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    paragraph_break: bool = False
    first_child_kind: str | None = None
    # Last number used by direct children of each kind, for sequence checks.
    last_child: dict[str, str] = field(default_factory=dict)

    def add_text(self, text: str, *, new_paragraph: bool = False) -> None:
        if new_paragraph or self.paragraph_break or not self.paragraphs:
            self.paragraphs.append(text)
        else:
            self.paragraphs[-1] = f"{self.paragraphs[-1]} {text}"
        self.paragraph_break = False


@dataclass
class _PendingHeading:
    base: str
    title_parts: list[str] = field(default_factory=list)
    # Set by a blank line after the title: further text is not title anymore.
    closed: bool = False

    def render(self) -> str:
        title = " ".join(self.title_parts)
        return f"{self.base}. {title}" if title else self.base


def _normalize_line(line: str) -> str:
    line = _INVISIBLE_RE.sub("", line)
    return _WHITESPACE_RE.sub(" ", line).strip()


def _line_state(text: str) -> str:
    """Classify how a line ends, to decide whether the next line may be a marker."""
    if not text:
        return _CLOSED
    if _EXPECTS_NUMBER_RE.search(text):
        return _EXPECTS_NUMBER
    return _CLOSED if _CLOSED_END_RE.search(text) else _OPEN


def _split_number(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    assert digits is not None  # guaranteed by the marker regexes
    return int(digits.group()), number[digits.end() :]


def _is_next_number(number: str, previous: str | None) -> bool:
    """Whether ``number`` naturally follows ``previous`` ("2" after "1", "2a" after
    "2" or "2a" -> "2b")."""
    value, suffix = _split_number(number)
    if previous is None:
        return value == 1 and not suffix
    prev_value, prev_suffix = _split_number(previous)
    if value == prev_value + 1 and not suffix:
        return True
    return value == prev_value and suffix > prev_suffix


def _is_next_letter(letter: str, previous: str | None) -> bool:
    if previous is None:
        return letter == "a"
    if len(letter) == 1 and len(previous) == 1:
        return ord(letter) == ord(previous) + 1
    return False


def _looks_like_marker(line: str) -> bool:
    return bool(
        _PARAGRAPH_RE.match(line)
        or _UST_RE.match(line)
        or _PKT_RE.match(line)
        or _LIT_RE.match(line)
        or _TIRET_RE.match(line)
    )


class _Parser:
    def __init__(self) -> None:
        self.preamble = _Node("preamble", PREAMBLE_LABEL, (PREAMBLE_LABEL,), 1)
        self.nodes: list[_Node] = [self.preamble]
        self.labels: set[str] = set()
        # "preamble" (before the first §), "body" (inside a §), "attachment"
        # (attachment title before its first §) or "justification".
        self.zone = "preamble"
        self.prefix = ""  # label prefix inside an attachment
        self.prefix_path: tuple[str, ...] = ()
        self.par: _Node | None = None
        self.ust: _Node | None = None
        self.pkt: _Node | None = None
        self.current: _Node = self.preamble
        self.last_par_number: str | None = None
        self.pending: list[_PendingHeading] = []
        self.prev_state = _CLOSED
        self.prev_line = ""
        self.found_paragraph = False

    # -- helpers ---------------------------------------------------------------

    def _register(self, node: _Node) -> None:
        if node.label in self.labels:
            if node.kind == "attachment":
                message = f"Powtórzony załącznik „{node.label}” w wierszu {node.line}."
            elif node.kind == "justification":
                message = f"Powtórzone uzasadnienie w wierszu {node.line}."
            else:
                message = f"Powtórzony numer {node.label} w wierszu {node.line}."
            raise ActParseError(message, node.line)
        self.labels.add(node.label)
        self.nodes.append(node)

    def _may_start_unit(self, is_next: bool) -> bool:
        if self.prev_state == _CLOSED:
            return True
        return self.prev_state == _OPEN and is_next

    def _flush_pending(self) -> None:
        # A chapter heading not followed by a § (malformed or chapter-only
        # structure) is kept as text rather than silently dropped.
        for heading in self.pending:
            self.current.add_text(heading.render(), new_paragraph=True)
        if self.pending:
            self.current.paragraph_break = True
        self.pending.clear()

    def _add_text(self, line: str, *, new_paragraph: bool = False) -> None:
        self._flush_pending()
        self.current.add_text(line, new_paragraph=new_paragraph)
        self.prev_state = _line_state(line)

    # -- unit constructors -----------------------------------------------------

    def _start_section(self, kind: str, label: str, lineno: int) -> None:
        # Attachments and the justification are top-level sections: they end
        # the numbering scope of the previous attachment, if any.
        self._flush_pending()
        self.prefix, self.prefix_path = "", ()
        node = _Node(kind, label, (label,), lineno)
        self._register(node)
        self.par = self.ust = self.pkt = None
        self.current = node
        self.prev_state = _CLOSED

    def _start_attachment(self, match: re.Match[str], line: str, lineno: int) -> None:
        number = match.group("num")
        label = f"Załącznik nr {number}" if number else "Załącznik"
        self._start_section("attachment", label, lineno)
        self.prefix = f"{label} "
        self.prefix_path = (label,)
        self.zone = "attachment"
        self.last_par_number = None
        self.current.add_text(line)
        self.prev_state = _line_state(line)

    def _start_paragraph(self, number: str, rest: str, lineno: int) -> None:
        component = f"§ {number}"
        node = _Node(
            "par", self.prefix + component, self.prefix_path + (component,), lineno
        )
        node.headings = [heading.render() for heading in self.pending]
        self.pending.clear()
        self._register(node)
        self.par, self.ust, self.pkt = node, None, None
        self.current = node
        self.last_par_number = number
        self.zone = "body"
        self.found_paragraph = True
        self.prev_state = _CLOSED
        if not rest:
            return
        # "§ 3. 1. Text": the first ustęp shares the line with the § marker.
        # Only number 1 qualifies, so "§ 3. 2027 r. ..." cannot be misread.
        ust = _UST_RE.match(rest)
        if ust and ust.group("num") == "1":
            self._start_child(
                "ust", "1", ust.group("rest") or ust.group("glued"), lineno
            )
            return
        pkt = _PKT_RE.match(rest)
        if pkt and pkt.group("num") == "1":
            self._start_child("pkt", "1", pkt.group("rest"), lineno)
            return
        node.add_text(rest)
        self.prev_state = _line_state(rest)

    def _parent_for(self, kind: str) -> _Node:
        assert self.par is not None
        if kind == "ust":
            return self.par
        if kind == "pkt":
            return self.ust or self.par
        return self.pkt or self.ust or self.par

    def _start_child(
        self, kind: str, number: str, rest: str | None, lineno: int
    ) -> None:
        parent = self._parent_for(kind)
        component = f"{_UNIT_WORDS[kind]} {number}"
        node = _Node(
            kind, f"{parent.label} {component}", parent.path + (component,), lineno
        )
        self._register(node)
        parent.first_child_kind = parent.first_child_kind or kind
        parent.last_child[kind] = number
        if kind == "ust":
            self.ust, self.pkt = node, None
        elif kind == "pkt":
            self.pkt = node
        self.current = node
        self.prev_state = _CLOSED
        if rest:
            node.add_text(rest)
            self.prev_state = _line_state(rest)

    # -- main loop -------------------------------------------------------------

    def feed(self, line: str, lineno: int) -> None:
        self._feed(line, lineno)
        if line:
            self.prev_line = line

    def _is_signature(self, line: str) -> bool:
        return (
            self.found_paragraph
            and self.prev_state == _CLOSED
            and not self.prev_line.endswith((":", ";", ","))
            and bool(_SIGNATURE_RE.match(line))
        )

    def _feed(self, line: str, lineno: int) -> None:
        if self.zone == "signature" and not line:
            return
        if not line:
            if self.pending and self.pending[-1].title_parts:
                self.pending[-1].closed = True
            self.current.paragraph_break = True
            self.prev_state = _CLOSED
            return

        # Attachments and the justification only make sense after the body of
        # the resolution; before the first § such lines are title text (e.g.
        # when only the attachment itself was pasted). Their patterns are
        # strict enough not to need the previous line to be finished.
        attachment = _ATTACHMENT_RE.match(line)
        if attachment and self.found_paragraph:
            self._start_attachment(attachment, line, lineno)
            return

        if self.zone == "signature":
            # The name and notes under the signature are not part of the act;
            # only the next attachment or the justification starts again.
            if _JUSTIFICATION_RE.match(line):
                self._start_section("justification", JUSTIFICATION_LABEL, lineno)
                self.zone = "justification"
            return

        if self._is_signature(line):
            self._flush_pending()
            self.zone = "signature"
            return

        if self.zone == "justification":
            # The statement of reasons is prose: keep list-like lines as
            # separate lines but do not split it into units.
            self._add_text(line, new_paragraph=_looks_like_marker(line))
            return

        if _JUSTIFICATION_RE.match(line) and self.found_paragraph:
            self._start_section("justification", JUSTIFICATION_LABEL, lineno)
            self.zone = "justification"
            return

        # Chapter lines are accepted even after an unfinished line: titles in
        # capitals ("PROGRAM WSPÓŁPRACY") carry no punctuation, and references
        # to chapters in running text are written in lower case ("w rozdziale").
        chapter = _CHAPTER_RE.match(line)
        if chapter:
            heading = _PendingHeading(f"{chapter.group('word')} {chapter.group('num')}")
            if chapter.group("title"):
                heading.title_parts.append(chapter.group("title"))
            self.pending.append(heading)
            self.prev_state = _CLOSED
            return

        if (
            self.pending
            and not self.pending[-1].closed
            and not _looks_like_marker(line)
        ):
            self.pending[-1].title_parts.append(line)
            self.prev_state = _CLOSED
            return

        paragraph = _PARAGRAPH_RE.match(line)
        if paragraph:
            number = paragraph.group("num")
            if self.pending or self._may_start_unit(
                _is_next_number(number, self.last_par_number)
            ):
                self._start_paragraph(number, paragraph.group("rest") or "", lineno)
                return

        if self.zone == "body" and self._feed_unit_marker(line, lineno):
            return

        new_paragraph = bool(_TIRET_RE.match(line)) or (
            self.zone != "body" and _looks_like_marker(line)
        )
        self._add_text(line, new_paragraph=new_paragraph)

    def _feed_unit_marker(self, line: str, lineno: int) -> bool:
        ust = _UST_RE.match(line)
        if ust:
            number = ust.group("num")
            previous = self._parent_for("ust").last_child.get("ust")
            if self._may_start_unit(_is_next_number(number, previous)):
                self._flush_pending()
                self._start_child(
                    "ust", number, ust.group("rest") or ust.group("glued"), lineno
                )
                return True
        pkt = _PKT_RE.match(line)
        if pkt:
            number = pkt.group("num")
            previous = self._parent_for("pkt").last_child.get("pkt")
            if self._may_start_unit(_is_next_number(number, previous)):
                self._flush_pending()
                self._start_child("pkt", number, pkt.group("rest"), lineno)
                return True
        lit = _LIT_RE.match(line)
        if lit:
            letter = lit.group("num")
            previous = self._parent_for("lit").last_child.get("lit")
            if self._may_start_unit(_is_next_letter(letter, previous)):
                self._flush_pending()
                self._start_child("lit", letter, lit.group("rest"), lineno)
                return True
        return False

    def finish(self, line_count: int) -> list[ParsedProvision]:
        self._flush_pending()
        if not self.found_paragraph:
            raise ActParseError(
                "Nie znaleziono żadnego paragrafu (§) w wierszach 1–"
                f"{line_count}. Przepisy projektu muszą być podzielone na "
                "paragrafy, np. „§ 1. Treść przepisu.”.",
                1,
            )
        result = []
        for node in self.nodes:
            if node.kind == "preamble" and not node.paragraphs:
                continue
            headings = list(node.headings)
            paragraphs = node.paragraphs
            if _is_paragraph_title(node):
                headings.append(paragraphs[0])
                paragraphs = []
            result.append(
                ParsedProvision(
                    label=node.label,
                    heading="\n".join(headings),
                    text="\n".join(paragraphs),
                    level=_LEVELS[node.kind],
                    path=node.path,
                )
            )
        return result


def _is_paragraph_title(node: _Node) -> bool:
    # Under ZTP a paragraph divided into ustępy has no text of its own, so a
    # short single line before "1." can only be the paragraph's title.
    if node.kind != "par" or node.first_child_kind != "ust":
        return False
    if len(node.paragraphs) != 1:
        return False
    text = node.paragraphs[0]
    return (
        len(text) <= _TITLE_MAX_LENGTH
        and text[0].isupper()
        and not text.endswith((":", ";", ","))
    )


def parse_act(text: str) -> list[ParsedProvision]:
    """Split the plain text of a Polish draft act into provisions.

    Returns provisions in document order: an optional ``"Preambuła"``, then each
    §, ustęp, punkt and litera (plus attachments and the justification, if
    present). Raises :class:`ActParseError` (Polish message with a line number)
    when the text is empty, contains no § or repeats a unit number.
    """
    # Windows and old Mac line endings; form feeds (page breaks in PDF
    # exports) and other exotic separators only become spaces so that line
    # numbers match what an editor shows.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    soft_broken = [line.rstrip().endswith("\u00ad") for line in lines]
    normalized = [_normalize_line(line) for line in lines]
    if not any(normalized):
        raise ActParseError("Tekst projektu aktu jest pusty (wiersz 1).", 1)
    parser = _Parser()
    for lineno, line in _clean_pasted_lines(normalized, soft_broken):
        parser.feed(line, lineno)
    return parser.finish(len(lines))


def _clean_pasted_lines(
    lines: list[str], soft_broken: list[bool]
) -> list[tuple[int, str]]:
    """(line number, text) of the lines to parse: page headers and footers
    dropped (with the blank lines around them), broken words rejoined."""
    kept: list[tuple[int, str, bool]] = []
    drop_blanks = False
    for index, line in enumerate(lines):
        if _PAGE_MARK_RE.match(line):
            while kept and not kept[-1][1]:
                kept.pop()
            drop_blanks = True
            continue
        if not line and drop_blanks:
            continue
        drop_blanks = False
        kept.append((index + 1, line, soft_broken[index]))

    words = _known_words(lines)
    result: list[tuple[int, str]] = []
    soft_previous = False
    for lineno, line, soft in kept:
        if result:
            joined = _join_broken_word(result[-1][1], line, soft_previous, words)
            if joined is not None:
                previous, line = joined
                result[-1] = (result[-1][0], previous)
                if not line:
                    soft_previous = False
                    continue
        result.append((lineno, line))
        soft_previous = soft
    return result


def _known_words(lines: list[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(word.lower() for word in _WORD_RE.findall(line))
    return words


def _join_broken_word(
    previous: str, line: str, soft: bool, words: set[str]
) -> tuple[str, str] | None:
    """``(previous, line)`` with the first word of ``line`` moved up onto
    ``previous`` when ``previous`` ends in a broken word; else None."""
    if not previous or not line:
        return None
    start = _LOWER_START_RE.match(line)
    if soft:
        if not line[0].isalpha():
            return None
        first, _, rest = line.partition(" ")
        return previous + first, rest
    broken = _BROKEN_WORD_RE.search(previous)
    if broken is None or start is None or _LIT_RE.match(line):
        return None
    stem, first = broken.group("word"), start.group("word")
    head = first.rstrip('.,;:!?)”"»')
    hyphenated = f"{stem}-{head}".lower()
    if hyphenated in words:
        keep_hyphen = True
    elif f"{stem}{head}".lower() in words:
        keep_hyphen = False
    else:
        keep_hyphen = bool(_COMPOUND_STEM_RE.match(stem))
    glued = previous + first if keep_hyphen else previous[:-1] + first
    return glued, start.group("rest") or ""
