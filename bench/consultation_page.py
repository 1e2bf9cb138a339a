"""Render benchmark for the consultation page (a script, not a test).

Builds one open consultation (a draft act of ~15 provisions) and grows its
discussion to each size in turn: top-level comments and ~30% replies, supports,
official responses, a few hidden and withdrawn comments and comments on behalf
of an organisation. At each size it renders, through django.test.Client, for an
anonymous reader and for a signed-in resident:

* the consultation page: SQL queries, median and p95 time, response size;
* the consultations index page and the one-comment fragment that pages fetch
  after a live event: SQL queries, median and p95 time.

    .venv/bin/python bench/consultation_page.py --sizes 10,100,500,2000 --requests 20

On SQLite (no DATABASE_URL, or a SQLite one) it works on a throwaway file in a
temporary folder. With a PostgreSQL DATABASE_URL it creates (and afterwards
drops) a database named wspolnie_bench on that server; the database named in
the URL is untouched. Either way the database is migrated first (~25 s).
Queries are counted on a warm request (after one unmeasured request), apart
from the timed requests, so counting does not slow the timings down.
"""

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from benchdb import setup_django, tear_down

DEFAULT_SIZES = (10, 100, 500, 2000)

REPLY_SHARE = 0.30
RESPONSE_SHARE = 0.25  # of top-level comments
WHOLE_DRAFT_SHARE = 0.25  # top-level comments about the whole draft, no provision
HIDDEN_SHARE = 0.02
DELETED_SHARE = 0.01
ORGANISATION_SHARE = 0.5  # of the comments of the one NGO representative
PROPOSAL_SHARE = 0.20
RESIDENTS = 60
MIN_REQUESTS = 5

# 15 provisions once parsed: Preambuła, § 1-6, § 2 ust. 1-3, § 4 pkt 1-3 and
# § 5 ust. 1-2.
ACT_TEXT = """Projekt
UCHWAŁA NR ..../..../2026
RADY GMINY PRZYKŁADOWO
w sprawie zasad utrzymania zieleni miejskiej

Na podstawie art. 18 ust. 2 pkt 15 ustawy o samorządzie gminnym uchwala się:

§ 1. Uchwała określa zasady utrzymania zieleni miejskiej na terenie Gminy.

§ 2. 1. Drzewa przy ulicach podlewa się co najmniej raz w tygodniu.
2. W okresie suszy podlewa się je co trzy dni.
3. Nowe nasadzenia podlewa się przez trzy lata od posadzenia.

§ 3. Trawniki kosi się nie częściej niż raz w miesiącu, z wyjątkiem pasów
przy skrzyżowaniach, gdzie trawa ogranicza widoczność.

§ 4. Gmina prowadzi:
1) rejestr drzew na terenach gminnych;
2) mapę nasadzeń dostępną w internecie;
3) coroczny przegląd stanu zdrowotnego drzew.

§ 5. 1. Mieszkańcy mogą zgłaszać propozycje nowych nasadzeń.
2. Propozycje rozpatruje się w terminie 30 dni.

§ 6. Wykonanie uchwały powierza się Wójtowi Gminy.
"""

SENTENCES = [
    "Proponuję, żeby podlewanie odbywało się wieczorem, kiedy woda nie paruje.",
    "Na naszym osiedlu drzewa przy ulicy Lipowej usychają każdego lata.",
    "Trzy lata to za mało, młode lipy potrzebują opieki przez pięć lat.",
    "Czy gmina ma budżet na tak częste podlewanie w czasie suszy?",
    "Warto dopisać, kto odpowiada za drzewa przy drogach powiatowych.",
    "Mapa nasadzeń powinna pokazywać także gatunek i wiek drzewa.",
    "Koszenie raz w miesiącu to dobry kompromis dla łąk kwietnych.",
    "Prosimy o konsultacje z radami osiedli przed każdą wycinką.",
    "Termin 30 dni na rozpatrzenie propozycji jest zbyt długi.",
    "Popieram projekt, ale brakuje zapisu o retencji wody deszczowej.",
    "Pasy przy skrzyżowaniach trzeba kosić częściej ze względów bezpieczeństwa.",
    "Rejestr drzew powinien być dostępny jako otwarte dane.",
]
DECISIONS = ["accepted", "partly", "rejected", "not_applicable"]


# --- data ------------------------------------------------------------------------


@dataclass
class World:
    page: object
    index: object
    residents: list
    viewer: object
    representative: object
    official: object
    moderator: object
    department: object
    organisation: object
    anchors: list[str]
    texts: list[str]
    top_level: list[int]
    created: int = 0


def build_world(rng: random.Random) -> World:
    """Site, users and the consultation, without comments."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from cms.accounts import roles
    from cms.accounts.models import Department
    from participation.models import Organisation, OrganisationMembership
    from participation.sanitize import text_to_html
    from tests.consultations.factories import consultation_index, make_consultation

    User = get_user_model()
    department = Department.objects.create(name="Wydział Ochrony Środowiska")
    password = make_password("wspolnie-demo")
    users = User.objects.bulk_create(
        User(
            username=f"bench-{n}",
            email=f"mieszkaniec{n}@example.org",
            password=password,
            display_name=f"Mieszkaniec {n}",
            district="Osiedle Kwiatowe" if n % 2 else "sołectwo Dąbrowa",
            department=department if n == RESIDENTS else None,
        )
        for n in range(RESIDENTS + 2)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    residents, official, moderator = users[:RESIDENTS], users[-2], users[-1]
    official.groups.add(Group.objects.get(name=roles.OFFICIALS))
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    organisation = Organisation.objects.create(
        name="Stowarzyszenie Zielona Gmina", slug="zielona-gmina", verified=True
    )
    OrganisationMembership.objects.create(
        user=residents[1], organisation=organisation, verified=True
    )

    index = consultation_index()
    # A few neighbours, so the index lists more than one consultation.
    for n, (opens, closes) in enumerate(
        [(-40, -10), (-5, 20), (10, 40), (-90, -60)], 1
    ):
        make_consultation(
            f"Konsultacja sąsiednia {n}",
            slug=f"sasiednia-{n}",
            opens_in=timedelta(days=opens),
            closes_in=timedelta(days=closes),
            act_text=None,
            department=department,
        )
    page = make_consultation(
        "Projekt uchwały w sprawie zasad utrzymania zieleni miejskiej",
        slug="zielen-miejska",
        opens_in=timedelta(days=-14),
        closes_in=timedelta(days=14),
        act_text=ACT_TEXT,
        department=department,
    )
    anchors = [str(p.key) for p in page.current_provisions()]
    texts = [
        text_to_html(
            " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
            + ("\n\n" + rng.choice(SENTENCES) if rng.random() < 0.3 else "")
        )
        for _ in range(40)
    ]
    return World(
        page=page,
        index=index,
        residents=residents,
        viewer=residents[0],
        representative=residents[1],
        official=official,
        moderator=moderator,
        department=department,
        organisation=organisation,
        anchors=anchors,
        texts=texts,
        top_level=[],
    )


def grow(world: World, total: int, rng: random.Random) -> None:
    """Add comments until the page has ``total`` (top-level and replies)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from participation.models import (
        Comment,
        CommentStatus,
        CommentSupport,
        OfficialResponse,
    )

    missing = total - world.created
    if missing <= 0:
        return
    content_type = ContentType.objects.get_for_model(world.page)
    start = world.page.opens_at
    replies = round(missing * REPLY_SHARE) if world.top_level or missing > 1 else 0
    tops = missing - replies
    now = timezone.now()

    def moment() -> datetime:
        # Comments arrive in order, a few minutes apart, all in the past.
        world.created += 1
        return min(start + timedelta(minutes=4 * world.created), now)

    def row(**fields) -> Comment:
        author = rng.choice(world.residents)
        status = {}
        roll = rng.random()
        if roll < HIDDEN_SHARE:
            status = {
                "status": CommentStatus.HIDDEN,
                "hidden_reason": "Naruszenie regulaminu.",
                "hidden_by": world.moderator,
                "hidden_at": now,
            }
        elif roll < HIDDEN_SHARE + DELETED_SHARE:
            status = {"deleted_at": now}
        return Comment(
            target_type=content_type,
            target_id=world.page.pk,
            author=author,
            on_behalf_of=world.organisation
            if author is world.representative and rng.random() < ORGANISATION_SHARE
            else None,
            text=rng.choice(world.texts),
            created_at=moment(),
            **status,
            **fields,
        )

    new_tops = Comment.objects.bulk_create(
        row(
            anchor=""
            if rng.random() < WHOLE_DRAFT_SHARE
            else rng.choice(world.anchors),
            proposed_wording=rng.choice(world.texts)
            if rng.random() < PROPOSAL_SHARE
            else "",
            justification=rng.choice(world.texts)
            if rng.random() < PROPOSAL_SHARE
            else "",
        )
        for _ in range(tops)
    )
    world.top_level.extend(c.pk for c in new_tops)
    anchors = dict(
        Comment.objects.filter(pk__in=world.top_level).values_list("pk", "anchor")
    )
    parents = sorted(rng.choices(world.top_level, k=replies))
    new_replies = Comment.objects.bulk_create(
        row(parent_id=parent, anchor=anchors[parent]) for parent in parents
    )

    # Supports: most comments none, some a handful, never the author's own;
    # support_count matches the rows, as services.comment_support keeps it.
    supports = []
    for comment in [*new_tops, *new_replies]:
        count = rng.choice([0, 0, 0, 0, 1, 1, 2, 3, 5, 8])
        others = [u for u in world.residents if u.pk != comment.author_id]
        for user in rng.sample(others, count):
            supports.append(CommentSupport(comment=comment, user=user))
        comment.support_count = count
    CommentSupport.objects.bulk_create(supports)
    Comment.objects.bulk_update([*new_tops, *new_replies], ["support_count"])

    OfficialResponse.objects.bulk_create(
        OfficialResponse(
            comment=comment,
            decision=rng.choice(DECISIONS),
            reasoning=rng.choice(world.texts),
            department=world.department,
            official=world.official,
        )
        for comment in new_tops
        if comment.status == CommentStatus.VISIBLE and rng.random() < RESPONSE_SHARE
    )


# --- measuring ---------------------------------------------------------------------


@dataclass
class Figures:
    queries: int
    median_ms: float
    p95_ms: float
    kb: float
    timed: int


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url: str, requests: int, budget: float) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: caches of the process, not measured
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Count now: captured_queries slices the connection's query log, which the
    # next request empties when it starts.
    queries = len(captured.captured_queries)
    size = len(response.content)
    times: list[float] = []
    deadline = time.perf_counter() + budget
    for _ in range(requests):
        # A slow page on a busy machine would take minutes: past the budget,
        # stop at MIN_REQUESTS (the table shows how many were timed).
        if len(times) >= MIN_REQUESTS and time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return Figures(
        queries=queries,
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        kb=size / 1024,
        timed=len(times),
    )


def fragment_comment(world: World) -> int:
    """A visible top-level comment with replies and a response: the largest
    fragment a page would fetch."""
    from django.db.models import Count

    from participation.models import Comment

    comment = (
        Comment.objects.filter(pk__in=world.top_level, response__isnull=False)
        .public()
        .annotate(n=Count("replies"))
        .order_by("-n", "pk")
        .first()
    ) or Comment.objects.filter(pk__in=world.top_level).public().first()
    return comment.pk


def run(sizes: list[int], requests: int, budget: float, seed: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    rng = random.Random(seed)
    started = time.perf_counter()
    world = build_world(rng)
    anonymous = Client()
    resident = Client()
    resident.force_login(world.viewer)
    page_url = world.page.url
    index_url = world.index.url
    print(
        f"consultation page benchmark: {connection.vendor}, Django "
        f"{__import__('django').get_version()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
        f"{requests} requests per figure"
    )
    print(
        f"page {page_url} ({len(world.anchors)} provisions), index {index_url}, "
        f"LANGUAGE_CODE={settings.LANGUAGE_CODE}, DEBUG={settings.DEBUG}"
    )

    results = []
    for size in sizes:
        grow(world, size, rng)
        fragment_url = reverse(
            "participation:comment_fragment", args=[fragment_comment(world)]
        )
        for viewer, client in (("anonymous", anonymous), ("resident", resident)):
            results.append(
                (
                    size,
                    viewer,
                    measure(client, page_url, requests, budget),
                    measure(client, index_url, requests, budget),
                    measure(client, fragment_url, requests, budget),
                )
            )
    elapsed = time.perf_counter() - started

    header = (
        f"{'comments':>8}  {'viewer':<9} | {'page':>5} {'median':>8} {'p95':>8} "
        f"{'size':>7} {'n':>3} | {'index':>5} {'median':>7} {'p95':>7} | "
        f"{'frag.':>5} {'median':>7} {'p95':>7}"
    )
    units = (
        f"{'':>8}  {'':<9} | {'SQL':>5} {'ms':>8} {'ms':>8} {'KB':>7} {'':>3} | "
        f"{'SQL':>5} {'ms':>7} {'ms':>7} | {'SQL':>5} {'ms':>7} {'ms':>7}"
    )
    print()
    print(header)
    print(units)
    print("-" * len(header))
    for size, viewer, page, index, fragment in results:
        print(
            f"{size:>8}  {viewer:<9} | {page.queries:>5} {page.median_ms:>8.1f} "
            f"{page.p95_ms:>8.1f} {page.kb:>7.0f} {page.timed:>3} | "
            f"{index.queries:>5} {index.median_ms:>7.1f} {index.p95_ms:>7.1f} | "
            f"{fragment.queries:>5} {fragment.median_ms:>7.1f} {fragment.p95_ms:>7.1f}"
        )
    print()
    print(f"data at {sizes[-1]} comments: {describe(world)}")
    cut = [
        figures for row in results for figures in row[2:] if figures.timed < requests
    ]
    fragment_path = reverse("participation:comment_fragment", args=[0])
    print(
        "SQL = queries of one warm request; n = timed requests of the page "
        f"(of {requests}); frag. = {fragment_path.replace('/0/', '/<pk>/')} for "
        "the top-level comment with most replies"
    )
    if cut:
        print(
            f"{len(cut)} figure(s) stopped early at the {budget:.0f} s budget "
            "(--budget): the machine is slow or busy"
        )
    print(f"total run {elapsed:.0f} s (after migrating)")


def describe(world: World) -> str:
    from participation.models import Comment, CommentStatus, OfficialResponse

    comments = Comment.objects.filter(target_id=world.page.pk)
    top = comments.filter(parent__isnull=True)
    return (
        f"{top.count()} top-level, {comments.exclude(parent=None).count()} replies, "
        f"{sum(comments.values_list('support_count', flat=True))} supports, "
        f"{OfficialResponse.objects.filter(comment__in=top).count()} official "
        f"responses, {comments.filter(status=CommentStatus.HIDDEN).count()} hidden, "
        f"{comments.exclude(deleted_at=None).count()} withdrawn, "
        f"{comments.exclude(on_behalf_of=None).count()} on behalf of an NGO, "
        f"{len(set(top.values_list('anchor', flat=True)) - {''})} provisions "
        "commented on"
    )


def parse_sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in value.split(",") if part.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError("sizes are integers: 10,100,500") from exc
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comment counts, comma-separated (default: 10,100,500,2000)",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=20,
        help="timed requests per figure (default: 20)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds of timed requests per figure before stopping early, at "
        f"{MIN_REQUESTS} requests at least (default: 30)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as folder:
        old_name = setup_django(folder)
        try:
            run(args.sizes, args.requests, args.budget, args.seed)
        finally:
            tear_down(old_name)


if __name__ == "__main__":
    main()
