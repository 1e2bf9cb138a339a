"""The published protocol files, reading them back, and verifying a draw."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from .messages import _
from .runner import PYTHON_HASH_SEED, canonical_pool, run_draw
from .seeds import commitment, seed_from
from .types import DrawError, DrawInput, DrawResult, PoolMember, VerifyReport

FORMAT = "wspolnie-jury-draw/1"
FILE_NAMES = ("pool.csv", "quotas.csv", "settings.json", "result.json")
# Probabilities come from floating-point LPs; the same versions give the same
# digits, but a tolerance keeps a last-digit wobble from failing a check.
PROBABILITY_TOLERANCE = 1e-6


def published_files(
    inp: DrawInput, result: DrawResult, *, reveal: dict[str, str] | None = None
) -> dict[str, bytes]:
    """The files a draw's protocol publishes, by name.

    pool.csv (number, household as H1, H2, ..., one column per feature: no
    address, no name), quotas.csv (feature, value, min, max, as the library's
    own feature files), settings.json (format, algorithm, seed, panel and
    reserve size, the draw's settings and method, versions, and, when
    ``reveal`` is given, its commitment, secret and public value), result.json
    (panel, reserve, probabilities and their minimum).
    """
    features = sorted(inp.quotas)
    pool = io.StringIO()
    writer = csv.writer(pool, lineterminator="\n")
    writer.writerow(["number", "household", *features])
    for member in canonical_pool(inp.pool):
        writer.writerow(
            [member.number, member.household, *(member.features[f] for f in features)]
        )
    quotas = io.StringIO()
    writer = csv.writer(quotas, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    for feature in features:
        for value, (low, high) in sorted(inp.quotas[feature].items()):
            writer.writerow([feature, value, low, high])
    settings = {
        "format": FORMAT,
        "algorithm": inp.algorithm,
        "seed": inp.seed,
        "panel_size": inp.panel_size,
        "reserve_size": inp.reserve_size,
        "settings": result.settings,
        "versions": result.versions,
    }
    if reveal:
        settings["reveal"] = dict(reveal)
    outcome = {
        "panel": result.panel,
        "reserve": result.reserve,
        "probabilities": result.probabilities,
        "min_probability": result.min_probability,
        "reserve_probabilities": result.reserve_probabilities,
    }
    return {
        "pool.csv": pool.getvalue().encode("utf-8"),
        "quotas.csv": quotas.getvalue().encode("utf-8"),
        "settings.json": _json(settings),
        "result.json": _json(outcome),
    }


def _json(data: dict) -> bytes:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def read_published_files(files: dict[str, bytes]) -> tuple[DrawInput, DrawResult]:
    """The draw's input and result back from its published files."""
    missing = [name for name in FILE_NAMES if name not in files]
    if missing:
        raise DrawError(
            _("Published files are missing: %(names)s.") % {"names": ", ".join(missing)}
        )
    try:
        rows = list(csv.DictReader(io.StringIO(files["pool.csv"].decode("utf-8"))))
        quota_rows = csv.DictReader(io.StringIO(files["quotas.csv"].decode("utf-8")))
        quotas: dict[str, dict[str, tuple[int, int]]] = {}
        for row in quota_rows:
            quotas.setdefault(row["feature"], {})[row["value"]] = (
                int(row["min"]),
                int(row["max"]),
            )
        pool = tuple(
            PoolMember(
                number=row["number"],
                household=row["household"],
                features={feature: row[feature] for feature in quotas},
            )
            for row in rows
        )
        settings = json.loads(files["settings.json"])
        outcome = json.loads(files["result.json"])
        inp = DrawInput(
            pool=pool,
            quotas=quotas,
            panel_size=int(settings["panel_size"]),
            reserve_size=int(settings["reserve_size"]),
            seed=settings["seed"],
            algorithm=settings["algorithm"],
        )
        result = DrawResult(
            panel=list(outcome["panel"]),
            reserve=list(outcome["reserve"]),
            probabilities=dict(outcome["probabilities"]),
            reserve_probabilities=dict(outcome.get("reserve_probabilities", {})),
            versions=dict(settings["versions"]),
            settings=dict(settings["settings"]),
            log=[],
        )
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as error:
        raise DrawError(
            _("The published files cannot be read: %(error)s") % {"error": error}
        ) from error
    if "reveal" in settings:
        result.settings["reveal"] = settings["reveal"]
    return inp, result


def load_published(path: str | Path) -> dict[str, bytes]:
    """The published files from a folder or a .zip (files at its top level or
    in one folder inside it)."""
    path = Path(path)
    if path.is_dir():
        return {
            name: (path / name).read_bytes()
            for name in FILE_NAMES
            if (path / name).exists()
        }
    try:
        with zipfile.ZipFile(path) as archive:
            found = {}
            for info in archive.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if name in FILE_NAMES and not info.is_dir():
                    found[name] = archive.read(info)
            return found
    except (OSError, zipfile.BadZipFile) as error:
        raise DrawError(
            _("%(path)s is neither a folder nor a zip file.") % {"path": path}
        ) from error


def verify(files: dict[str, bytes], *, timeout: float | None = None) -> VerifyReport:
    """Re-run a published draw here and compare it with what was published."""
    inp, published = read_published_files(files)
    problems: list[str] = []
    reveal = published.settings.get("reveal")
    if reveal:
        secret = reveal.get("secret", "")
        if commitment(secret) != reveal.get("commitment"):
            problems.append(_("The secret does not match the published commitment."))
        if seed_from(secret, reveal.get("public_value", "")) != inp.seed:
            problems.append(
                _("The seed does not follow from the secret and the public value.")
            )
    hash_seed = published.settings.get("python_hash_seed")
    if hash_seed != PYTHON_HASH_SEED:
        problems.append(
            _("The draw ran with PYTHONHASHSEED=%(theirs)s, this check with %(ours)s.")
            % {"theirs": hash_seed, "ours": PYTHON_HASH_SEED}
        )
    try:
        kwargs = {"timeout": timeout} if timeout else {}
        rerun = run_draw(inp, **kwargs)
    except DrawError as error:
        problems.append(error.message)
        return VerifyReport(
            published=published,
            rerun=None,
            panel_matches=False,
            reserve_matches=False,
            probabilities_match=False,
            version_differences={},
            problems=problems,
        )
    differences = {
        name: (published.versions.get(name, "?"), rerun.versions.get(name, "?"))
        for name in sorted(set(published.versions) | set(rerun.versions))
        if published.versions.get(name) != rerun.versions.get(name)
    }
    same_chances = set(published.probabilities) == set(rerun.probabilities) and all(
        abs(chance - rerun.probabilities[n]) <= PROBABILITY_TOLERANCE
        for n, chance in published.probabilities.items()
    )
    return VerifyReport(
        published=published,
        rerun=rerun,
        panel_matches=published.panel == rerun.panel,
        reserve_matches=published.reserve == rerun.reserve,
        probabilities_match=same_chances,
        version_differences=differences,
        problems=problems,
    )
