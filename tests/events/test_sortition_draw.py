"""The jury draw through the worker: quotas, households, reproducibility.

One batch of draws (one worker start) serves most asserts; two more
interpreters with other hash seeds check that the panel does not depend on them.
"""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from events.sortition import (
    DrawInput,
    InfeasibleQuotas,
    PoolMember,
    run_draws,
)
from events.sortition.runner import worker_payload
from events.sortition.seeds import library_seed
from tests.events.sortition_factories import draw_input, quota_failures

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import json, sys; sys.path.insert(0, '.');"
    "from tests.events.sortition_factories import draw_input;"
    "from events.sortition import run_draw;"
    "r = run_draw(draw_input(size=16, panel=5));"
    "print(json.dumps([r.panel, r.reserve, r.probabilities]))"
)

INPUT = draw_input(size=16, panel=5)
OTHER_SEED = draw_input(seed_text="7 19 24", size=16, panel=5)
# Seven women and two men on a panel of six.
INFEASIBLE = replace(
    INPUT,
    quotas={**INPUT.quotas, "płeć": {"kobieta": (7, 7), "mężczyzna": (2, 6)}},
)
TOO_FEW_HOUSEHOLDS = DrawInput(
    pool=tuple(
        PoolMember(number=str(n), household=f"h{n % 2}", features={"płeć": "k"})
        for n in range(1, 7)
    ),
    quotas={"płeć": {"k": (0, 3)}},
    panel_size=3,
    reserve_size=0,
    seed="s",
)


@pytest.fixture(scope="module")
def other_processes():
    # Started first, so they run while this process draws.
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            stdout=subprocess.PIPE,
            text=True,
        )
        for hash_seed in ("1", "4242")
    ]
    yield processes
    for process in processes:
        process.kill()


@pytest.fixture(scope="module")
def batch(other_processes):
    reports = []
    results = run_draws(
        [INPUT, OTHER_SEED, INFEASIBLE, TOO_FEW_HOUSEHOLDS],
        lambda fraction, message: reports.append((fraction, message)),
    )
    return results, reports


def test_the_panel_meets_every_quota_and_one_per_household(batch):
    result = batch[0][0]
    assert len(result.panel) == INPUT.panel_size
    assert quota_failures(INPUT, result.panel) == []
    households = [m.household for m in INPUT.pool if m.number in result.panel]
    assert len(households) == len(set(households))


def test_the_reserve_is_ordered_outside_the_panel_and_its_households(batch):
    result = batch[0][0]
    assert len(result.reserve) == INPUT.reserve_size
    assert not set(result.reserve) & set(result.panel)
    by_number = {m.number: m for m in INPUT.pool}
    chosen = [by_number[n].household for n in [*result.panel, *result.reserve]]
    assert len(chosen) == len(set(chosen))
    assert result.reserve != sorted(result.reserve, key=int) or len(result.reserve) < 3
    assert result.settings["reserve_quotas"]["płeć"]


def test_every_applicant_has_a_probability_and_maximin_gives_everyone_a_chance(batch):
    result = batch[0][0]
    assert set(result.probabilities) == {m.number for m in INPUT.pool}
    assert sum(result.probabilities.values()) == pytest.approx(INPUT.panel_size)
    assert result.min_probability > 0
    assert set(result.versions) == {
        "sortition-algorithms",
        "highspy",
        "numpy",
        "python",
    }


def test_progress_rises_to_done(batch):
    fractions = [fraction for fraction, _ in batch[1]]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and 10 < len(fractions) <= 202


def test_the_same_input_gives_the_same_panel_under_other_hash_seeds(
    batch, other_processes
):
    result = batch[0][0]
    for process in other_processes:
        out, _ = process.communicate(timeout=120)
        panel, reserve, probabilities = json.loads(out)
        assert panel == result.panel
        assert reserve == result.reserve
        assert probabilities == result.probabilities


def test_a_different_seed_gives_a_different_panel(batch):
    first, other = batch[0][0], batch[0][1]
    assert (first.panel, first.reserve) != (other.panel, other.reserve)
    assert quota_failures(OTHER_SEED, other.panel) == []


def test_infeasible_quotas_come_back_with_the_librarys_smallest_relaxation(batch):
    error = batch[0][2]
    assert isinstance(error, InfeasibleQuotas)
    assert error.relaxation
    assert error.message.startswith(
        "Przy tej puli zgłoszeń żaden skład panelu nie spełnia wszystkich kwot."
    )
    assert "minimum „płeć: kobieta” z 7 na" in error.message
    for feature, values in error.relaxation.items():
        for value, (low, high) in values.items():
            old_low, old_high = INFEASIBLE.quotas[feature][value]
            assert low <= old_low and high >= old_high
    assert error.relaxed_quotas["wiek"].keys() == INPUT.quotas["wiek"].keys()


def test_a_pool_with_too_few_households_is_infeasible_without_a_crash(batch):
    error = batch[0][3]
    assert isinstance(error, InfeasibleQuotas)
    assert error.relaxation == {}


def test_our_panel_is_the_one_the_librarys_own_run_stratification_draws():
    """The worker calls the library's steps itself to keep the probabilities;
    in one process, the library's entry point must pick the same panel."""
    from sortition_algorithms import Settings, run_stratification

    from events.sortition import worker

    small = draw_input(size=12, panel=4)
    payload = worker_payload(small)
    features = worker._features(payload["quotas"], small.panel_size)
    people = worker._people(payload["pool"], features)
    seed = library_seed(small.seed, "panel")
    ours, _ = worker._select(
        features, people, small.panel_size, seed, "maximin", worker._Reporter(0, "t")
    )
    settings = Settings(
        id_column="number",
        columns_to_keep=["household"],
        check_same_address=True,
        check_same_address_columns=["household"],
        random_number_seed=seed,
    )
    ok, committees, _report = run_stratification(
        worker._features(payload["quotas"], small.panel_size),
        people,
        small.panel_size,
        settings,
    )
    assert ok
    assert committees[0] == ours
