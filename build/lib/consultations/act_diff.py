"""Compare two versions of a draft act provision by provision.

Pure Python (no Django imports). Provisions are passed as ``(key, label, text)``
tuples, where ``key`` is the caller's stable identifier of a provision across
versions (e.g. a database id carried over by :func:`match_provisions`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from consultations.act_parser import ParsedProvision

__all__ = [
    "SIMILARITY_THRESHOLD",
    "ProvisionChange",
    "diff_provisions",
    "inline_diff_html",
    "match_provisions",
]

# Minimal word-level similarity for a reworded provision to be considered the
# continuation of an old one (used when the label changed).
SIMILARITY_THRESHOLD = 0.6

ProvisionItem = tuple[str | None, str, str]

# Whitespace runs, words and punctuation runs. Splitting punctuation from words
# means "2027;" -> "2027." is shown as a change of ";" only.
_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]+")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class ProvisionChange:
    """One row of a version comparison.

    ``kind`` is ``"added"``, ``"removed"``, ``"changed"`` or ``"unchanged"``.
    Labels are ``None`` on the side where the provision does not exist and texts
    are ``""`` there. ``key`` is the key of the new provision (for ``"removed"``:
    of the old one), falling back to the other side's key when it is ``None``.
    """

    kind: str
    old_label: str | None
    new_label: str | None
    old_text: str
    new_text: str
    key: str | None


def _same_text(old_text: str, new_text: str) -> bool:
    # Re-wrapping or trailing spaces are not a change anyone can comment on.
    return old_text.split() == new_text.split()


def _check_unique_keys(items: Sequence[ProvisionItem], side: str) -> None:
    seen: set[str] = set()
    for key, label, _text in items:
        if key is None:
            continue
        if key in seen:
            raise ValueError(f"Duplicate key {key!r} in {side} provisions ({label}).")
        seen.add(key)


def diff_provisions(
    old: Sequence[ProvisionItem], new: Sequence[ProvisionItem]
) -> list[ProvisionChange]:
    """Compare two versions given as ``(key, label, text)`` items.

    Provisions are matched on ``key`` first; new items still unmatched are then
    matched to unmatched old items with the same label (so callers that
    re-create keys for a new version still get a useful comparison). ``None``
    keys never match on key. Texts are compared ignoring differences in
    whitespace; a provision that was only renumbered is ``"unchanged"`` with
    ``old_label != new_label``.

    The result follows the order of ``new``; each removed provision is placed
    right after the (new position of the) closest preceding old provision that
    survived, or at the very beginning if none did. Raises ``ValueError`` for
    duplicate keys within one side.
    """
    _check_unique_keys(old, "old")
    _check_unique_keys(new, "new")

    old_index_by_key = {key: i for i, (key, _, _) in enumerate(old) if key is not None}
    new_to_old: list[int | None] = []
    used_old: set[int] = set()
    for key, _label, _text in new:
        index = old_index_by_key.get(key) if key is not None else None
        new_to_old.append(index)
        if index is not None:
            used_old.add(index)

    old_index_by_label: dict[str, int] = {}
    for i, (_key, label, _text) in enumerate(old):
        if i not in used_old:
            old_index_by_label.setdefault(label, i)
    for j, (_key, label, _text) in enumerate(new):
        if new_to_old[j] is None and label in old_index_by_label:
            index = old_index_by_label.pop(label)
            new_to_old[j] = index
            used_old.add(index)

    # Anchor every removed item to the closest preceding surviving old item,
    # so it is shown where it used to be.
    removed_after: dict[int | None, list[int]] = {}
    anchor: int | None = None
    for i in range(len(old)):
        if i in used_old:
            anchor = i
        else:
            removed_after.setdefault(anchor, []).append(i)

    def removed(i: int) -> ProvisionChange:
        key, label, text = old[i]
        return ProvisionChange("removed", label, None, text, "", key)

    changes = [removed(i) for i in removed_after.get(None, [])]
    for j, (key, label, text) in enumerate(new):
        index = new_to_old[j]
        if index is None:
            changes.append(ProvisionChange("added", None, label, "", text, key))
            continue
        old_key, old_label, old_text = old[index]
        kind = "unchanged" if _same_text(old_text, text) else "changed"
        changes.append(
            ProvisionChange(
                kind,
                old_label,
                label,
                old_text,
                text,
                key if key is not None else old_key,
            )
        )
        changes.extend(removed(i) for i in removed_after.get(index, []))
    return changes


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def inline_diff_html(old_text: str, new_text: str) -> str:
    """Render a word-level diff of two texts as HTML.

    Unchanged fragments are escaped as they are, removed ones are wrapped in
    ``<del>`` and added ones in ``<ins>``. Every piece of text goes through
    :func:`html.escape`, so the result is safe to mark as safe in a template.
    Whitespace (including ``"\\n"``) is preserved: dropping the ``<ins>``
    elements and unescaping gives back ``old_text``, dropping ``<del>`` gives
    ``new_text``.
    """
    old_tokens = _tokens(old_text)
    new_tokens = _tokens(new_text)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)

    # (is_equal, old fragment, new fragment)
    segments: list[tuple[bool, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = "".join(old_tokens[i1:i2])
        new_part = "".join(new_tokens[j1:j2])
        segments.append((tag == "equal", old_part, new_part))

    # A lone space between two changed words would otherwise split one
    # rewording into alternating <del>/<ins> pairs; fold it into the change.
    merged: list[tuple[bool, str, str]] = []
    for index, (is_equal, old_part, new_part) in enumerate(segments):
        between_changes = (
            is_equal
            and not old_part.strip()
            and 0 < index < len(segments) - 1
            and not segments[index - 1][0]
            and not segments[index + 1][0]
        )
        if between_changes:
            is_equal = False
        if merged and not is_equal and not merged[-1][0]:
            _, prev_old, prev_new = merged.pop()
            old_part, new_part = prev_old + old_part, prev_new + new_part
        merged.append((is_equal, old_part, new_part))

    out: list[str] = []
    for is_equal, old_part, new_part in merged:
        if is_equal:
            out.append(html.escape(new_part))
            continue
        if old_part:
            out.append(f"<del>{html.escape(old_part)}</del>")
        if new_part:
            out.append(f"<ins>{html.escape(new_part)}</ins>")
    return "".join(out)


def _similarity(a: list[str], b: list[str]) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # Cheap upper bounds first: most pairs of provisions are unrelated.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _signatures(labels_and_texts: list[tuple[tuple[str, ...], str]]) -> list[str]:
    """Text used to compare provisions: own text, or for a unit without text of
    its own (e.g. "§ 3" split into ustępy) the texts of its sub-units."""
    result = []
    for i, (path, text) in enumerate(labels_and_texts):
        if text.strip():
            result.append(text)
            continue
        parts = []
        for other_path, other_text in labels_and_texts[i + 1 :]:
            if other_path[: len(path)] != path or len(other_path) <= len(path):
                break
            parts.append(other_text)
        result.append(" ".join(parts))
    return result


def _old_paths(old: Sequence[ProvisionItem]) -> list[tuple[str, ...]]:
    # Old items carry labels only; recover the nesting from the label text,
    # which parse_act builds as "§ 3 ust. 2 pkt 4".
    paths = []
    for _key, label, _text in old:
        parts = re.split(r" (?=(?:§|ust\.|pkt|lit\.) )", label)
        paths.append(tuple(parts))
    return paths


def match_provisions(
    old: Sequence[ProvisionItem], new: Sequence[ParsedProvision]
) -> list[str | None]:
    """For each provision of a newly parsed version, find the old one it continues.

    Returns a list parallel to ``new`` with the key of the matched old item, or
    ``None`` for a new provision. Each old item is used at most once. Matching
    runs in passes, each only over items still unmatched:

    1. identical, non-empty text that occurs once on each side (a provision
       that was only renumbered keeps its comments even if another provision
       now has its old label);
    2. the same label;
    3. the most similar text (word-level ratio >= ``SIMILARITY_THRESHOLD``),
       best pairs first, ties broken by closeness of position. Units without
       text of their own are compared by the text of their sub-units.
    """
    new_list = list(new)
    result: list[str | None] = [None] * len(new_list)
    used_old: set[int] = set()

    def claim(j: int, i: int) -> None:
        result[j] = old[i][0]
        used_old.add(i)

    # Pass 1: unique identical texts.
    def unique_texts(texts: list[str]) -> dict[str, int]:
        counts: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            normalized = " ".join(text.split())
            if normalized:
                counts.setdefault(normalized, []).append(index)
        return {text: ids[0] for text, ids in counts.items() if len(ids) == 1}

    old_unique = unique_texts([text for _, _, text in old])
    new_unique = unique_texts([p.text for p in new_list])
    for text, j in new_unique.items():
        i = old_unique.get(text)
        if i is not None and old[i][0] is not None:
            claim(j, i)

    # Pass 2: same label.
    old_by_label: dict[str, int] = {}
    for i, (key, label, _text) in enumerate(old):
        if i not in used_old and key is not None:
            old_by_label.setdefault(label, i)
    for j, provision in enumerate(new_list):
        if result[j] is None and provision.label in old_by_label:
            claim(j, old_by_label.pop(provision.label))

    # Pass 3: most similar text among what is left.
    old_signatures = _signatures(
        list(zip(_old_paths(old), [t for _, _, t in old], strict=True))
    )
    new_signatures = _signatures([(p.path, p.text) for p in new_list])
    old_words = [_WORD_RE.findall(s.lower()) for s in old_signatures]
    new_words = [_WORD_RE.findall(s.lower()) for s in new_signatures]
    candidates: list[tuple[float, int, int, int]] = []
    for j in range(len(new_list)):
        if result[j] is not None or not new_words[j]:
            continue
        for i in range(len(old)):
            if i in used_old or old[i][0] is None or not old_words[i]:
                continue
            ratio = _similarity(old_words[i], new_words[j])
            if ratio >= SIMILARITY_THRESHOLD:
                candidates.append((-ratio, abs(i - j), j, i))
    candidates.sort()
    for _ratio, _distance, j, i in candidates:
        if result[j] is None and i not in used_old:
            claim(j, i)
    return result
