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
    (BENCH_DATABASE=wspolnie_live: the database's name, created and dropped)

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

# BENCH_DATABASE: another name for the bench's own PostgreSQL database (created
# and dropped), e.g. a session's own when several run at once.
fanout.BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "wspolnie_bench_event")
CONNECT_CONCURRENCY = 50
# bench/bench_echo: the baseline's stream, beside the event's.
ECHO_STREAM = "bench.echo"


def STREAMS(stream: str) -> list[str]:
    return [stream, ECHO_STREAM]


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


async def _ws_connect(http, base, cookie):
    import aiohttp

    return await http.ws_connect(
        f"ws://127.0.0.1:{base.port}/ws/live/?lang=pl",
        origin=base.base,
        timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10),
        max_msg_size=0,
        headers={"Cookie": f"sessionid={cookie}"},
    )


async def connect(index, base, cookie, local, stream, timeout):
    import aiohttp

    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(local_addr=(local, 0), limit=0),
        cookies={"sessionid": cookie},
    )
    try:
        ws = await _ws_connect(http, base, cookie)
    except BaseException:
        await http.close()
        raise
    waiting = set(STREAMS(stream))
    for name in waiting:
        await ws.send_json({"action": "subscribe", "stream": name})
    async with asyncio.timeout(timeout):
        while waiting:
            message = await ws.receive()
            frame = json.loads(message.data)
            if frame.get("type") == "subscribed":
                waiting.discard(frame["stream"])
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
        import aiohttp

        async with gate:
            # A busy server may refuse a handshake now and then; a page retries.
            for attempt in range(3):
                try:
                    return await connect(n, server, cookie, local, stream, args.timeout)
                except (aiohttp.ClientError, OSError):
                    if attempt == 2:
                        raise
                    await asyncio.sleep(1)

    started = time.perf_counter()
    clients = await asyncio.gather(*(one(n, c) for n, c in enumerate(sessions)))
    connect_s = time.perf_counter() - started
    facilitator = await connect(
        -1, server, seeded["facilitator"], "127.0.0.1", stream, args.timeout
    )
    request_ids = iter(range(1, 10**9))
    if args.profile == "commands":
        profile_clear(server)

    async def request(client, name, data):
        rid = f"r{next(request_ids)}"
        sent = time.perf_counter()
        await client.ws.send_json(
            {"action": "request", "id": rid, "name": name, "data": data}
        )
        return rid, sent

    # 1. facilitator commands to every socket, each followed by the baseline:
    # a bare group_send echo (bench.echo) through the same server and sockets
    # at the same moment's load.
    async def fan_out(name, data, event_type):
        seen = [len(c.arrivals.get(event_type, [])) for c in clients]
        rid, sent = await request(facilitator, name, data)
        if facilitator.errors:
            raise BenchError(f"{name}: {facilitator.errors[-1]}")
        try:
            await wait_for(
                lambda: all(
                    len(c.arrivals.get(event_type, [])) > s
                    for c, s in zip(clients, seen, strict=True)
                ),
                args.timeout,
                f"the {name} frame at every client",
            )
        except BenchError as error:
            answer = facilitator.answers.get(rid, facilitator.errors[-1:])
            raise BenchError(f"{error} (answer to {name}: {answer})") from None
        arrivals = [c.arrivals[event_type][-1][1] for c in clients]
        return [(a - sent) * 1000 for a in arrivals]

    measured = {"echo": ([], []), "command": ([], [])}
    for n in range(args.warmup + args.commands):
        for kind, name, data, event_type in [
            (
                "command",
                "events.message_set",
                {"event": event, "message": f"Komunikat {n}"},
                "event.session",
            ),
            ("echo", "bench.echo", {}, "bench.echo"),
        ]:
            lat = await fan_out(name, data, event_type)
            if n >= args.warmup:
                measured[kind][0].extend(lat)
                measured[kind][1].append(max(lat))
            await asyncio.sleep(args.pause)
    delivered = {}
    for kind, event_type in [("command", "event.session"), ("echo", "bench.echo")]:
        expected = len(clients) * (args.warmup + args.commands)
        frames = [[f[0] for f in c.arrivals.get(event_type, [])] for c in clients]
        unique = sum(len(set(seqs)) for seqs in frames)
        doubled = sum(len(seqs) - len(set(seqs)) for seqs in frames)
        delivered[kind] = (100 * unique / expected, doubled)
    errors = sum(len(c.errors) for c in clients) + len(facilitator.errors)
    if args.profile == "commands":
        profile_dump(server)

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
    if args.profile == "votes":
        profile_clear(server)
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
    if args.profile == "votes":
        profile_dump(server)
    return {
        "connect_s": connect_s,
        "measured": measured,
        "delivered": delivered,
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


PROFILE_FILE = "daphne.prof"


def start_profiled_server(folder: Path, env: dict):
    """Daphne under yappi (bench/profiled_daphne.py), else as comment_fanout
    starts it."""
    import subprocess

    port = fanout.free_port()
    log = folder / "daphne-0.log"
    access_log = folder / "access-0.log"
    access_log.touch()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("profiled_daphne.py"))]
            + ["-b", "127.0.0.1", "-p", str(port), "--access-log", str(access_log)]
            + ["cms.asgi:application"],
            cwd=fanout.ROOT,
            env={**env, "BENCH_PROFILE": str(folder / PROFILE_FILE)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = fanout.Server(0, port, process, log, access_log)
    server.folder = folder
    return server


def profile_clear(server) -> None:
    os.kill(server.process.pid, signal.SIGUSR2)


def profile_dump(server) -> None:
    os.kill(server.process.pid, signal.SIGUSR1)
    text = server.folder / (PROFILE_FILE + ".txt")
    deadline = time.monotonic() + 120
    while not text.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    if text.exists():
        keep = Path(server.profile_copy)
        keep.write_text(text.read_text())
        print(f"  profile of the {server.profile_phase} phase: {keep}")


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
    # Between requests: the facilitator socket stays under LIVE_RATE_LIMIT
    # (30 frames per 10 s) however fast the fan-out is.
    parser.add_argument("--pause", type=float, default=0.4)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--profile",
        choices=["commands", "votes"],
        help="run Daphne under yappi and write that phase's profile",
    )
    parser.add_argument(
        "--profile-out", default="/tmp/event_live_profile.txt", help="where to"
    )
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
            if args.profile:
                server = start_profiled_server(folder, env)
                server.profile_copy = args.profile_out
                server.profile_phase = args.profile
            else:
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
    n = args.clients
    print(f"  connect + subscribe {n} sockets: {result['connect_s']:.1f} s")
    print(
        f"  1. one frame to {n} sockets, {args.commands} times each, alternating"
        " (send -> frame at each client)"
    )
    print(
        f"     {'':34} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
        f" {'last p50':>9} {'delivered':>10}"
    )
    for kind, title in [
        ("echo", "baseline: bare group_send echo"),
        ("command", "facilitator command (message_set)"),
    ]:
        lat, last = result["measured"][kind]
        share, doubled = result["delivered"][kind]
        print(
            f"     {title:34} {statistics.median(lat):5.0f}ms"
            f" {percentile(lat, 0.95):5.0f}ms {percentile(lat, 0.99):5.0f}ms"
            f" {max(lat):5.0f}ms {statistics.median(last):7.0f}ms"
            f" {share:8.1f} %" + (f" ({doubled} twice)" if doubled else "")
        )
    print(f"     error frames: {result['errors']}")
    print(f"  2. {n} votes in one poll")
    tallied = result["vote_tallied_s"]
    print(
        f"     sent in {result['vote_sent_s']:.2f} s, last ack after "
        f"{result['vote_acked_s']:.2f} s, tally of all at every client after "
        f"{tallied:.2f} s; {n / result['vote_acked_s']:.0f} votes/s; vote errors: "
        f"{result['vote_errors']}"
    )
    print(f"     database: {ballots} (ballots, choices)")
    print(f"     final tally: {json.dumps(result['final_counts'])}")
    print(
        f"     poll_tallies frames sent: {result['tally_frames']}; clients x "
        f"snapshots = {n} x {result['snapshots']} = {result['snapshots'] * n}; "
        f"clients x votes would be {n * n}"
    )


if __name__ == "__main__":
    main()
