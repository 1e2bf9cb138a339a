"""Who sits at which table in each round of a citizen café.

The point of rotating is that people meet as many new people as possible;
tables must stay balanced, and no one should come back to a table they already
sat at while another table is open to them. Pure functions, no database:
``events.services.cafe`` reads the earlier rounds' seats and calls
``plan_round`` when a round starts.

How one round is planned (seeded, so the same inputs give the same seating):

1. **Targets.** How many people each table gets: water-filling, one person at
   a time to the emptiest table that still has a free place (ties: the one
   with most free places, then the lower number). So counts differ by at most
   one between tables that are not full, and a table never gets more than its
   size, unless there are more people than places: then the extra people are
   spread over all tables as evenly as possible (the facilitator brings chairs;
   ``RoundPlan.over_capacity`` says so).
2. **No repeats where avoidable.** A maximum flow seats as many people as
   possible at a table they have not sat at. Balance fixes how many tables
   get the level's one more person, not which, so the flow chooses those
   too (a shared pool of extra places). Whoever cannot be matched (all their
   unvisited tables full) is seated where a place is left. This is the least
   number of repeats a balanced round can have, given the earlier rounds.
3. **New faces.** A local search swaps two people at different tables, or
   moves one to a table one smaller (counts stay balanced), whenever that
   lowers, in this order, the repeats and then the number of earlier meetings
   among people sharing a table (each pair counted as many times as they have
   already sat together). It keeps per person and table the sum of their
   earlier meetings with the people there, so each candidate costs O(1), and
   stops when a pass finds nothing better (or after ``MAX_PASSES``).

Rounds are planned one after another (a later round is planned when it starts,
with whoever came), not as one global schedule: a global optimum could avoid a
few more repeated meetings, but people arrive late and leave early, so each
round is planned for the people actually in the room.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

MAX_PASSES = 8


@dataclass(frozen=True)
class RoundPlan:
    seats: dict  # participant -> table key
    repeats: int  # people seated at a table they sat at before
    over_capacity: bool  # more people than places: some tables over their size


def table_targets(count: int, sizes: Sequence[int]) -> list[int]:
    """How many of ``count`` people each table (of ``sizes``) seats."""
    targets = [0] * len(sizes)
    if not sizes:
        return targets
    for _ in range(count):
        open_tables = [i for i, size in enumerate(sizes) if targets[i] < size]
        if open_tables:
            best = min(
                open_tables, key=lambda i: (targets[i], -(sizes[i] - targets[i]), i)
            )
        else:
            best = min(range(len(sizes)), key=lambda i: (targets[i] - sizes[i], i))
        targets[best] += 1
    return targets


def plan_round(
    participants: Sequence[Hashable],
    tables: Sequence[tuple[Hashable, int]],
    history: Sequence[Mapping[Hashable, Hashable]] = (),
    *,
    seed: int = 0,
    improve: bool = True,
) -> RoundPlan:
    """Seat ``participants`` at ``tables`` (``[(key, size)]``) for one round,
    given earlier rounds' seating (``history``: one ``{participant: table}``
    per round; people and tables not in this round are ignored).
    ``improve=False`` skips the local search (to measure what it adds)."""
    if not tables:
        raise ValueError("A round needs at least one table")
    people = list(dict.fromkeys(participants))
    n = len(people)
    keys = [key for key, _size in tables]
    sizes = [size for _key, size in tables]
    if n == 0:
        return RoundPlan({}, 0, False)
    rng = random.Random(seed)
    index = {person: i for i, person in enumerate(people)}
    table_index = {key: t for t, key in enumerate(keys)}
    tcount = len(keys)

    # visits[p][t]: rounds p sat at t; met[p][q]: rounds p and q shared a table.
    visits = [[0] * tcount for _ in range(n)]
    met = [[0] * n for _ in range(n)]
    for seating in history:
        by_table: dict[int, list[int]] = {}
        for person, table in seating.items():
            p, t = index.get(person), table_index.get(table)
            if p is None:
                continue
            if t is not None:
                visits[p][t] += 1
            # People at a table since removed still met each other there.
            by_table.setdefault(table, []).append(p)
        for group in by_table.values():
            for a in group:
                row = met[a]
                for b in group:
                    if a != b:
                        row[b] += 1

    targets = table_targets(n, sizes)
    over = n > sum(sizes)
    where = _match_unvisited(n, tcount, targets, sizes, visits, rng)
    targets = [where.count(t) for t in range(tcount)]
    if improve:
        _search(where, targets, sizes, visits, met, rng, allow_moves=not over)
    return RoundPlan(
        seats={people[p]: keys[where[p]] for p in range(n)},
        repeats=sum(1 for p in range(n) if visits[p][where[p]]),
        over_capacity=over,
    )


def _flexible_targets(targets, sizes) -> tuple[list[int], list[bool], int]:
    """The targets as ``base`` places per table plus ``extra`` places that any
    ``eligible`` table may take one of: balance only fixes how many tables
    get the level's one more person, not which. Over capacity: fixed."""
    open_counts = [c for c, s in zip(targets, sizes, strict=True) if c < s]
    if not open_counts or sum(targets) > sum(sizes):
        return list(targets), [False] * len(targets), 0
    level = min(open_counts)
    base = [min(c, level) for c in targets]
    eligible = [
        s >= level + 1 and c >= level for c, s in zip(targets, sizes, strict=True)
    ]
    return base, eligible, sum(targets) - sum(base)


def _match_unvisited(n, tcount, targets, sizes, visits, rng) -> list[int]:
    """Seats as many people as possible at tables they have not visited, then
    the rest where places are left; returns the table of each person.

    A maximum flow (Edmonds-Karp): source → person (1) → unvisited table (1)
    → sink (the table's base places), and table → pool (1, if it may take
    the level's one more) → sink (the extra places)."""
    base, eligible, extra = _flexible_targets(targets, sizes)
    source, pool, sink = n + tcount, n + tcount + 1, n + tcount + 2
    graph: list[list[int]] = [[] for _ in range(n + tcount + 3)]
    cap: dict[tuple[int, int], int] = {}

    def edge(a: int, b: int, c: int) -> None:
        if (a, b) not in cap:
            graph[a].append(b)
            graph[b].append(a)
            cap[(a, b)] = 0
            cap.setdefault((b, a), 0)
        cap[(a, b)] += c

    people = list(range(n))
    rng.shuffle(people)
    for p in people:
        edge(source, p, 1)
        fresh = [t for t in range(tcount) if not visits[p][t]]
        rng.shuffle(fresh)
        for t in fresh:
            edge(p, n + t, 1)
    for t in range(tcount):
        if base[t]:
            edge(n + t, sink, base[t])
        if eligible[t]:
            edge(n + t, pool, 1)
    if extra:
        edge(pool, sink, extra)

    while True:
        parent = {source: source}
        queue = [source]
        for node in queue:
            if node == sink:
                break
            for nxt in graph[node]:
                if nxt not in parent and cap[(node, nxt)] > 0:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            break
        node = sink
        while node != source:
            prev = parent[node]
            cap[(prev, node)] -= 1
            cap[(node, prev)] += 1
            node = prev

    where = [-1] * n
    counts = [0] * tcount
    for p in people:
        for t in range(tcount):
            if cap.get((n + t, p), 0) > 0:  # flow went p → t
                where[p] = t
                counts[t] += 1
    # Which tables took an extra place, then the places left for the others.
    took_extra = [counts[t] > base[t] for t in range(tcount)]
    room = [base[t] - min(counts[t], base[t]) for t in range(tcount)]
    for p in people:
        if where[p] != -1:
            continue
        # All of this person's unvisited tables are full: a repeat nobody
        # could avoid this round. The least visited table with room.
        options = [t for t in range(tcount) if room[t] > 0]
        if not options:
            options = [t for t in range(tcount) if eligible[t] and not took_extra[t]]
        t = min(options, key=lambda t: (visits[p][t], t))
        if room[t] > 0:
            room[t] -= 1
        else:
            took_extra[t] = True
        where[p] = t
        counts[t] += 1
    return where


def _search(where, targets, sizes, visits, met, rng, *, allow_moves: bool) -> None:
    """Swaps and moves that lower (repeats, earlier meetings); in place."""
    n = len(where)
    tcount = len(targets)
    counts = list(targets)
    # acc[p][t]: earlier meetings of p with the people now at table t (not p).
    acc = [[0] * tcount for _ in range(n)]
    for p in range(n):
        row = met[p]
        for q in range(n):
            if q != p and row[q]:
                acc[p][where[q]] += row[q]

    def relocate(p: int, source: int, dest: int) -> None:
        for x in range(n):
            m = met[x][p]
            if m:
                acc[x][source] -= m
                acc[x][dest] += m
        where[p] = dest

    order = list(range(n))
    for _ in range(MAX_PASSES):
        improved = False
        rng.shuffle(order)
        for p in order:
            a = where[p]
            best: tuple[int, int] = (0, 0)
            choice = None
            vp, ap, mp = visits[p], acc[p], met[p]
            for q in range(n):
                b = where[q]
                if b == a:
                    continue
                d_rep = vp[b] + visits[q][a] - vp[a] - visits[q][b]
                d_met = ap[b] - mp[q] + acc[q][a] - met[q][p] - ap[a] - acc[q][b]
                if (d_rep, d_met) < best:
                    best, choice = (d_rep, d_met), ("swap", q)
            if allow_moves:
                for b in range(tcount):
                    if b != a and counts[a] == counts[b] + 1 and counts[b] < sizes[b]:
                        delta = (vp[b] - vp[a], ap[b] - ap[a])
                        if delta < best:
                            best, choice = delta, ("move", b)
            if choice is None:
                continue
            improved = True
            if choice[0] == "swap":
                q = choice[1]
                b = where[q]
                relocate(p, a, b)
                relocate(q, b, a)
            else:
                b = choice[1]
                relocate(p, a, b)
                counts[a] -= 1
                counts[b] += 1
        if not improved:
            return


def plan_rounds(
    participants: Sequence[Hashable],
    tables: Sequence[tuple[Hashable, int]],
    rounds: int,
    *,
    seed: int = 0,
    improve: bool = True,
) -> list[RoundPlan]:
    """``rounds`` rounds planned one after another (for tests and the bench)."""
    plans: list[RoundPlan] = []
    for number in range(rounds):
        plan = plan_round(
            participants,
            tables,
            [plan.seats for plan in plans],
            seed=seed * 1000 + number,
            improve=improve,
        )
        plans.append(plan)
    return plans


def pairs_met(plans: Sequence[RoundPlan]) -> int:
    """Distinct pairs of people who shared a table in at least one round."""
    pairs = set()
    for plan in plans:
        by_table: dict = {}
        for person, table in plan.seats.items():
            by_table.setdefault(table, []).append(person)
        for group in by_table.values():
            group = sorted(group, key=repr)
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    pairs.add((a, b))
    return len(pairs)
