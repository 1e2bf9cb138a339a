"""Polish stemmers and lemmatisers for site search, side by side (a script, not a
test).

For each candidate installed in the running Python: its install size (files of
the distribution and of the dependencies it brought), the time to load it, the
time per 10,000 words of the demo acts (running text, and distinct words
where no cache helps), and how many groups of inflected forms
it brings together (every form of a group shares a search key with the first).

    /work/main/.venv/bin/python bench/search_stemmers.py

A candidate that is not installed is reported as such: install the three into a
throwaway virtualenv to compare them (pip install simplemma pystempel
morfeusz2), then run the script with that Python and the project on PYTHONPATH.
"""

import re
import sys
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each group: forms a person may type or a text may contain, first the one the
# issue reported missing. All forms of a group should meet in one key.
GROUPS = [
    ["zarządzenie", "zarządzenia", "zarządzeniu", "zarządzeniem", "zarządzeń"],
    ["program", "programu", "programie", "programem", "programów"],
    ["komisja", "komisji", "komisję", "komisją", "komisje"],
    ["organizacja", "organizacji", "organizacjom", "organizacjami", "organizacje"],
    ["uchwała", "uchwały", "uchwale", "uchwałą", "uchwał"],
    ["gmina", "gminy", "gminie", "gminą", "gmin"],
    ["konsultacje", "konsultacji", "konsultacjach", "konsultacjom"],
    ["współpraca", "współpracy", "współpracę", "współpracą"],
    ["dotacja", "dotacji", "dotacje", "dotacjach"],
    ["budżet", "budżetu", "budżecie", "budżetem"],
    ["rada", "rady", "radzie", "radą"],
    ["wójt", "wójta", "wójtowi", "wójtem"],
    ["ustawa", "ustawy", "ustawie", "ustawą", "ustaw"],
    ["mieszkaniec", "mieszkańca", "mieszkańcy", "mieszkańców"],
    ["drzewo", "drzewa", "drzew", "drzewom"],
    ["rok", "roku", "lata", "lat"],
    ["działalność", "działalności", "działalnością"],
    ["pozarządowy", "pozarządowe", "pozarządowych", "pozarządowymi"],
]

# Distinct words must stay apart (a stemmer that maps everything to one stem
# would "find" everything).
APART = [
    ("rada", "radio"),
    ("program", "programista"),
    ("komisja", "komis"),
    ("gmina", "gminny"),
]

CANDIDATES = {
    "simplemma": ["simplemma"],
    "pystempel": ["pystempel", "sortedcontainers", "tqdm"],
    "morfeusz2": ["morfeusz2"],
}


def dist_size(names: list[str]) -> int | None:
    total = 0
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            if name == names[0]:
                return None
            continue
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
    return total


def load(name: str):
    """A function word -> set of keys, or None if the candidate is missing."""
    if name == "simplemma":
        import simplemma

        def keys(word):
            return {simplemma.lemmatize(word, lang="pl")}

        return keys
    if name == "pystempel":
        import io
        from contextlib import redirect_stderr

        from pystempel import Stemmer

        with redirect_stderr(io.StringIO()):  # its progress bar
            stemmer = Stemmer.polimorf()

        def keys(word):
            return {stemmer(word) or word}

        return keys
    if name == "morfeusz2":
        import morfeusz2

        analyser = morfeusz2.Morfeusz(generate=False, expand_tags=False)

        def keys(word):
            return {
                interp[1].split(":", 1)[0].lower()
                for _start, _end, interp in analyser.analyse(word)
            }

        return keys
    raise ValueError(name)


def words_10k() -> list[str]:
    from consultations import demo_texts

    text = " ".join(
        value for value in vars(demo_texts).values() if isinstance(value, str)
    )
    words = [w.lower() for w in re.findall(r"\w+", text) if not w.isdigit()]
    return (words * (10_000 // len(words) + 1))[:10_000]


def main() -> None:
    words = words_10k()
    distinct = sorted(set(words))
    print(f"{len(words)} words of running text, {len(distinct)} distinct")
    print(f"{'candidate':<11} {'size MB':>8} {'load s':>7} {'ms/10k':>7} ", end="")
    print(f"{'distinct':>9} ", end="")
    print(f"{'groups':>7} {'forms':>7} {'apart':>6}")
    for name, dists in CANDIDATES.items():
        size = dist_size(dists)
        if size is None:
            print(f"{name:<11} not installed")
            continue
        started = time.perf_counter()
        try:
            keys = load(name)
            keys("rozgrzewka")  # simplemma loads its dictionary on first use
        except Exception as error:  # noqa: BLE001 - a report, not a program
            print(f"{name:<11} failed to load: {error}")
            continue
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        for word in words:
            keys(word)
        per_10k = (time.perf_counter() - started) * 1000
        # Distinct words: no cache of the candidate's own helps.
        started = time.perf_counter()
        for word in distinct:
            keys(word)
        distinct_10k = (time.perf_counter() - started) * 1000 * 10_000 / len(distinct)
        groups_met = forms_met = forms = 0
        misses = []
        for group in GROUPS:
            first = keys(group[0])
            met = [bool(first & keys(form)) for form in group[1:]]
            forms += len(met)
            forms_met += sum(met)
            groups_met += all(met)
            misses += [form for form, ok in zip(group[1:], met, strict=True) if not ok]
        apart = sum(not (keys(a) & keys(b)) for a, b in APART)
        print(
            f"{name:<11} {size / 1e6:>8.1f} {loaded:>7.2f} {per_10k:>7.0f} "
            f"{distinct_10k:>9.0f} "
            f"{groups_met:>3}/{len(GROUPS):<3} {forms_met:>3}/{forms:<3} "
            f"{apart}/{len(APART)}"
        )
        if misses:
            print(f"{'':<11} missed: {', '.join(misses)}")
        merged = [f"{a}={b}" for a, b in APART if keys(a) & keys(b)]
        if merged:
            print(f"{'':<11} merged: {', '.join(merged)}")


if __name__ == "__main__":
    main()
