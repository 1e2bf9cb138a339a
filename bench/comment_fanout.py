"""Comment fan-out through real Daphne servers (a script, not a test).

Seeds the demo site into a throwaway database, starts Daphne process(es) on
127.0.0.1 (random free ports, DEBUG off, settings bench/bench_settings.py), opens
N real WebSocket clients subscribed to the open consultation's comment stream,
and has the demo resident post K comments, one at a time, through the real form
endpoint (POST /udzial/komentarze/dodaj/, Accept: application/json). Each
simulated reader does what participation/thread.js does with the frame: if the
event's data has no "html" key, or has "fetch": true, it fetches the comment's
fragment (GET /udzial/komentarze/<id>/fragment/?next=..., X-Requested-With:
XMLHttpRequest) through its own keep-alive HTTP client (aiohttp, like a browser
tab, connected when the reader opens); otherwise it fetches nothing.

    .venv/bin/python bench/comment_fanout.py --clients 200,1000 --comments 10

For each N it prints: POST latency; time from the POST's start to the event
frame at each client (p50/p95/p99/max over clients x comments) and at the last
client; time until a reader (and all readers) have the fragment; and the HTTP
requests per comment, counted twice: the fetches the readers issued, and the
lines in Daphne's access log (fragment GETs, the POST, anything else).

The readers model a reader on the thread page where a new comment shows (first
page, newest first: the default), so today every reader fetches. Readers are
anonymous; their sockets and HTTP connections come from 127.0.0.2, 127.0.0.3,
... (--per-address per source address), so per-IP caps see many addresses.

Database: a SQLite file in a temporary folder, or, with a PostgreSQL
DATABASE_URL, a database wspolnie_bench_fanout on that server (created, and
dropped at the end; the database named in the URL is untouched). Channel layer:
in-memory with one process; REDIS_URL if set, and with --processes > 1 and no
REDIS_URL a private redis-server on a free port of 127.0.0.1 (--start-redis
forces that one). Servers (and the private Redis) are stopped at the end, also
on Ctrl-C or SIGTERM. Migrating and seeding take about 40 s.

--warmup comments are posted (and their fragment fetched) before the readers
connect, to warm the servers. Then comments are posted one at a time: the next
one after every reader has the frame and its fragment. A round stops posting
after --budget seconds of measured comments (3 comments at least), and when a
comment's fan-out does not finish within --timeout, so a run ends in a few
minutes on a slow machine; the table says how many comments each round measured.
"""

import argparse
import asyncio
import collections
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BENCH_DATABASE = "wspolnie_bench_fanout"
DEMO_SLUG = "program-wspolpracy-2027"
DEMO_EMAIL = "resident@example.org"
DEMO_PASSWORD = "wspolnie-demo"
LOGIN_PATH = "/konto/login/"
# Events on which thread.js fetches a comment's fragment, and where the id is.
FETCHING_EVENTS = {
    "comment.created": "id",
    "comment.updated": "id",
    "comment.supported": "id",
    "response.published": "comment_id",
}
FAILURES: collections.Counter = collections.Counter()  # why fetches failed
MIN_COMMENTS = 3  # measured per round, even past --budget
CONNECT_CONCURRENCY = 50  # handshakes at once: Daphne's listen backlog is 50
COMMENT_TEXT = (
    "Komentarz testowy nr {n}: proponuję, żeby Gmina publikowała wyniki "
    "otwartych konkursów ofert w ciągu 14 dni od ich rozstrzygnięcia."
)


class BenchError(Exception):
    """Something the run cannot go on without; printed, not a traceback."""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- database ---------------------------------------------------------------------


class Database:
    """The throwaway database the servers use: a SQLite file, or a PostgreSQL
    database of our own on the server of DATABASE_URL."""

    def __init__(self, folder: Path):
        url = os.environ.get("DATABASE_URL", "")
        self.admin_url = None
        if url.startswith(("postgres://", "postgresql://")):
            self.admin_url = url
            parts = urllib.parse.urlsplit(url)
            self.url = urllib.parse.urlunsplit(
                parts._replace(path=f"/{BENCH_DATABASE}")
            )
            self.vendor = "postgresql"
        else:
            self.url = f"sqlite:///{folder}/bench.sqlite3"
            self.vendor = "sqlite"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self) -> None:
        if self.admin_url:
            self.drop()
            self._admin(f'CREATE DATABASE "{BENCH_DATABASE}"')

    def drop(self) -> None:
        if self.admin_url:
            self._admin(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


# --- processes ----------------------------------------------------------------------


@dataclass
class Server:
    index: int
    port: int
    process: subprocess.Popen
    log: Path
    access_log: Path
    offset: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def new_access_lines(self) -> list[str]:
        """Access log lines written since the last call."""
        with self.access_log.open("rb") as stream:
            stream.seek(self.offset)
            chunk = stream.read()
        # Only whole lines; a half-written one is read next time.
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode(errors="replace").splitlines()


def stop_process(process: subprocess.Popen, name: str) -> None:
    """Stops a process group this script started (start_new_session=True)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop in 10 s: killing it", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def server_env(folder: Path, database: Database, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="bench_settings",
        WSPOLNIE_VAR_DIR=str(folder),
        DATABASE_URL=database.url,
        DJANGO_DEBUG="0",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(args: list[str], env: dict, log: Path, timeout: float) -> str:
    with log.open("ab") as output:
        output.write(f"\n$ manage.py {' '.join(args)}\n".encode())
        output.flush()
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=output,
            timeout=timeout,
        )
        output.write(result.stdout)
    if result.returncode != 0:
        raise BenchError(f"manage.py {args[0]} failed:\n{tail(log)}")
    return result.stdout.decode(errors="replace")


def prepare(folder: Path, env: dict) -> str:
    """Migrates and seeds the demo; returns the open consultation's path."""
    log = folder / "prepare.log"
    manage(["migrate", "--noinput", "-v", "0"], env, log, timeout=300)
    # seed_demo creates the demo users only with DEBUG on.
    manage(["seed_demo"], {**env, "DJANGO_DEBUG": "1"}, log, timeout=300)
    out = manage(
        [
            "shell",
            "-c",
            "from consultations.pages import ConsultationPage;"
            f"page = ConsultationPage.objects.get(slug={DEMO_SLUG!r});"
            "print('PAGE', page.get_url())",
        ],
        env,
        log,
        timeout=120,
    )
    found = re.search(r"^PAGE (\S+)$", out, re.M)
    if not found:
        raise BenchError(f"could not find the demo consultation:\n{tail(log)}")
    return found.group(1)


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise BenchError("--processes > 1 needs REDIS_URL or redis-server on PATH")
    port = free_port()
    log = folder / "redis.log"
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no", "--logfile", str(log), "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"redis-server exited:\n{tail(log)}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=1) as probe,
        ):
            probe.sendall(b"PING\r\n")
            if probe.recv(16).startswith(b"+PONG"):
                return process, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.2)
    stop_process(process, "redis-server")
    raise BenchError("redis-server did not answer in 20 s")


def start_server(index: int, folder: Path, env: dict) -> Server:
    port = free_port()
    log = folder / f"daphne-{index}.log"
    access_log = folder / f"access-{index}.log"
    access_log.touch()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["--access-log", str(access_log), "cms.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(index, port, process, log, access_log)


def wait_ready(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"Daphne {server.index} exited:\n{tail(server.log)}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        time.sleep(0.3)
    raise BenchError(f"Daphne {server.index} did not answer in {timeout:.0f} s")


# --- clients ------------------------------------------------------------------------


@dataclass
class Page:
    stream: str
    seq: int
    target: str
    csrf: str
    action: str
    fragment_url: str  # .../komentarze/0/fragment/


def attribute(html: str, pattern: str, what: str) -> str:
    found = re.search(pattern, html)
    if not found:
        raise BenchError(f"the consultation page has no {what}")
    return found.group(1)


def parse_page(html: str) -> Page:
    return Page(
        stream=attribute(html, r'data-live-stream="([^"]+)"', "data-live-stream"),
        seq=int(attribute(html, r'data-live-seq="(\d+)"', "data-live-seq")),
        target=attribute(
            html, r'name="target" value="([^"]+)"', "comment form (not signed in?)"
        ),
        csrf=attribute(html, r'name="csrfmiddlewaretoken" value="([^"]+)"', "CSRF"),
        action=attribute(
            html, r'<form method="post" action="([^"]+)" class="comment-form"', "form"
        ),
        fragment_url=attribute(html, r'data-fragment-url="([^"]+)"', "fragment url"),
    )


@dataclass
class Reader:
    index: int
    base: str
    http: object  # aiohttp.ClientSession of its source address
    ws: object = None
    frames: dict = field(default_factory=dict)  # comment id -> frame arrival
    fetched: dict = field(default_factory=dict)  # comment id -> fragment received
    fetches: dict = field(default_factory=dict)  # comment id -> fetches started
    failed: dict = field(default_factory=dict)  # comment id -> failed fetches
    in_flight: dict = field(default_factory=dict)  # comment id -> fetches running
    other_events: int = 0
    closed_early: bool = False
    tasks: set = field(default_factory=set)

    def settled(self, comment_id: int) -> bool:
        return comment_id in self.frames and not self.in_flight.get(comment_id)


async def login(session, server: Server, page_path: str, timeout: float) -> Page:
    import aiohttp

    limit = aiohttp.ClientTimeout(total=timeout)
    async with session.get(server.base + LOGIN_PATH, timeout=limit) as reply:
        html = await reply.text()
    csrf = attribute(html, r'name="csrfmiddlewaretoken" value="([^"]+)"', "CSRF")
    form = {"login": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf}
    async with session.post(
        server.base + LOGIN_PATH, data=form, timeout=limit
    ) as reply:
        await reply.read()
    return await load_page(session, server, page_path, timeout)


async def load_page(session, server: Server, page_path: str, timeout: float) -> Page:
    import aiohttp

    limit = aiohttp.ClientTimeout(total=timeout)
    async with session.get(server.base + page_path, timeout=limit) as reply:
        if reply.status != 200:
            raise BenchError(f"GET {page_path} answered {reply.status}")
        return parse_page(await reply.text())


async def fetch_fragment(reader: Reader, comment_id: int, page: Page, next_path: str):
    url = reader.base + page.fragment_url.replace(
        "/0/fragment/", f"/{comment_id}/fragment/"
    )
    try:
        async with reader.http.get(
            url,
            params={"next": next_path},
            headers={"X-Requested-With": "XMLHttpRequest"},
        ) as reply:
            await reply.read()
            if reply.status == 200:
                reader.fetched.setdefault(comment_id, time.perf_counter())
            else:
                reader.failed[comment_id] = reader.failed.get(comment_id, 0) + 1
                FAILURES[f"HTTP {reply.status}"] += 1
    except Exception as error:
        reader.failed[comment_id] = reader.failed.get(comment_id, 0) + 1
        FAILURES[type(error).__name__] += 1
    finally:
        reader.in_flight[comment_id] -= 1


def on_frame(reader: Reader, raw: str, page: Page, next_path: str) -> None:
    now = time.perf_counter()
    frame = json.loads(raw)
    if frame.get("type") != "event":
        return
    data = frame.get("data") or {}
    event = frame.get("event")
    key = FETCHING_EVENTS.get(event)
    comment_id = data.get(key) if key else None
    if event == "comment.created" and comment_id is not None:
        reader.frames.setdefault(comment_id, now)
    else:
        reader.other_events += 1
    # thread.js: the old events carry no HTML, so every reader fetches; the new
    # ones carry it, and only readers told "fetch": true still do.
    if comment_id is not None and ("html" not in data or data.get("fetch")):
        # Counted in flight now, so the waiter never sees a settled reader
        # whose fetch has not started yet.
        reader.fetches[comment_id] = reader.fetches.get(comment_id, 0) + 1
        reader.in_flight[comment_id] = reader.in_flight.get(comment_id, 0) + 1
        task = asyncio.create_task(fetch_fragment(reader, comment_id, page, next_path))
        reader.tasks.add(task)
        task.add_done_callback(reader.tasks.discard)


async def listen(reader: Reader, page: Page, next_path: str) -> None:
    import aiohttp

    async for message in reader.ws:
        if message.type == aiohttp.WSMsgType.TEXT:
            on_frame(reader, message.data, page, next_path)
    reader.closed_early = True


async def open_reader(reader: Reader, server: Server, page: Page, timeout: float):
    import aiohttp

    reader.ws = await reader.http.ws_connect(
        f"ws://127.0.0.1:{server.port}/ws/live/?lang=pl",
        origin=server.base,
        timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10),
        max_msg_size=0,
    )
    await reader.ws.send_json(
        {"action": "subscribe", "stream": page.stream, "since": page.seq}
    )
    async with asyncio.timeout(timeout):
        while True:
            message = await reader.ws.receive()
            if message.type != aiohttp.WSMsgType.TEXT:
                raise BenchError(f"reader {reader.index}: socket closed ({message})")
            frame = json.loads(message.data)
            if frame.get("type") == "subscribed":
                break
            if frame.get("type") == "error":
                raise BenchError(f"reader {reader.index}: {frame}")
    # A browser that loaded the page has a keep-alive connection to the server:
    # open the reader's now, so fan-outs measure requests, not TCP handshakes.
    async with reader.http.get(f"{server.base}/healthz") as reply:
        await reply.read()


@dataclass
class Round:
    clients: int
    processes: int
    connect_ms: float
    post_ms: list[float] = field(default_factory=list)
    frame_ms: list[float] = field(default_factory=list)
    last_frame_ms: list[float] = field(default_factory=list)
    fragment_ms: list[float] = field(default_factory=list)
    all_fragments_ms: list[float] = field(default_factory=list)
    reader_fetches: list[int] = field(default_factory=list)
    server_requests: list[int] = field(default_factory=list)
    server_fragments: list[int] = field(default_factory=list)
    server_posts: list[int] = field(default_factory=list)
    missed_frames: int = 0
    failed_fetches: int = 0
    unfinished: int = 0
    other_events: int = 0
    closed_early: int = 0
    cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0
    server_peak_mb: float = 0.0
    budget_stop: bool = False
    fetchers: int = 0  # (reader, comment) pairs that fetched
    fetched: int = 0  # ... and had the fragment within --timeout
    wall_seconds: float = 0.0


def server_cpu(server: Server) -> float:
    """CPU seconds (user + system) the Daphne process has used so far."""
    try:
        fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)
        values = fields[1].split()
        return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def server_peak_mb(server: Server) -> float:
    """The Daphne process's peak resident memory so far (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{server.process.pid}/status").read_text()
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        return int(found.group(1)) / 1024 if found else 0.0
    except OSError:
        return 0.0


def count_access(servers: list[Server]) -> tuple[int, int, int]:
    """(HTTP requests, fragment GETs, comment POSTs) logged since the last call."""
    lines = [line for server in servers for line in server.new_access_lines()]
    http = [line for line in lines if '"WS' not in line]
    fragments = sum('"GET ' in line and "/fragment/" in line for line in http)
    posts = sum('"POST ' in line and "/komentarze/dodaj/" in line for line in http)
    return len(http), fragments, posts


async def post_comment(session, server: Server, page: Page, n: int, timeout: float):
    import aiohttp

    form = {
        "csrfmiddlewaretoken": page.csrf,
        "target": page.target,
        "anchor": "",
        "text": COMMENT_TEXT.format(n=n),
        "proposed_wording": "",
        "justification": "",
    }
    try:
        async with session.post(
            server.base + page.action,
            data=form,
            headers={"Accept": "application/json"},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as reply:
            body = await reply.text()
    except (aiohttp.ClientError, TimeoutError) as error:
        raise BenchError(f"POST {page.action} failed: {error!r}") from None
    if reply.status != 201:
        raise BenchError(f"POST {page.action} answered {reply.status}: {body[:300]}")
    return json.loads(body)["id"]


async def wait_settled(readers: list[Reader], comment_id: int, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(reader.settled(comment_id) for reader in readers):
            return True
        await asyncio.sleep(0.01)
    return False


async def run_round(
    clients: int, servers: list[Server], page_path: str, args: argparse.Namespace
) -> Round:
    import aiohttp

    timeout, per_address = args.timeout, args.per_address
    servers_cpu = sum(server_cpu(s) for s in servers)
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    sessions = []

    def session(address: str | None):
        connector = aiohttp.TCPConnector(
            local_addr=(address, 0) if address else None,
            limit=0,
            keepalive_timeout=None if address is None else 300,
            # The poster's connection idles through each fan-out; a fresh one per
            # request never meets a keep-alive connection the server has dropped.
            force_close=address is None,
        )
        made = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        sessions.append(made)
        return made

    try:
        poster = session(None)
        page = await login(poster, servers[0], page_path, timeout)
        # Warm-up without readers: the server's caches and templates, not a
        # fan-out (which, at 1,000 readers, can outlast --timeout today).
        for n in range(args.warmup):
            comment_id = await post_comment(poster, servers[0], page, n, timeout)
            url = page.fragment_url.replace("/0/fragment/", f"/{comment_id}/fragment/")
            for server in servers:
                for _ in range(3):
                    async with poster.get(server.base + url) as reply:
                        await reply.read()
        # The readers' page, and its seq, as it is after the warm-up: no replay.
        page = await load_page(poster, servers[0], page_path, timeout)
        # Each reader its own HTTP client (keep-alive pool), like a browser tab,
        # bound to its source address.
        readers = [
            Reader(
                n,
                servers[n % len(servers)].base,
                session(f"127.0.0.{2 + n // per_address}"),
            )
            for n in range(clients)
        ]
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def connect(reader: Reader) -> None:
            async with gate:
                await open_reader(
                    reader, servers[reader.index % len(servers)], page, timeout
                )

        started = time.perf_counter()
        async with asyncio.timeout(timeout * 2):
            await asyncio.gather(*(connect(reader) for reader in readers))
        result = Round(
            clients, len(servers), connect_ms=(time.perf_counter() - started) * 1000
        )
        listeners = [
            asyncio.create_task(listen(reader, page, page_path)) for reader in readers
        ]

        measuring = time.perf_counter()
        for n in range(args.warmup, args.warmup + args.comments):
            if (
                len(result.post_ms) >= MIN_COMMENTS
                and time.perf_counter() - measuring > args.budget
            ):
                result.budget_stop = True
                break
            count_access(servers)  # skip what came before this comment
            sent = time.perf_counter()
            comment_id = await post_comment(poster, servers[0], page, n, timeout)
            posted = time.perf_counter()
            settled = await wait_settled(readers, comment_id, timeout)
            await asyncio.sleep(0.2)  # the access log is written on completion
            requests, fragments, posts = count_access(servers)
            result.post_ms.append((posted - sent) * 1000)
            result.unfinished += not settled
            arrivals = [r.frames[comment_id] for r in readers if comment_id in r.frames]
            result.missed_frames += clients - len(arrivals)
            result.frame_ms.extend((t - sent) * 1000 for t in arrivals)
            if arrivals:
                result.last_frame_ms.append((max(arrivals) - sent) * 1000)
            fetchers = [r for r in readers if r.fetches.get(comment_id)]
            done = [r.fetched[comment_id] for r in fetchers if comment_id in r.fetched]
            result.fragment_ms.extend((t - sent) * 1000 for t in done)
            result.fetchers += len(fetchers)
            result.fetched += len(done)
            if fetchers and len(done) == len(fetchers):
                result.all_fragments_ms.append((max(done) - sent) * 1000)
            result.failed_fetches += sum(r.failed.get(comment_id, 0) for r in readers)
            result.reader_fetches.append(
                sum(r.fetches.get(comment_id, 0) for r in readers)
            )
            result.server_requests.append(requests)
            result.server_fragments.append(fragments)
            result.server_posts.append(posts)
            if not settled:
                # The next comment would overlap this one's fan-out: stop here.
                break
            await asyncio.sleep(args.pause)

        result.other_events = sum(r.other_events for r in readers)
        result.closed_early = sum(r.closed_early for r in readers)
        for task in listeners:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(30):
                await asyncio.gather(
                    *(r.ws.close() for r in readers if r.ws is not None),
                    return_exceptions=True,
                )
        result.cpu_seconds = time.process_time() - cpu_started
        result.server_cpu_seconds = sum(server_cpu(s) for s in servers) - servers_cpu
        result.server_peak_mb = sum(server_peak_mb(s) for s in servers)
        result.wall_seconds = time.perf_counter() - wall_started
        return result
    finally:
        for made in sessions:
            await made.close()


# --- report -------------------------------------------------------------------------


def figures(values: list[float], *names: str) -> str:
    if not values:
        return "   (none)"
    points = {
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }
    return "".join(f"  {name} {points[name]:8.1f}" for name in names)


def mean(values: list[int]) -> float:
    return statistics.fmean(values) if values else 0.0


def print_round(r: Round, describe: str) -> None:
    def row(label: str, text: str) -> None:
        print(f"  {label:<40}{text}")

    other = mean(r.server_requests) - mean(r.server_fragments) - mean(r.server_posts)
    comments = len(r.post_ms)
    print(f"comment fan-out: {r.clients} clients, {comments} comments, {describe}")
    row("connect + subscribe all clients, ms", f"{r.connect_ms:10.1f}")
    row("POST of the comment (201), ms", figures(r.post_ms, "p50", "p95", "max"))
    row(
        "POST start -> frame at a client, ms",
        figures(r.frame_ms, "p50", "p95", "p99", "max"),
    )
    row(
        "POST start -> frame at last client, ms", figures(r.last_frame_ms, "p50", "max")
    )
    row(
        "POST start -> a reader has fragment, ms",
        figures(r.fragment_ms, "p50", "p95", "p99", "max"),
    )
    row(
        "POST start -> all readers have it, ms",
        figures(r.all_fragments_ms, "p50", "max"),
    )
    row("fragment fetches per comment (readers)", f"{mean(r.reader_fetches):10.1f}")
    row(
        "HTTP requests per comment (access log)",
        f"{mean(r.server_requests):10.1f}  = {mean(r.server_fragments):.1f} "
        f"fragment GETs + {mean(r.server_posts):.1f} POST + {other:.1f} other",
    )
    print(
        f"  missed frames {r.missed_frames}, failed fetches {r.failed_fetches}, "
        f"comments not settled in time {r.unfinished}, other events "
        f"{r.other_events}, sockets closed early {r.closed_early}"
    )
    print(
        f"  CPU: Daphne {r.server_cpu_seconds:.1f} s, client process "
        f"{r.cpu_seconds:.1f} s, over {r.wall_seconds:.1f} s wall; Daphne peak RSS "
        f"{r.server_peak_mb:.0f} MB (since it started)"
    )
    if FAILURES:
        print(f"  failed fetches by cause (run so far): {dict(FAILURES)}")
    if r.budget_stop:
        print(f"  stopped after {comments} comments: the round's --budget was spent")
    if r.unfinished:
        print(
            "  stopped: a comment's fan-out did not finish within --timeout: "
            f"{r.fetched} of {r.fetchers} fragment fetches done by then (the "
            "access log counts only those)"
        )
    print()


def print_summary(rounds: list[Round]) -> None:
    header = (
        f"{'clients':>7} {'procs':>5} | {'POST':>6} {'POST':>6} | {'frame':>6} "
        f"{'frame':>6} {'frame':>6} {'frame':>6} | {'fetch':>6} {'HTTP':>6} | "
        f"{'all fr.':>7} {'all fr.':>7}"
    )
    units = (
        f"{'':>7} {'':>5} | {'p50':>6} {'max':>6} | {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'max':>6} | {'/comm.':>6} {'/comm.':>6} | {'p50':>7} "
        f"{'max':>7}"
    )
    print(header)
    print(units)
    print("-" * len(header))

    def cell(values: list[float], name: str, width: int) -> str:
        if not values:
            return f"{'-':>{width}}"
        value = {
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
            "max": max(values),
        }[name]
        return f"{value:>{width}.0f}"

    for r in rounds:
        print(
            f"{r.clients:>7} {r.processes:>5} | {cell(r.post_ms, 'p50', 6)} "
            f"{cell(r.post_ms, 'max', 6)} | {cell(r.frame_ms, 'p50', 6)} "
            f"{cell(r.frame_ms, 'p95', 6)} {cell(r.frame_ms, 'p99', 6)} "
            f"{cell(r.frame_ms, 'max', 6)} | {mean(r.reader_fetches):>6.0f} "
            f"{mean(r.server_requests):>6.0f} | "
            f"{cell(r.all_fragments_ms, 'p50', 7)} "
            f"{cell(r.all_fragments_ms, 'max', 7)}"
        )
    print(
        "ms from the POST's start; fetch = fragment GETs the readers issued, HTTP = "
        "requests in Daphne's access log (incl. the POST), per comment"
    )
    print(
        "summary: "
        + "; ".join(
            f"{r.clients} clients: {mean(r.server_requests):.0f} requests/comment, "
            f"frame p50 {cell(r.frame_ms, 'p50', 0)} p99 "
            f"{cell(r.frame_ms, 'p99', 0)} ms, POST p50 {cell(r.post_ms, 'p50', 0)}"
            f"-max {cell(r.post_ms, 'max', 0)} ms"
            for r in rounds
        )
    )


# --- main -----------------------------------------------------------------------------


def parse_counts(value: str) -> list[int]:
    try:
        counts = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError("counts are integers: 200,1000") from exc
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("counts are positive integers")
    return counts


def on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients",
        type=parse_counts,
        default=[200],
        help="WebSocket clients, comma-separated, one round each (default: 200)",
    )
    parser.add_argument("--comments", type=int, default=10, help="per round (10)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="unmeasured comments first, before the readers connect (1)",
    )
    parser.add_argument("--processes", type=int, default=1, help="Daphne processes (1)")
    parser.add_argument(
        "--start-redis",
        action="store_true",
        help="start a private redis-server for the channel layer and cache",
    )
    parser.add_argument(
        "--per-address",
        type=int,
        default=50,
        help="readers per loopback source address 127.0.0.2, ... (50)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=90.0,
        help="seconds for any one wait: a POST, a fan-out, connecting (90)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds of measured comments per round; past it a round stops, "
        f"after {MIN_COMMENTS} comments at least (60)",
    )
    parser.add_argument(
        "--pause", type=float, default=0.3, help="seconds between comments (0.3)"
    )
    args = parser.parse_args()
    if args.comments < 1 or args.processes < 1 or args.per_address < 1:
        parser.error("--comments, --processes and --per-address must be at least 1")
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        raise SystemExit("needs aiohttp: make install-dev") from None

    signal.signal(signal.SIGTERM, on_sigterm)
    files = raise_file_limit()
    needed = 2 * max(args.clients) + 100
    if files < needed:
        print(f"warning: {files} open files allowed, about {needed} needed")

    redis = None
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as name:
        folder = Path(name)
        database = Database(folder)
        try:
            started = time.perf_counter()
            redis_url = os.environ.get("REDIS_URL", "")
            if args.start_redis or (args.processes > 1 and not redis_url):
                redis, redis_url = start_redis(folder)
            database.create()
            env = server_env(folder, database, redis_url)
            page_path = prepare(folder, env)
            prepared = time.perf_counter() - started
            servers = [start_server(n, folder, env) for n in range(args.processes)]
            for server in servers:
                wait_ready(server)
            layer = "Redis layer" if redis_url else "in-memory layer"
            describe = (
                f"{args.processes} Daphne process(es), {database.vendor}, {layer}"
            )
            print(
                f"comment fan-out benchmark: {platform.python_version()}, "
                f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
                f"page {page_path}, ports "
                f"{', '.join(str(s.port) for s in servers)}, "
                f"prepared in {prepared:.0f} s"
            )
            print()
            rounds = []
            for clients in args.clients:
                result = asyncio.run(run_round(clients, servers, page_path, args))
                print_round(result, describe)
                rounds.append(result)
            print_summary(rounds)
            print(f"total run {time.perf_counter() - started:.0f} s")
        except BenchError as error:
            for server in servers:
                if server.process.poll() is not None:
                    print(f"Daphne {server.index} log:\n{tail(server.log)}")
            raise SystemExit(f"comment_fanout: {error}") from None
        finally:
            for server in servers:
                stop_process(server.process, f"Daphne {server.index}")
            if redis is not None:
                stop_process(redis, "redis-server")
            database.drop()


if __name__ == "__main__":
    main()
