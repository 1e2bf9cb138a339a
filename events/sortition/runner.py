"""Runs draws in the worker process and turns its answers into results."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from .messages import _
from .quotas import validate
from .seeds import number_sort_key
from .types import DrawError, DrawInput, DrawResult, InfeasibleQuotas, PoolMember

Progress = Callable[[float, str], None]

# The hash seed the library runs under; published in settings.json and used
# again by verify. 0 turns hash randomisation off.
PYTHON_HASH_SEED = "0"
DEFAULT_TIMEOUT = 30 * 60
PROGRESS_STEP = 0.005
_PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Written into settings.json: how the draw is made, beyond the library's code.
METHOD = {
    "pool_order": (
        "Pool sorted by applicant number (shorter numbers first, then "
        "alphabetically); households renamed H1, H2, ... in that order."
    ),
    "household_rule": (
        "At most one person per household: the library's same-address check "
        "on the household column."
    ),
    "library_seed": (
        "The library's random_number_seed for each selection is the first 15 "
        "hex digits of SHA-256(purpose + ':' + seed) as an integer, purpose "
        "'panel' or 'reserve'."
    ),
    "panel": (
        "The library's selection (find_distribution_<algorithm>, "
        "standardize_distribution, lottery_rounding with one selection, as its "
        "find_random_sample does), after a feasibility check made before seeding."
    ),
    "reserve": (
        "A second selection by the same algorithm from the pool without the "
        "panel and without anyone in a panel member's household, of "
        "min(reserve_size, households left) people, with each panel quota "
        "(min, max) scaled to (floor(min*r/n), min(ceil(max*r/n), r)); if the "
        "library finds those infeasible, its suggested relaxation is used "
        "(reserve_quotas shows what was used)."
    ),
    "reserve_order": (
        "The drawn reserve sorted by applicant number, then shuffled with "
        "Python's random.Random(first 15 hex digits of "
        "SHA-256('reserve-order:' + seed)).shuffle."
    ),
    "replacement": (
        "A juror who drops out is replaced by the first reserve with the same "
        "values of every feature; else by the reserve who keeps the most quotas "
        "met and shares the most values, the earliest on the list on a tie."
    ),
}


def canonical_pool(pool: Sequence[PoolMember]) -> list[PoolMember]:
    """The pool in number order with households renamed H1, H2, ... by first
    appearance: what the worker sees and the protocol publishes, so the draw
    depends neither on the order the caller passed nor on the keys' text."""
    ordered = sorted(pool, key=lambda member: number_sort_key(member.number))
    names: dict[str, str] = {}

    def key(member: PoolMember) -> str:
        # No household key (no address given): a household of one, never
        # lumped together with everyone else who left it blank.
        return member.household or f"\0{member.number}"

    for member in ordered:
        names.setdefault(key(member), f"H{len(names) + 1}")
    return [
        PoolMember(
            number=member.number,
            household=names[key(member)],
            features=dict(sorted(member.features.items())),
        )
        for member in ordered
    ]


def worker_payload(inp: DrawInput) -> dict:
    features = sorted(inp.quotas)
    return {
        "pool": [
            {
                "number": member.number,
                "household": member.household,
                "features": {feature: member.features[feature] for feature in features},
            }
            for member in canonical_pool(inp.pool)
        ],
        "quotas": {
            feature: {
                value: [int(low), int(high)]
                for value, (low, high) in sorted(inp.quotas[feature].items())
            }
            for feature in features
        },
        "panel_size": inp.panel_size,
        "reserve_size": inp.reserve_size,
        "seed": inp.seed,
        "algorithm": inp.algorithm,
    }


def run_draw(
    inp: DrawInput,
    progress: Progress | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> DrawResult:
    """Draw the panel and the reserve; raises InfeasibleQuotas or DrawError."""
    result = run_draws([inp], progress, timeout=timeout)[0]
    if isinstance(result, DrawError):
        raise result
    return result


def run_draws(
    inputs: Sequence[DrawInput],
    progress: Progress | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[DrawResult | DrawError]:
    """Several draws in one worker process (one start-up); each result is the
    same as its own ``run_draw``. Errors of a draw are returned in its place,
    not raised, so one infeasible draw does not hide the others; invalid input
    still raises before anything runs."""
    for inp in inputs:
        validate(inp)
    request = {"draws": [worker_payload(inp) for inp in inputs]}
    answer = _run_worker(request, progress, len(inputs), timeout)
    versions = answer["versions"]
    return [
        _result(inp, raw, versions)
        for inp, raw in zip(inputs, answer["results"], strict=True)
    ]


def _result(inp: DrawInput, raw: dict, versions: dict) -> DrawResult | DrawError:
    if not raw["ok"]:
        return _error(inp, raw)
    settings = {
        "solver_backend": "highspy",
        "python_hash_seed": PYTHON_HASH_SEED,
        "panel_library_seed": raw["library"]["panel_seed"],
        "reserve_library_seed": raw["library"]["reserve_seed"],
        "reserve_size_drawn": raw["library"]["reserve_size_drawn"],
        "reserve_quotas": raw["library"]["reserve_quotas"],
        "reserve_quotas_relaxed": raw["library"]["reserve_quotas_relaxed"],
        "method": METHOD,
    }
    if inp.algorithm == "legacy":
        settings["max_attempts"] = 100
    return DrawResult(
        panel=raw["panel"],
        reserve=raw["reserve"],
        probabilities=raw["probabilities"],
        reserve_probabilities=raw["reserve_probabilities"],
        versions=dict(versions),
        settings=settings,
        log=raw["log"],
    )


def _error(inp: DrawInput, raw: dict) -> DrawError:
    if raw["error"] == "infeasible" and raw["stage"] == "panel":
        relaxed = {
            feature: {value: (low, high) for value, (low, high) in values.items()}
            for feature, values in raw["relaxed_quotas"].items()
        }
        changes: dict[str, dict[str, tuple[int, int]]] = {}
        steps = []
        for feature, values in relaxed.items():
            for value, (low, high) in values.items():
                old_low, old_high = inp.quotas[feature][value]
                if (low, high) == (old_low, old_high):
                    continue
                changes.setdefault(feature, {})[value] = (low, high)
                names = {"feature": feature, "value": value}
                if low != old_low:
                    steps.append(
                        _("“%(feature)s: %(value)s” minimum from %(old)s to %(new)s")
                        % {**names, "old": old_low, "new": low}
                    )
                if high != old_high:
                    steps.append(
                        _("“%(feature)s: %(value)s” maximum from %(old)s to %(new)s")
                        % {**names, "old": old_high, "new": high}
                    )
        message = _("No panel can meet every quota with this pool of applicants.")
        if steps:
            message += " " + _("The smallest change the sortition library suggests: ")
            message += "; ".join(steps) + "."
        return InfeasibleQuotas(
            message, relaxation=changes, relaxed_quotas=relaxed, detail=raw["lines"]
        )
    if raw["error"] == "cant_relax" and raw["stage"] == "panel":
        return InfeasibleQuotas(
            _(
                "No panel can meet the quotas, not even with them relaxed: the pool "
                "has fewer households than the panel has seats."
            ),
            relaxation={},
            relaxed_quotas={},
            detail=raw["lines"],
        )
    if raw["stage"] == "panel":
        return DrawError(
            _("The sortition library could not draw the panel: %(reason)s")
            % {"reason": " ".join(raw["lines"])},
            detail=raw["lines"],
        )
    return DrawError(_("The reserve list could not be drawn."), detail=raw["lines"])


def _run_worker(request: dict, progress: Progress | None, draws: int, timeout: float):
    if importlib.util.find_spec("sortition_algorithms") is None:
        raise DrawError(
            _(
                "The sortition library is not installed: install Wspólnie with "
                'its jury extra (pip install -e ".[jury]").'
            )
        )
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = PYTHON_HASH_SEED
    env["PYTHONPATH"] = os.pathsep.join(
        [str(_PROJECT_ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "events.sortition.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=_PROJECT_ROOT,
        text=True,
        encoding="utf-8",
    )
    # stdout is read beside stderr so that a long result never fills its pipe
    # while we wait for stderr to end.
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()))
    reader.start()
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    noise: list[str] = []
    try:
        process.stdin.write(json.dumps(request))
        process.stdin.close()
        done, told = 0.0, -1.0
        for line in process.stderr:
            if line.startswith("PROGRESS "):
                if progress is not None:
                    frame = json.loads(line[len("PROGRESS ") :])
                    fraction = (frame["draw"] + _fraction(frame)) / draws
                    done = max(done, fraction)
                    # The library reports every solver round (500 for a pool
                    # of 500); a caller saving progress needs a step at a time.
                    if done - told >= PROGRESS_STEP:
                        told = done
                        progress(done, _message(frame))
            else:
                noise.append(line.rstrip())
        process.wait()
        reader.join()
    finally:
        killer.cancel()
    if process.returncode != 0:
        message = (
            _("The draw took too long and was stopped.")
            if process.returncode < 0
            else _("The draw failed; the log has the details.")
        )
        raise DrawError(message, detail=noise[-30:])
    if progress is not None:
        progress(1.0, _("Draw finished."))
    return json.loads(output[0])


_STAGES = {"panel": (0.0, 0.7), "reserve": (0.7, 0.97)}


def _fraction(frame: dict) -> float:
    start, end = _STAGES[frame["stage"]]
    current, total = frame["current"], frame["total"]
    if frame["phase"] == "multiplicative_weights" and total:
        within = 0.6 * current / total
    elif total:
        within = current / total
    else:
        # Convergence loops have no known end: creep towards the stage's end.
        within = 0.6 + 0.4 * (1 - 1 / (1 + current / 5))
    return start + (end - start) * min(within, 1.0)


def _message(frame: dict) -> str:
    stage = (
        _("Drawing the panel")
        if frame["stage"] == "panel"
        else _("Drawing the reserve list")
    )
    numbers = {"current": frame["current"], "total": frame["total"]}
    if frame["phase"] == "multiplicative_weights":
        step = _("searching for diverse panels (%(current)s of %(total)s)") % numbers
    elif frame["phase"] in ("maximin_optimization", "nash_optimization"):
        step = _("evening out everyone's chances (step %(current)s)") % numbers
    else:
        step = _("attempt %(current)s") % numbers
    return f"{stage}: {step}"
