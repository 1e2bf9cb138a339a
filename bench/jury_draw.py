"""Citizen jury draw: time and peak memory of one draw (see bench/README.md).

A pool of 500 applicants (gender, age band, district, with households of one
to three), a panel of 40 and a reserve of 10, quotas derived from the
population shares; the draw runs as the site runs it, in the worker process.
Prints the draw's wall time, the worker's peak memory (ru_maxrss of the child)
and this process's, the minimum selection probability, and the share of time
in each stage (from the progress reports).

    .venv/bin/python bench/jury_draw.py [--pool 500] [--panel 40] [--reserve 10]
"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from events.sortition import (  # noqa: E402
    DrawInput,
    PoolMember,
    derive_quotas,
    run_draw,
    seed_from,
)

SHARES = {
    "gender": {"kobieta": 0.53, "mężczyzna": 0.47},
    "age": {"18-29": 0.18, "30-44": 0.27, "45-59": 0.24, "60+": 0.31},
    "district": {
        "Centrum": 0.22,
        "Północ": 0.2,
        "Południe": 0.18,
        "Wschód": 0.16,
        "Zachód": 0.14,
        "Wieś": 0.1,
    },
}


def pool_of(size: int, rnd: random.Random) -> tuple[PoolMember, ...]:
    members, household = [], 0
    while len(members) < size:
        household += 1
        for _ in range(min(rnd.choice([1, 1, 1, 2, 2, 3]), size - len(members))):
            # Applicants skew older and female, as real pools do.
            features = {
                "gender": rnd.choices(["kobieta", "mężczyzna"], [0.58, 0.42])[0],
                "age": rnd.choices(list(SHARES["age"]), [0.12, 0.25, 0.27, 0.36])[0],
                "district": rnd.choices(
                    list(SHARES["district"]), list(SHARES["district"].values())
                )[0],
            }
            members.append(
                PoolMember(
                    number=str(len(members) + 1),
                    household=f"h{household}",
                    features=features,
                )
            )
    return tuple(members)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=500)
    parser.add_argument("--panel", type=int, default=40)
    parser.add_argument("--reserve", type=int, default=10)
    parser.add_argument("--algorithm", default="maximin")
    args = parser.parse_args()

    inp = DrawInput(
        pool=pool_of(args.pool, random.Random(2026)),
        quotas=derive_quotas(SHARES, args.panel, slack=1),
        panel_size=args.panel,
        reserve_size=args.reserve,
        seed=seed_from("bench secret", "7 19 23 42"),
        algorithm=args.algorithm,
    )
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        stage = message.split(":")[0]
        stages.setdefault(stage, time.perf_counter() - started)

    result = run_draw(inp, progress)
    wall = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    rows = [
        ("pool / panel / reserve", f"{args.pool} / {args.panel} / {args.reserve}"),
        ("algorithm", args.algorithm),
        ("draw wall time", f"{wall:.1f} s"),
        *(
            (f"  '{stage}' from", f"{at:.1f} s")
            for stage, at in sorted(stages.items(), key=lambda item: item[1])
        ),
        ("worker CPU (user+sys)", f"{child.ru_utime + child.ru_stime:.1f} s"),
        ("worker peak memory", f"{child.ru_maxrss / 1024:.0f} MB"),
        ("this process peak memory", f"{own.ru_maxrss / 1024:.0f} MB"),
        ("min selection probability", f"{result.min_probability:.4f}"),
        ("panel / reserve drawn", f"{len(result.panel)} / {len(result.reserve)}"),
        (
            "versions",
            ", ".join(f"{name} {v}" for name, v in sorted(result.versions.items())),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
