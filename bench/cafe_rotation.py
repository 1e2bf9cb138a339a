"""Citizen café rotation: plans N people at T tables for R rounds and prints,
per round, the planning time, repeats (people back at a table they sat at)
and new pairs; then the distinct pairs met against the simple bound (no pair
counted twice, min(C(n,2), Σ rounds Σ tables C(count,2))) and against the
same rounds without the local search. Pure Python, no database.

    .venv/bin/python bench/cafe_rotation.py [--people 200] [--tables 20]
        [--size 10] [--rounds 5] [--seed 1]
"""

import argparse
import os
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from events.rotation import pairs_met, plan_round, plan_rounds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--size", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    people = list(range(args.people))
    tables = [(t, args.size) for t in range(args.tables)]
    print(
        f"{args.people} people, {args.tables} tables of {args.size}, "
        f"{args.rounds} rounds (seed {args.seed})"
    )
    print(
        f"{'round':>5} {'ms':>8} {'repeats':>8} {'pairs met':>10} {'table sizes':>12}"
    )
    plans = []
    total = 0.0
    for number in range(args.rounds):
        started = time.perf_counter()
        plan = plan_round(
            people,
            tables,
            [p.seats for p in plans],
            seed=args.seed * 1000 + number,
        )
        elapsed = time.perf_counter() - started
        total += elapsed
        plans.append(plan)
        counts = Counter(plan.seats.values()).values()
        print(
            f"{number + 1:>5} {elapsed * 1000:>8.1f} {plan.repeats:>8} "
            f"{pairs_met(plans):>10} {min(counts):>5}-{max(counts)}"
        )
    bound = min(
        args.people * (args.people - 1) // 2,
        sum(
            sum(c * (c - 1) // 2 for c in Counter(p.seats.values()).values())
            for p in plans
        ),
    )
    met = pairs_met(plans)
    plain = pairs_met(
        plan_rounds(people, tables, args.rounds, seed=args.seed, improve=False)
    )
    print(f"planning time, all rounds: {total * 1000:.0f} ms")
    print(f"distinct pairs met: {met} of bound {bound} ({met / bound:.1%})")
    print(f"without the local search: {plain} ({plain / bound:.1%})")
    print(f"repeats: {sum(p.repeats for p in plans)}")


if __name__ == "__main__":
    main()
