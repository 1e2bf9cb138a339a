"""Small jury pools for the draw tests, the same in every process that builds
them (the cross-process tests import this module in fresh interpreters)."""

import random

from events.sortition import (
    DrawInput,
    PoolMember,
    derive_quotas,
    household_key,
    seed_from,
)

GENDERS = ["kobieta", "mężczyzna"]
AGES = ["18-34", "35-59", "60+"]
DISTRICTS = ["Centrum", "Las", "Rzeka"]

# People who share a flat, spelt differently on their applications.
SHARED_FLATS = [
    ("ul. Lipowa 5 m. 3", "LIPOWA 5/3"),
    ("al. Róż 3A", "Aleja Róż 3 a"),
    ("os. Słoneczne 12 m 4", "Osiedle Sloneczne 12/4", "osiedle słoneczne 12 lok. 4"),
]


def pool_of(size: int, rnd: random.Random, shared=SHARED_FLATS) -> tuple:
    members = []
    addresses = [address for flat in shared for address in flat]
    for index in range(size):
        address = (
            addresses[index] if index < len(addresses) else f"ul. Długa {index} m. 1"
        )
        members.append(
            PoolMember(
                number=str(index + 1),
                household=household_key(address, salt="test"),
                features={
                    "płeć": rnd.choice(GENDERS),
                    "wiek": rnd.choice(AGES),
                    "dzielnica": rnd.choice(DISTRICTS),
                },
            )
        )
    # Applications come back from the database in no particular order.
    rnd.shuffle(members)
    return tuple(members)


def shares_of(pool) -> dict:
    shares: dict = {}
    for member in pool:
        for feature, value in member.features.items():
            shares.setdefault(feature, {}).setdefault(value, 0)
            shares[feature][value] += 1
    return shares


def draw_input(seed_text: str = "7 19 23", size: int = 22, panel: int = 6) -> DrawInput:
    pool = pool_of(size, random.Random(11))
    return DrawInput(
        pool=pool,
        quotas=derive_quotas(shares_of(pool), panel, slack=1),
        panel_size=panel,
        reserve_size=3,
        seed=seed_from("sekret organizatora", seed_text),
    )


def quota_failures(inp: DrawInput, numbers) -> list:
    by_number = {member.number: member for member in inp.pool}
    failures = []
    for feature, values in inp.quotas.items():
        for value, (low, high) in values.items():
            count = sum(1 for n in numbers if by_number[n].features[feature] == value)
            if not low <= count <= high:
                failures.append((feature, value, count, low, high))
    return failures
