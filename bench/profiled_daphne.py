"""Daphne under yappi (every thread: the event loop and the database thread),
for ``bench/event_live.py --profile FILE``: on SIGUSR1 (Twisted keeps
SIGTERM for itself) the stats are written to FILE (pstats format) and then
FILE.txt (the top functions by own and cumulative time); Daphne goes on until
it is stopped as usual. SIGUSR2 clears the stats (a phase begins)."""

import os
import signal
import sys

import yappi


def main() -> None:
    out = os.environ["BENCH_PROFILE"]
    yappi.set_clock_type("cpu")
    yappi.start(builtins=False, profile_threads=True)

    def stop(signum, frame):
        yappi.stop()
        stats = yappi.get_func_stats()
        stats.save(out, type="pstat")
        import pstats

        with open(out + ".tmp", "w") as text:
            p = pstats.Stats(out, stream=text)
            p.sort_stats("tottime").print_stats(40)
            p.sort_stats("cumulative").print_stats(60)
        os.replace(out + ".tmp", out + ".txt")

    signal.signal(signal.SIGUSR1, stop)
    # SIGUSR2: forget what was measured so far (a phase starts).
    signal.signal(signal.SIGUSR2, lambda signum, frame: yappi.clear_stats())
    from daphne.cli import CommandLineInterface

    sys.argv = ["daphne", *sys.argv[1:]]
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
