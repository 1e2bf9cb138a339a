"""The live session through a real Daphne server (a script, not a test).

Migrates a throwaway database, seeds one event with a facilitator and N
registered participants (each with a signed-in session), starts Daphne on
127.0.0.1 (bench/bench_settings.py: dev settings, DEBUG off) and opens N real
WebSocket clients (aiohttp) from source addresses 127.0.0.2, 127.0.0.3, ...
(--per-address each), all following the event's stream, plus the
facilitator's socket. Then two measurements:

1. Facilitator commands: the facilitator sends --commands ``events.message_set``
   requests over its socket, one at a time (the next once every client has the
   frame); printed: from the request's send to the ``event.session`` frame at
   each client (p50/p95/p99/max over clients x commands) and at the last
   client, and whether every client got every frame exactly once.
2. Votes: the facilitator opens a poll; every client casts its vote at once
   (``events.vote``, as live_session.js sends it, no idempotency key);
   printed: the time from the first vote sent to the last ack, and to the
   tally snapshot that counts all N reaching every client; ballots in the
   database; ``event.poll_tallies`` frames received against clients x
   snapshots and against clients x votes (what one frame per vote would be).

    .venv/bin/python bench/event_live.py --clients 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/event_live.py

Database: a SQLite file in a temporary folder, or with a PostgreSQL
DATABASE_URL a database wspolnie_bench_event on that server (created, dropped
at the end). REDIS_URL, if set, carries the channel layer and the cache;
otherwise the in-memory layer and local-memory cache of one process. The
server is stopped at the end, also on Ctrl-C.
"""

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import comment_fanout as fanout  # noqa: E402
from comment_fanout import (  # noqa: E402
    BenchError,
    percentile,
    raise_file_limit,
    start_server,
    stop_process,
    tail,
    wait_ready,
)

fanout.BENCH_DATABASE = "wspolnie_bench_event"
CONNECT_CONCURRENCY = 50


# --- seeding (runs inside the server's Django, via manage.py shell) ----------------
def seed(participants: int) -> None:
    """One event, a facilitator, ``participants`` registered people with a
    signed-in session each; prints one JSON line."""
    from datetime import timedelta

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from wagtail.models import Page

    from cms.accounts.roles import FACILITATORS
    from cms.models import HomePage
    from events.models import (
        EventAgendaItem,
        EventFacilitator,
        EventIndexPage,
        EventPage,
        Registration,
        RegistrationStatus,
    )
    from events.services import live as live_services
    from events.services.registration import new_code

    User = get_user_model()
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(
        instance=HomePage(title="Gmina", slug="bench-home")
    )
    index = EventIndexPage.objects.first() or home.add_child(
        instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia")
    )
    starts = timezone.now()
    event = index.add_child(
        instance=EventPage(
            title="Otwarte spotkanie (bench)",
            slug=f"bench-{int(time.time())}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            capacity=participants + 10,
        )
    )
    EventAgendaItem.objects.create(page=event, title="Budżet", planned_minutes=20)
    facilitator = User.objects.create_user(
        email=f"bench-facilitator-{event.pk}@example.org", password=None
    )
    facilitator.groups.add(Group.objects.get(name=FACILITATORS))
    EventFacilitator.objects.create(page=event, user=facilitator)
    users = User.objects.bulk_create(
        User(
            username=f"bench-{event.pk}-{n}",
            email=f"bench-{event.pk}-{n}@example.org",
            password="!",
            display_name=f"P{n}",
        )
        for n in range(participants)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status=RegistrationStatus.CONFIRMED,
            place=n + 1,
            code=new_code(),
        )
        for n, user in enumerate(users)
    )
    live_services.live_session_ensure(event=event)

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    print(
        "SEED "
        + json.dumps(
            {
                "event": event.pk,
                "stream": event.live_stream(),
                "facilitator": session_for(facilitator),
                "participants": [session_for(user) for user in users],
            }
        )
    )


# --- clients ------------------------------------------------------------------------
class Client:
    def __init__(self, index: int, http, ws):
        self.index = index
        self.http = http
        self.ws = ws
        self.seqs: list[int] = []
        self.arrivals: dict[str, list[tuple[int, float, dict]]] = {}
        self.acks: dict[str, float] = {}
        self.answers: dict[str, object] = {}
        self.errors: list[dict] = []
        self.task = None

    async def listen(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            now = time.perf_counter()
            frame = json.loads(message.data)
            kind = frame.get("type")
            if kind == "event":
                self.seqs.append(frame["seq"])
                self.arrivals.setdefault(frame["event"], []).append(
                    (frame["seq"], now, frame["data"])
                )
            elif kind == "ack":
                self.acks[frame["id"]] = now
                self.answers[frame["id"]] = frame.get("data")
            elif kind == "error":
                self.errors.append(frame)


async def connect(index, base, cookie, local, stream, timeout):
    import aiohttp

    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(local_addr=(local, 0), limit=0),
        cookies={"sessionid": cookie},
    )
    ws = await http.ws_connect(
        f"ws://127.0.0.1:{base.port}/ws/live/?lang=pl",
        origin=base.base,
        timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10),
        max_msg_size=0,
        headers={"Cookie": f"sessionid={cookie}"},
    )
    await ws.send_json({"action": "subscribe", "stream": stream})
    async with asyncio.timeout(timeout):
        while True:
            message = await ws.receive()
            frame = json.loads(message.data)
            if frame.get("type") == "subscribed":
                break
            if frame.get("type") == "error":
                raise BenchError(f"client {index}: {frame}")
    client = Client(index, http, ws)
    client.task = asyncio.create_task(client.listen())
    return client


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise BenchError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def run(server, seeded: dict, args) -> dict:
    stream = seeded["stream"]
    event = seeded["event"]
    sessions = seeded["participants"][: args.clients]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(n, cookie):
        local = f"127.0.0.{2 + n // args.per_address}"
        async with gate:
            return await connect(n, server, cookie, local, stream, args.timeout)

    started = time.perf_counter()
    clients = await asyncio.gather(*(one(n, c) for n, c in enumerate(sessions)))
    connect_s = time.perf_counter() - started
    facilitator = await connect(
        -1, server, seeded["facilitator"], "127.0.0.1", stream, args.timeout
    )
    request_ids = iter(range(1, 10**9))

    async def request(client, name, data):
        rid = f"r{next(request_ids)}"
        sent = time.perf_counter()
        await client.ws.send_json(
            {"action": "request", "id": rid, "name": name, "data": data}
        )
        return rid, sent

    # 1. facilitator commands to every socket
    latencies, last_client = [], []
    commands = []
    for n in range(args.warmup + args.commands):
        seen = [len(c.arrivals.get("event.session", [])) for c in clients]
        rid, sent = await request(
            facilitator,
            "events.message_set",
            {"event": event, "message": f"Komunikat {n}"},
        )
        await wait_for(
            lambda seen=seen: all(
                len(c.arrivals.get("event.session", [])) > s
                for c, s in zip(clients, seen, strict=True)
            ),
            args.timeout,
            "a command's frame at every client",
        )
        if n < args.warmup:
            continue
        arrivals = [c.arrivals["event.session"][-1][1] for c in clients]
        latencies.extend((a - sent) * 1000 for a in arrivals)
        last_client.append((max(arrivals) - sent) * 1000)
        commands.append(rid)
        await asyncio.sleep(args.pause)
    session_frames = [
        [seq for seq, _, _ in c.arrivals.get("event.session", [])] for c in clients
    ]
    complete = all(
        len(seqs) == args.warmup + args.commands and len(set(seqs)) == len(seqs)
        for seqs in session_frames
    )
    errors = sum(len(c.errors) for c in clients) + len(facilitator.errors)

    # 2. a poll and everyone's vote
    rid, _ = await request(
        facilitator,
        "events.poll_create",
        {
            "event": event,
            "question": "Który park?",
            "kind": "single",
            "options": ["Północny", "Południowy", "Zachodni"],
        },
    )
    await wait_for(lambda: rid in facilitator.acks, args.timeout, "the poll")
    poll_id = facilitator.answers[rid]["id"]
    rid, _ = await request(
        facilitator, "events.poll_open", {"event": event, "poll": poll_id}
    )
    await wait_for(
        lambda: all(c.arrivals.get("event.poll") for c in clients),
        args.timeout,
        "the open poll at every client",
    )
    options = [o["id"] for o in clients[0].arrivals["event.poll"][-1][2]["options"]]
    tallies_before = sum(len(c.arrivals.get("event.poll_tallies", [])) for c in clients)
    vote_started = time.perf_counter()
    vote_ids = await asyncio.gather(
        *(
            request(
                c, "events.vote", {"poll": poll_id, "options": [options[c.index % 3]]}
            )
            for c in clients
        )
    )
    sent_s = time.perf_counter() - vote_started

    def counted_all(c):
        frames = c.arrivals.get("event.poll_tallies", [])
        return frames and frames[-1][2]["polls"][str(poll_id)]["voters"] >= len(clients)

    await wait_for(
        lambda: all(
            rid in c.acks for c, (rid, _) in zip(clients, vote_ids, strict=True)
        ),
        args.timeout,
        "every vote's ack",
    )
    acked_s = (
        max(c.acks[rid] for c, (rid, _) in zip(clients, vote_ids, strict=True))
        - vote_started
    )
    await wait_for(
        lambda: all(counted_all(c) for c in clients), args.timeout, "the final tally"
    )
    tallied_s = (
        max(c.arrivals["event.poll_tallies"][-1][1] for c in clients) - vote_started
    )
    await asyncio.sleep(1)
    tally_frames = (
        sum(len(c.arrivals.get("event.poll_tallies", [])) for c in clients)
        - tallies_before
    )
    snapshots = len(
        {seq for c in clients for seq, _, _ in c.arrivals.get("event.poll_tallies", [])}
    )
    vote_errors = sum(
        1 for c in clients for e in c.errors if e.get("id") in {r for r, _ in vote_ids}
    )
    for c in [*clients, facilitator]:
        await c.ws.close()
        await c.http.close()
    return {
        "connect_s": connect_s,
        "latencies": latencies,
        "last_client": last_client,
        "complete": complete,
        "errors": errors,
        "vote_sent_s": sent_s,
        "vote_acked_s": acked_s,
        "vote_tallied_s": tallied_s,
        "tally_frames": tally_frames,
        "snapshots": snapshots,
        "vote_errors": vote_errors,
        "poll": poll_id,
        "final_counts": clients[0].arrivals["event.poll_tallies"][-1][2],
    }


def count_ballots(env, folder, poll_id) -> str:
    out = fanout.manage(
        [
            "shell",
            "-c",
            "from events.models import Ballot, BallotChoice;"
            f"print('BALLOTS', Ballot.objects.filter(poll_id={poll_id}).count(),"
            f" BallotChoice.objects.filter(ballot__poll_id={poll_id}).count())",
        ],
        env,
        folder / "prepare.log",
        timeout=120,
    )
    return out.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--per-address", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.2)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, fanout.on_sigterm)
    raise_file_limit()
    server = None
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as name:
        folder = Path(name)
        database = fanout.Database(folder)
        try:
            started = time.perf_counter()
            redis_url = os.environ.get("REDIS_URL", "")
            database.create()
            env = fanout.server_env(folder, database, redis_url)
            log = folder / "prepare.log"
            fanout.manage(["migrate", "--noinput", "-v", "0"], env, log, timeout=600)
            out = fanout.manage(
                ["shell", "-c", f"import event_live; event_live.seed({args.clients})"],
                env,
                log,
                timeout=600,
            )
            seeded = json.loads(
                next(line for line in out.splitlines() if line.startswith("SEED "))[5:]
            )
            server = start_server(0, folder, env)
            wait_ready(server)
            layer = "Redis layer + cache" if redis_url else "in-memory layer"
            print(
                f"event live benchmark: Python {platform.python_version()}, "
                f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
                f"{database.vendor}, {layer}, 1 Daphne, {args.clients} clients, "
                f"prepared in {time.perf_counter() - started:.0f} s"
            )
            result = asyncio.run(run(server, seeded, args))
            ballots = count_ballots(env, folder, result["poll"])
            report(result, args, ballots)
        except BenchError as error:
            if server is not None:
                print(f"Daphne log:\n{tail(server.log)}")
            raise SystemExit(f"event_live: {error}") from None
        finally:
            if server is not None:
                stop_process(server.process, "Daphne")
            database.drop()


def report(result, args, ballots) -> None:
    lat = result["latencies"]
    print(f"  connect + subscribe {args.clients} sockets: {result['connect_s']:.1f} s")
    print(
        f"  1. facilitator command -> {args.clients} sockets ({args.commands} commands)"
    )
    print(
        f"     frame at each client: p50 {statistics.median(lat):.0f} ms, "
        f"p95 {percentile(lat, 0.95):.0f} ms, p99 {percentile(lat, 0.99):.0f} ms, "
        f"max {max(lat):.0f} ms"
    )
    print(
        f"     at the last client: p50 {statistics.median(result['last_client']):.0f}"
        f" ms, max {max(result['last_client']):.0f} ms"
    )
    print(
        f"     every frame delivered once: {'yes' if result['complete'] else 'NO'}; "
        f"error frames: {result['errors']}"
    )
    print(f"  2. {args.clients} votes in one poll")
    print(
        f"     sent in {result['vote_sent_s']:.2f} s, last ack after "
        f"{result['vote_acked_s']:.2f} s, tally of all at every client after "
        f"{result['vote_tallied_s']:.2f} s; vote errors: {result['vote_errors']}"
    )
    print(f"     database: {ballots} (ballots, choices)")
    print(f"     final tally: {json.dumps(result['final_counts'])}")
    print(
        f"     poll_tallies frames received: {result['tally_frames']} = "
        f"{result['snapshots']} snapshots x {args.clients} clients would be "
        f"{result['snapshots'] * args.clients}; one frame per vote would be "
        f"{args.clients * args.clients}"
    )


if __name__ == "__main__":
    main()
