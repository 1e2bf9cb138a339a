"""Search index benchmark (a script, not a test): indexing time and query
latency as the index grows.

Builds one consultation (the demo programme's act), then at each size writes
that many comments straight to the database (sentences of the demo comments
in random order), rebuilds the index with ``search_reindex``'s service and
times the results page for a few queries (through django.test.Client):
SQL queries, median and p95 time.

    .venv/bin/python bench/search_query.py --sizes 100,1000,5000 --requests 20

On SQLite it works on a throwaway file; with a PostgreSQL DATABASE_URL on a
database wspolnie_bench_search it creates and drops (see bench/benchdb.py).
"""

import argparse
import random
import statistics
import tempfile
import time

from benchdb import setup_django, tear_down

QUERIES = ["komisji", "program współpracy", "organizacjom", "xylofon"]


def sentences() -> list[str]:
    import re

    from consultations import demo_comments

    text = " ".join(
        value
        for value in vars(demo_comments).values()
        if isinstance(value, str) and len(value) > 40
    )
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
    if len(found) < 20:
        found += [
            "Komisja konkursowa powinna mieć więcej przedstawicieli organizacji.",
            "Program współpracy nie mówi nic o wkładzie własnym organizacji.",
            "Proszę o dotacje dla organizacjom działającym na rzecz seniorów.",
        ]
    return found


def build(rng: random.Random):
    from django.contrib.auth import get_user_model

    from consultations import demo_texts
    from tests.consultations.factories import make_consultation

    page = make_consultation(
        "Roczny program współpracy na 2027 rok", act_text=demo_texts.PROGRAMME_2027
    )
    page.save_revision().publish()
    author = get_user_model().objects.create_user(
        email="bench@example.org", password=None, display_name="Bench"
    )
    return page, author


def grow(page, author, total: int, rng: random.Random, pool: list[str]) -> None:
    from django.contrib.contenttypes.models import ContentType

    from participation.models import Comment

    content_type = ContentType.objects.get_for_model(page)
    have = Comment.objects.count()
    Comment.objects.bulk_create(
        Comment(
            target_type=content_type,
            target_id=page.pk,
            author=author,
            text="<p>" + " ".join(rng.sample(pool, 3)) + "</p>",
        )
        for _ in range(total - have)
    )


def timed(client, query: str, requests: int) -> tuple[int, float, float]:
    from django.db import connection

    client.get("/szukaj/", {"q": query})
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: each request resets the connection's log.
    with connection.execute_wrapper(count):
        client.get("/szukaj/", {"q": query})
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get("/szukaj/", {"q": query})
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return len(queries), statistics.median(times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        old_name = setup_django(folder, database="wspolnie_bench_search")
        try:
            from django.db import connection
            from django.test import Client

            from cms.search.models import SearchEntry, SearchToken
            from cms.search.selectors import search_results
            from cms.search.services import index_rebuild

            rng = random.Random(7)
            pool = sentences()
            page, author = build(rng)
            client = Client()
            print(f"database: {connection.vendor}")
            print(
                f"{'comments':>8} {'entries':>8} {'tokens':>8} {'index s':>8}  "
                f"{'query':<20} {'rows':>5} {'SQL':>4} {'median ms':>10} {'p95 ms':>7}"
            )
            for size in sizes:
                grow(page, author, size, rng, pool)
                started = time.perf_counter()
                index_rebuild()
                indexing = time.perf_counter() - started
                entries, tokens = (
                    SearchEntry.objects.count(),
                    SearchToken.objects.count(),
                )
                for query in QUERIES:
                    rows = search_results(query).total
                    sql, median, p95 = timed(client, query, args.requests)
                    print(
                        f"{size:>8} {entries:>8} {tokens:>8} {indexing:>8.1f}  "
                        f"{query:<20} {rows:>5} {sql:>4} {median:>10.1f} {p95:>7.1f}"
                    )
        finally:
            tear_down(old_name)


if __name__ == "__main__":
    main()
