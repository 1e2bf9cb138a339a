"""The small groups' plan (events.jury_grouping): balanced sizes, every value
of a feature spread as evenly as sizes allow, mixed better than dealing the
jurors out in turn, and the same groups from the same seed in any process."""

import json
import random
import subprocess
import sys
from collections import Counter

import pytest

from events.jury_grouping import mix_cost, plan_groups


def pool(rng: random.Random, n: int, strata=((2, 3, 3))):
    return [
        (f"{i:04d}", tuple(f"v{rng.randrange(k)}" for k in strata)) for i in range(n)
    ]


def features(jurors, groups):
    values = dict(jurors)
    return [[values[key] for key in group] for group in groups]


@pytest.mark.parametrize("trial", range(40))
def test_groups_are_balanced_and_mix_better_than_dealing_in_turn(trial):
    rng = random.Random(trial)
    jurors = pool(rng, rng.randint(8, 60))
    count = rng.randint(2, 6)
    groups = plan_groups(jurors, count, seed=f"s{trial}")
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    assert sorted(k for g in groups for k in g) == sorted(k for k, _ in jurors)
    dealt = [[k for k, _ in jurors[i::count]] for i in range(count)]
    assert mix_cost(features(jurors, groups)) <= mix_cost(features(jurors, dealt))


@pytest.mark.parametrize("trial", range(20))
def test_one_feature_is_spread_within_one_between_groups(trial):
    rng = random.Random(100 + trial)
    jurors = pool(rng, rng.randint(6, 50), strata=(3,))
    count = rng.randint(2, 5)
    groups = plan_groups(jurors, count, seed="x")
    counts = [Counter(v for (v,) in g) for g in features(jurors, groups)]
    for value in {v for _k, (v,) in jurors}:
        per_group = [c[value] for c in counts]
        assert max(per_group) - min(per_group) <= 1, (value, per_group)


def test_a_different_seed_gives_other_groups_the_same_seed_the_same():
    jurors = pool(random.Random(7), 24)
    first = plan_groups(jurors, 4, seed="ławka")
    assert plan_groups(jurors, 4, seed="ławka") == first
    assert plan_groups(jurors, 4, seed="dąb") != first


def test_the_same_seed_gives_the_same_groups_in_separate_processes():
    jurors = pool(random.Random(3), 30)
    script = (
        "import json, sys; from events.jury_grouping import plan_groups; "
        "j = [(k, tuple(v)) for k, v in json.loads(sys.argv[1])]; "
        "print(json.dumps(plan_groups(j, 5, seed='zieleń')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, json.dumps(jurors)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": hashseed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for hashseed in ("1", "2", "random")
    }
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == plan_groups(jurors, 5, seed="zieleń")


def test_more_groups_than_jurors_leaves_groups_empty_and_zero_is_refused():
    jurors = pool(random.Random(1), 2)
    assert sorted(len(g) for g in plan_groups(jurors, 3, seed="a")) == [0, 1, 1]
    with pytest.raises(ValueError):
        plan_groups(jurors, 0, seed="a")
