"""Every quota met and one person per household, on many random pools.

All pools go to one worker (run_draws), so the module pays one start-up; the
pools are small so that the library's solver runs stay short.
"""

import random

import pytest

from events.sortition import (
    DrawError,
    DrawInput,
    PoolMember,
    derive_quotas,
    run_draws,
)
from tests.events.sortition_factories import quota_failures, shares_of

POOLS = 8


def random_input(index: int) -> DrawInput:
    rnd = random.Random(1000 + index)
    size = rnd.randint(8, 14)
    panel = rnd.randint(3, 5)
    features = {
        "płeć": ["k", "m"],
        "wiek": ["młody", "średni", "stary"][: rnd.randint(2, 3)],
        "dzielnica": ["A", "B", "C", "D"][: rnd.randint(2, 4)],
    }
    members, household = [], 0
    while len(members) < size:
        household += 1
        for _ in range(rnd.choice([1, 1, 2, 3])):
            members.append(
                PoolMember(
                    number=str(len(members) + 1),
                    household=f"dom-{household}",
                    features={f: rnd.choice(v) for f, v in features.items()},
                )
            )
    quotas = derive_quotas(shares_of(members), panel, slack=rnd.randint(0, 2))
    for feature, values in features.items():
        for value in values:
            quotas[feature].setdefault(value, (0, panel))
    return DrawInput(
        pool=tuple(members),
        quotas=quotas,
        panel_size=panel,
        reserve_size=rnd.randint(0, 3),
        seed=f"pula-{index}",
        algorithm="legacy" if index % 4 == 3 else "maximin",
    )


INPUTS = [random_input(index) for index in range(POOLS)]


@pytest.fixture(scope="module")
def results():
    return run_draws(INPUTS)


@pytest.mark.parametrize("index", range(POOLS))
def test_a_random_pool_gets_a_panel_meeting_every_quota_or_a_relaxation(results, index):
    inp, result = INPUTS[index], results[index]
    if isinstance(result, DrawError):
        # Infeasible quotas are fine; the library's relaxation must then be real.
        assert result.relaxed_quotas or result.relaxation == {}
        return
    assert len(result.panel) == inp.panel_size
    assert quota_failures(inp, result.panel) == []
    by_number = {m.number: m for m in inp.pool}
    households = [by_number[n].household for n in [*result.panel, *result.reserve]]
    assert len(households) == len(set(households))
    assert not set(result.panel) & set(result.reserve)
    if inp.algorithm == "maximin":
        assert sum(result.probabilities.values()) == pytest.approx(inp.panel_size)


def test_most_random_pools_are_drawn(results):
    # The pools' own shares make the quotas; nearly all must be feasible, or
    # the property above tests nothing.
    drawn = [r for r in results if not isinstance(r, DrawError)]
    assert len(drawn) >= POOLS - 2
