"""How a citizen jury's panel is split into small groups for deliberation.

Small groups work when each holds a bit of the whole panel: women and men,
young and old, people from every village. Pure functions, no database:
``events.services.jury_groups`` reads the seated jurors with their strata
values and calls ``plan_groups``.

How the split is planned (seeded, so the same jurors and seed give the same
groups in any process: ``random.Random`` seeds a string through SHA-512, not
Python's hash, and the jurors come sorted by their pool number):

1. **Sizes.** The citizen café's water-filling (``events.rotation.
   table_targets``): group sizes differ by at most one.
2. **Dealing.** Jurors, in an order shuffled with the seed, go one at a time
   to the group with a free place that holds the fewest people sharing their
   values (summed over the strata), ties to the lower number.
3. **Mixing.** A local search swaps two jurors of different groups whenever
   that lowers the sum, over groups and strata values, of the squared number
   of group members holding the value: the measure is least when every value
   is spread as evenly as the group sizes allow. Swaps keep the sizes. It
   stops when a pass finds nothing better (or after ``MAX_PASSES``).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Sequence

from .rotation import table_targets

MAX_PASSES = 10


def _cost(counters: list[Counter]) -> int:
    return sum(n * n for counter in counters for n in counter.values())


def _swap_delta(ca: Counter, cb: Counter, va, vb) -> int:
    """How the sum of squares changes if a (values ``va``, in the group
    counted by ``ca``) and b (``vb``, ``cb``) swap groups."""
    change_a: Counter = Counter()
    change_b: Counter = Counter()
    for v in va:
        change_a[v] -= 1
        change_b[v] += 1
    for v in vb:
        change_b[v] -= 1
        change_a[v] += 1
    delta = 0
    for counter, change in ((ca, change_a), (cb, change_b)):
        for v, d in change.items():
            if d:
                delta += (counter[v] + d) ** 2 - counter[v] ** 2
    return delta


def plan_groups(
    jurors: Sequence[tuple[Hashable, Sequence[Hashable]]],
    count: int,
    *,
    seed: str,
) -> list[list[Hashable]]:
    """``jurors`` (``[(key, (value of each stratum, ...))]``) split into
    ``count`` groups, each a list of keys in the input's order. Needs at least
    one group; groups may be empty only if there are fewer jurors than
    groups."""
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(f"jury-groups:{seed}")
    n = len(jurors)
    targets = table_targets(n, [max(1, -(-n // count))] * count)
    # Each juror's values, tagged by stratum so equal names in two strata
    # ("inne") are not one value.
    values = [
        tuple((i, v) for i, v in enumerate(features)) for _key, features in jurors
    ]
    order = list(range(n))
    rng.shuffle(order)
    where = [0] * n
    counters = [Counter() for _ in range(count)]
    sizes = [0] * count
    for person in order:
        open_groups = [g for g in range(count) if sizes[g] < targets[g]]
        best = min(
            open_groups,
            key=lambda g: (sum(counters[g][v] for v in values[person]), sizes[g], g),
        )
        where[person] = best
        sizes[best] += 1
        counters[best].update(values[person])

    for _pass in range(MAX_PASSES):
        improved = False
        for a in range(n):
            for b in range(a + 1, n):
                ga, gb = where[a], where[b]
                if ga == gb or values[a] == values[b]:
                    continue
                if _swap_delta(counters[ga], counters[gb], values[a], values[b]) < 0:
                    counters[ga].subtract(values[a])
                    counters[ga].update(values[b])
                    counters[gb].subtract(values[b])
                    counters[gb].update(values[a])
                    where[a], where[b] = gb, ga
                    improved = True
        if not improved:
            break
    groups: list[list[Hashable]] = [[] for _ in range(count)]
    for person, (key, _features) in enumerate(jurors):
        groups[where[person]].append(key)
    return groups


def mix_cost(groups: Sequence[Sequence[Sequence[Hashable]]]) -> int:
    """The measure the search lowers, for groups given as lists of each
    member's values: tests and the console compare splits with it."""
    return _cost(
        [
            Counter((i, v) for features in group for i, v in enumerate(features))
            for group in groups
        ]
    )
