"""Citizen jury invitation letters: the print run as the site runs it.

On a throwaway database (bench/benchdb.py) a jury gets ``--letters`` sampled
addresses with their codes; the organiser's "print the letters" service
queues the background task and the task (run here, as the worker would run
it) writes the ZIP of PDFs (``JURY_LETTERS_PER_PDF`` letters each) to the
private storage. Prints the task's wall time, the time per letter, the file's
size and PDF count, how many progress writes the bar got, and the peak memory
(this process's ru_maxrss, and how much the task added to it: it holds one
batch at a time, so that does not grow with the run).

    .venv/bin/python bench/jury_letters.py [--letters 2000] [--per-pdf 500]
"""

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import setup_django, tear_down  # noqa: E402


def run(letters: int, per_pdf: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from cms.accounts.roles import FACILITATORS
    from cms.tasks import tasks_held
    from events import services
    from events.models import JuryAddress, JuryLetterRun
    from events.services.jury_letters import jury_letters_run, letters_storage
    from tests.events.jury_factories import make_jury

    # fontTools reports every font subset at INFO.
    logging.disable(logging.INFO)
    translation.activate("pl")
    settings.JURY_LETTERS_PER_PDF = per_pdf
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    organiser = get_user_model().objects.create_user(
        email="organiser@example.org", password="x", display_name="Organizatorka"
    )
    organiser.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
    jury = make_jury(
        "Panel obywatelski: zieleń w Gminie Przykładowo", facilitators=[organiser]
    )
    JuryAddress.objects.bulk_create(
        JuryAddress(
            jury=jury,
            number=n,
            street=f"ul. Źródlana {n}",
            postal_code="00-950",
            town="Przykładowo",
        )
        for n in range(1, letters + 1)
    )
    services.jury_invitations_sample(jury=jury, user=organiser, size=letters)
    # The service queues the task on commit; here it is run by hand, timed.
    with tasks_held():
        queued = services.jury_letters_print(jury=jury, user=organiser)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        status = jury_letters_run(run_id=queued.pk, generation=queued.generation)
    elapsed = time.perf_counter() - started
    run = JuryLetterRun.objects.get(pk=queued.pk)
    assert status == "done", (status, run.message)
    progress_writes = sum(
        'SET "letters_done"' in q["sql"] for q in queries.captured_queries
    )
    size = letters_storage().size(run.file_name)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{letters} letters: {elapsed:.1f} s "
        f"({1000 * elapsed / letters:.0f} ms a letter), "
        f"{run.files_count} PDF(s) of up to {per_pdf} in "
        f"{run.file_name.rsplit('.', 1)[-1].upper()} {size / 1e6:.2f} MB, "
        f"{progress_writes} progress writes, peak memory {peak:.0f} MB "
        f"({peak - before:+.0f} MB over the migrated Django before the task); "
        f"10,000 letters at this rate: {10_000 * elapsed / letters / 60:.1f} min"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--per-pdf", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as folder:
        old_name = setup_django(folder)
        try:
            run(args.letters, args.per_pdf)
        finally:
            tear_down(old_name)


if __name__ == "__main__":
    main()
