"""The process that runs ``sortition-algorithms``.

Started as ``python -m events.sortition.worker``.

``run_draw`` starts it with a fixed ``PYTHONHASHSEED`` because the library keeps
committees in sets, whose order (and so the panel a seed picks) follows the
hash seed. Protocol: one JSON object on stdin, ``{"draws": [draw, ...]}``, each
draw as ``runner.worker_payload`` builds it (pool sorted by number, households
already H1, H2, ...); one JSON object on stdout, ``{"results": [...]}``, one
per draw, each ``{"ok": true, ...}`` or ``{"ok": false, "error": ...}``;
progress on stderr as lines ``PROGRESS {"draw": i, "stage": ..., "phase": ...,
"current": ..., "total": ...}``. Anything else on stderr (HiGHS banners) is
noise. No Django here: only the library, the standard library and our
Django-free helpers.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
from importlib.metadata import version

from .quotas import reserve_quotas
from .seeds import library_seed, number_sort_key, reserve_order

HOUSEHOLD_COLUMN = "household"
# Rounded so that the last bits of floating point never make two runs differ.
PROBABILITY_DIGITS = 9


def versions() -> dict[str, str]:
    return {
        "sortition-algorithms": version("sortition-algorithms"),
        "highspy": version("highspy"),
        "numpy": version("numpy"),
        "python": platform.python_version(),
    }


class _Reporter:
    """The library's ProgressReporter protocol, written to stderr as lines."""

    def __init__(self, draw: int, stage: str) -> None:
        self.draw, self.stage = draw, stage
        self.phase, self.total = "", None

    def _emit(self, current: int) -> None:
        frame = {
            "draw": self.draw,
            "stage": self.stage,
            "phase": self.phase,
            "current": current,
            "total": self.total,
        }
        sys.stderr.write("PROGRESS " + json.dumps(frame) + "\n")
        sys.stderr.flush()

    def start_phase(self, name, total=None, *, message=None):
        self.phase, self.total = name, total
        self._emit(0)

    def update(self, current, *, message=None):
        self._emit(current)

    def end_phase(self):
        pass


class _Collect(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _features(quotas: dict, size: int) -> object:
    from requests.structures import CaseInsensitiveDict
    from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex

    # As the library's read_in_features builds them, without its cross-feature
    # check, so that inconsistent quotas reach the solver and come back with
    # the library's suggested relaxation instead of a bare error.
    features = CaseInsensitiveDict()
    for feature, values in quotas.items():
        features[feature] = CaseInsensitiveDict()
        for value, (low, high) in values.items():
            # How far the library may relax a max when it suggests changes: up
            # to the whole panel (its default, the largest sum of maxes, can
            # be less when every feature's maxes fall short of the panel).
            features[feature][value] = FeatureValueMinMax(
                min=low, max=high, max_flex=max(size, high)
            )
    set_default_max_flex(features)
    return features


def _people(pool: list[dict], features) -> object:
    from sortition_algorithms.people import People

    people = People([HOUSEHOLD_COLUMN])
    for row, member in enumerate(pool, start=2):
        data = {**member["features"], HOUSEHOLD_COLUMN: member["household"]}
        people.add(member["number"], data, features, row)
    return people


def _quotas_of(features) -> dict:
    return {
        feature: {value: [mm.min, mm.max] for value, mm in values.items()}
        for feature, values in features.items()
    }


def _select(features, people, size: int, seed: int, algorithm: str, reporter):
    """One selection, as the library's find_random_sample makes it, also keeping
    each person's probability (find_random_sample keeps only a formatted table).

    Returns (committee, probabilities); raises the library's
    InfeasibleQuotasError / InfeasibleQuotasCantRelaxError when no committee
    meets the quotas.
    """
    from sortition_algorithms.committee_generation import (
        find_any_committee,
        find_distribution_maximin,
        find_distribution_nash,
        find_random_sample_legacy,
        standardize_distribution,
    )
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.utils import set_random_provider

    columns = [HOUSEHOLD_COLUMN]
    # Feasibility first, before the seed is set, so the check (which draws a
    # HiGHS seed) cannot shift the seeded random stream the selection uses.
    find_any_committee(features, people, size, columns)
    set_random_provider(seed)
    if algorithm == "legacy":
        committees, _report = find_random_sample_legacy(
            people,
            features,
            size,
            columns,
            max_attempts=100,
            progress_reporter=reporter,
        )
        return committees[0], {}
    find = find_distribution_nash if algorithm == "nash" else find_distribution_maximin
    committees, probabilities, _report = find(
        features, people, size, columns, progress_reporter=reporter
    )
    committees, probabilities = standardize_distribution(committees, probabilities)
    chance = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for number in committee:
            chance[number] += probability
    committee = lottery_rounding(committees, probabilities, 1)[0]
    return committee, {
        number: round(value, PROBABILITY_DIGITS) for number, value in chance.items()
    }


def _failure(error, stage: str) -> dict:
    from sortition_algorithms.errors import (
        InfeasibleQuotasCantRelaxError,
        InfeasibleQuotasError,
    )

    if isinstance(error, InfeasibleQuotasError):
        return {
            "ok": False,
            "error": "infeasible",
            "stage": stage,
            "relaxed_quotas": _quotas_of(error.features),
            "lines": list(error.all_lines),
        }
    kind = (
        "cant_relax"
        if isinstance(error, InfeasibleQuotasCantRelaxError)
        else "selection"
    )
    return {"ok": False, "error": kind, "stage": stage, "lines": [str(error)]}


def draw(index: int, payload: dict, log: list[str]) -> dict:
    from sortition_algorithms.errors import (
        InfeasibleQuotasCantRelaxError,
        InfeasibleQuotasError,
        SelectionError,
    )

    # The library's other failures (the legacy algorithm giving up after its
    # attempts, a solver status it did not expect) end this draw, not the batch.
    failures = (InfeasibleQuotasError, InfeasibleQuotasCantRelaxError, SelectionError)
    algorithm, seed = payload["algorithm"], payload["seed"]
    panel_size, reserve_size = payload["panel_size"], payload["reserve_size"]
    quotas = payload["quotas"]
    features = _features(quotas, panel_size)
    people = _people(payload["pool"], features)
    panel_seed = library_seed(seed, "panel")
    try:
        panel, chances = _select(
            features,
            people,
            panel_size,
            panel_seed,
            algorithm,
            _Reporter(index, "panel"),
        )
    except failures as error:
        return _failure(error, "panel")

    # The reserve: a second selection by the same algorithm from those not on
    # the panel and not in a panel member's household, with the panel's quotas
    # scaled to the reserve's size; relaxed as the library suggests if the
    # thinner pool cannot meet them.
    taken = {people.get_person_dict(number)[HOUSEHOLD_COLUMN] for number in panel}
    remaining = [m for m in payload["pool"] if m["household"] not in taken]
    households = len({m["household"] for m in remaining})
    size = min(reserve_size, households)
    if size < reserve_size:
        log.append(f"Reserve shortened to {size}: only {households} households remain.")
    scaled = reserve_quotas(
        {f: {v: tuple(b) for v, b in vs.items()} for f, vs in quotas.items()},
        panel_size,
        size,
    )
    used = {f: {v: list(b) for v, b in vs.items()} for f, vs in scaled.items()}
    reserve, reserve_chances, relaxed = [], {}, False
    reserve_seed = library_seed(seed, "reserve")
    if size:
        reporter = _Reporter(index, "reserve")
        try:
            try:
                reserve_features = _features(scaled, size)
                committee, reserve_chances = _select(
                    reserve_features,
                    _people(remaining, reserve_features),
                    size,
                    reserve_seed,
                    algorithm,
                    reporter,
                )
            except InfeasibleQuotasError as error:
                relaxed, used = True, _quotas_of(error.features)
                log.append("Reserve quotas relaxed as the library suggests.")
                reserve_features = _features(used, size)
                committee, reserve_chances = _select(
                    reserve_features,
                    _people(remaining, reserve_features),
                    size,
                    reserve_seed,
                    algorithm,
                    reporter,
                )
        except failures as error:
            return _failure(error, "reserve")
        reserve = reserve_order(list(committee), seed)
    return {
        "ok": True,
        "panel": sorted(panel, key=number_sort_key),
        "reserve": reserve,
        "probabilities": chances,
        "reserve_probabilities": reserve_chances,
        "library": {
            "panel_seed": panel_seed,
            "reserve_seed": reserve_seed,
            "reserve_size_drawn": size,
            "reserve_quotas": used,
            "reserve_quotas_relaxed": relaxed,
        },
    }


def main() -> None:
    # The result is the only thing on stdout: the library's loggers and HiGHS's
    # banner (written by C code to file descriptor 1) go to stderr instead.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    from sortition_algorithms.utils import override_logging_handlers

    request = json.load(sys.stdin)
    results = []
    for index, payload in enumerate(request["draws"]):
        log: list[str] = []
        handler = _Collect(log)
        override_logging_handlers([handler], [handler])
        result = draw(index, payload, log)
        result["log"] = log
        results.append(result)
    output = {"results": results, "versions": versions()}
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        json.dump(output, out, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
