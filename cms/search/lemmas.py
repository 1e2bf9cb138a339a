"""Polish lemmas for the search index, from one of two dictionaries.

Morfeusz 2 (the SGJP dictionary) is the choice (bench/search_stemmers.py: 60 of
60 test forms); it ships wheels for Linux x86_64, macOS and Windows only, so on
other machines (Linux on ARM) pyproject installs simplemma instead, pure Python,
56 of 60, whose Polish table takes tens of seconds and ~400 MB to load: the ASGI
entry point loads it in the background at start (``warm_up``).

``SEARCH_LEMMATISER`` ("auto", "morfeusz2" or "simplemma") picks one; "auto"
takes Morfeusz 2 where it imports. The index must be rebuilt
(``search_reindex``) after switching, since the two read some words apart.
"""

import threading
from functools import lru_cache

from django.conf import settings

_local = threading.local()


@lru_cache(maxsize=1)
def lemmatiser_name() -> str:
    choice = getattr(settings, "SEARCH_LEMMATISER", "auto")
    if choice != "auto":
        return choice
    try:
        import morfeusz2  # noqa: F401
    except ImportError:
        return "simplemma"
    return "morfeusz2"


def _morfeusz():
    # One per thread: a Morfeusz instance is not documented as thread-safe, and
    # sync views run in a pool of threads under Daphne.
    analyser = getattr(_local, "morfeusz", None)
    if analyser is None:
        import morfeusz2

        analyser = morfeusz2.Morfeusz(generate=False, expand_tags=False)
        _local.morfeusz = analyser
    return analyser


def known_lemmas(word: str) -> set[str]:
    """The lemmas of a lower-case word the dictionary knows; empty if it does
    not know it (a name, a typo, a word typed without its diacritics)."""
    if lemmatiser_name() == "simplemma":
        import simplemma

        if not simplemma.is_known(word, lang="pl"):
            return set()
        return {simplemma.lemmatize(word, lang="pl").lower()}
    lemmas = set()
    for _start, _end, interpretation in _morfeusz().analyse(word):
        if interpretation[2] == "ign":  # Morfeusz's tag for an unknown word
            continue
        # "zamek:s1" -> "zamek": the suffix tells homonyms apart, which a
        # reader does not.
        lemmas.add(interpretation[1].split(":", 1)[0].lower())
    return lemmas


def warm_up() -> None:
    """Load simplemma's table in a background thread, so the first search after
    start does not wait for it; nothing to do for Morfeusz 2 (it loads in a
    fraction of a second)."""
    if lemmatiser_name() != "simplemma":
        return
    threading.Thread(target=known_lemmas, args=("dom",), daemon=True).start()
