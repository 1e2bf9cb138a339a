"""Fan-out benchmark for the live backbone (a script, not a test).

Opens N WebSocket clients on the real ASGI application in this process, with the
configured channel layer (in-memory, or Redis when REDIS_URL is set), subscribes
them all to one stream, publishes K events and reports how long each event took
to reach every client.

    .venv/bin/python bench/live_fanout.py --clients 100 --events 20

Without DATABASE_URL it works on a throwaway SQLite file, migrated on start.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STREAM = "bench.room.1"


def setup_django(database_folder: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    if database_folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{database_folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    # DEBUG would keep every query in memory and slow the run down.
    os.environ["DJANGO_DEBUG"] = "0"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "live", verbosity=0)

    from cms.live.registry import register_stream

    register_stream("bench.room", lambda user, key: True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def open_clients(count: int):
    from channels.testing import WebsocketCommunicator

    from cms.asgi import application

    clients = [
        WebsocketCommunicator(
            application,
            "/ws/live/",
            headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
        )
        for _ in range(count)
    ]
    for connected, _ in await asyncio.gather(*(c.connect(timeout=30) for c in clients)):
        assert connected, "a client was refused"
    for client in clients:
        await client.send_json_to({"action": "subscribe", "stream": STREAM})
    for client in clients:
        reply = await client.receive_json_from(timeout=30)
        assert reply["type"] == "subscribed", reply
    return clients


async def receive_seq(client, expected: int) -> float:
    frame = await client.receive_json_from(timeout=30)
    if frame.get("type") != "event" or frame.get("seq") != expected:
        raise AssertionError(f"expected event {expected}, got {frame}")
    return time.perf_counter()


async def run(clients_count: int, events: int) -> None:
    from channels.db import database_sync_to_async
    from django.conf import settings

    from cms.live.publisher import publish
    from cms.live.selectors import stream_last_seq

    apublish = database_sync_to_async(publish)
    started = time.perf_counter()
    clients = await open_clients(clients_count)
    setup_seconds = time.perf_counter() - started
    first = await database_sync_to_async(stream_last_seq)(STREAM) + 1

    # 1. One event at a time: latency from publish() to the last client.
    latencies, spreads = [], []
    for n in range(events):
        sent = time.perf_counter()
        await apublish(STREAM, "bench.tick", {"n": n})
        arrivals = await asyncio.gather(*(receive_seq(c, first + n) for c in clients))
        latencies.append((max(arrivals) - sent) * 1000)
        spreads.append((max(arrivals) - min(arrivals)) * 1000)

    # 2. A burst: all events published back to back, then drained.
    burst_first = first + events
    sent = time.perf_counter()
    cpu = time.process_time()
    for n in range(events):
        await apublish(STREAM, "bench.burst", {"n": n})

    async def drain(client) -> None:
        for n in range(events):
            await receive_seq(client, burst_first + n)

    await asyncio.gather(*(drain(c) for c in clients))
    burst_seconds = time.perf_counter() - sent
    # CPU, not wall time: comparable on a machine that is busy with other work.
    burst_cpu = time.process_time() - cpu

    for client in clients:
        assert await client.receive_nothing(timeout=0.01), "unexpected extra frame"
    await asyncio.gather(*(c.disconnect() for c in clients))

    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    frames = clients_count * events
    print(
        f"live fan-out: {clients_count} clients, {events} events, {layer}, {database}"
    )
    print(f"  connect + subscribe all clients   {setup_seconds * 1000:9.1f} ms")
    print("  one event at a time, publish() to last client:")
    print(f"    p50                             {statistics.median(latencies):9.1f} ms")
    print(f"    p95                             {percentile(latencies, 0.95):9.1f} ms")
    print(f"    max                             {max(latencies):9.1f} ms")
    print(f"    first-to-last client spread p50 {statistics.median(spreads):9.1f} ms")
    sequential_rate = frames / (sum(latencies) / 1000)
    print(f"    frames/s                        {sequential_rate:9.0f}")
    print(f"  burst of {events}, publish to drained:  {burst_seconds * 1000:9.1f} ms")
    print(f"    frames/s                        {frames / burst_seconds:9.0f}")
    cpu_per_frame = burst_cpu / frames * 1e6
    print(f"    CPU per frame (server + client) {cpu_per_frame:9.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="use DATABASE_URL from the environment instead of a temporary SQLite",
    )
    args = parser.parse_args()
    if args.use_database_url:
        setup_django(None)
        asyncio.run(run(args.clients, args.events))
        return
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as folder:
        setup_django(folder)
        asyncio.run(run(args.clients, args.events))


if __name__ == "__main__":
    main()
