"""Replay-storm benchmark for the live backbone (a script, not a test).

Ten sockets re-subscribe with ``since=0`` to a stream of 400 stored events, as
fast as the per-socket frame limit lets them (3 a second each), while another
client pings about 3 times a second and has its round trip timed. Printed: the ping's
p50/p95/max alone, during the storm with the replay budgets
(settings.LIVE_REPLAY_BUDGET) as configured, and during the storm with them
switched off (what the code did before them), plus the frames the storm got.

    .venv/bin/python bench/live_replay.py [--seconds 10] [--attackers 10]

Runs in this process on the real ASGI application with the in-memory channel
layer, on a throwaway SQLite file. Every socket says it comes from 127.0.0.1,
as they would through a local Daphne, so the per-address backstop applies.
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
STORM = "bench.room.storm"
QUIET = "bench.room.quiet"
EVENTS = 400


def setup_django(database_folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database_folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.pop("REDIS_URL", None)  # in-memory layer and cache: one process

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "live", verbosity=0)

    from cms.live.publisher import publish
    from cms.live.registry import register_stream

    register_stream("bench.room", lambda viewer, key: True)
    for n in range(EVENTS):
        publish(STORM, "bench.tick", {"n": n, "text": "x" * 200})


async def open_client():
    from channels.testing import WebsocketCommunicator

    from cms.asgi import application

    client = WebsocketCommunicator(
        application,
        "/ws/live/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    client.scope["client"] = ("127.0.0.1", 40000)
    connected, _ = await client.connect(timeout=30)
    assert connected
    return client


async def attacker(stop: asyncio.Event, counts: dict) -> None:
    client = await open_client()
    try:
        while not stop.is_set():
            started = time.perf_counter()
            await client.send_json_to(
                {"action": "subscribe", "stream": STORM, "since": 0}
            )
            reply = await client.receive_json_from(timeout=30)
            assert reply["type"] == "subscribed", reply
            first = await client.receive_json_from(timeout=30)
            if first["type"] == "reset":
                counts["resets"] += 1
            else:
                for _ in range(EVENTS - 1):
                    await client.receive_json_from(timeout=30)
                counts["frames"] += EVENTS
            # 3 subscribes a second: just under LIVE_RATE_LIMIT (30 per 10 s).
            await asyncio.sleep(max(0, 0.34 - (time.perf_counter() - started)))
    finally:
        await client.disconnect()


async def pings(seconds: float) -> list[float]:
    client = await open_client()
    await client.send_json_to({"action": "subscribe", "stream": QUIET})
    await client.receive_json_from()
    times = []
    end = time.perf_counter() + seconds
    try:
        while time.perf_counter() < end:
            sent = time.perf_counter()
            await client.send_json_to({"action": "ping"})
            assert (await client.receive_json_from(timeout=30))["type"] == "pong"
            times.append((time.perf_counter() - sent) * 1000)
            # Under LIVE_RATE_LIMIT (30 frames per 10 s), like a real page.
            await asyncio.sleep(0.35)
    finally:
        await client.disconnect()
    return times


async def measure(label: str, seconds: float, attackers: int) -> None:
    from django.core.cache import cache

    cache.clear()  # a fresh window for the budgets of every run
    counts = {"frames": 0, "resets": 0}
    stop = asyncio.Event()
    storm = [asyncio.create_task(attacker(stop, counts)) for _ in range(attackers)]
    times = await pings(seconds)
    stop.set()
    await asyncio.gather(*storm)
    p95 = sorted(times)[max(0, round(0.95 * (len(times) - 1)))]
    print(
        f"  {label:<28} ping p50 {statistics.median(times):7.1f} ms"
        f"  p95 {p95:7.1f} ms  max {max(times):7.1f} ms"
        f"  | replayed {counts['frames']:6d} frames, {counts['resets']:4d} resets"
    )


async def run(seconds: float, attackers: int) -> None:
    from django.conf import settings
    from django.test import override_settings

    print(
        f"live replay storm: {attackers} sockets re-subscribing with since=0 to "
        f"{EVENTS} events, {seconds:.0f} s per run, budgets "
        f"{settings.LIVE_REPLAY_BUDGET} per {settings.LIVE_REPLAY_PERIOD} s"
    )
    await measure("no storm", seconds, 0)
    await measure("storm, budgets on", seconds, attackers)
    unlimited = dict.fromkeys(settings.LIVE_REPLAY_BUDGET, 10**12)
    with override_settings(LIVE_REPLAY_BUDGET=unlimited):
        await measure("storm, budgets off (before)", seconds, attackers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--attackers", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as folder:
        setup_django(folder)
        asyncio.run(run(args.seconds, args.attackers))


if __name__ == "__main__":
    main()
