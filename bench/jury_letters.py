"""Citizen jury invitation letters: time and peak memory of one PDF batch.

Renders ``--letters`` letters (the jury's question, the steps, the code and a
QR code each; events/jury_letters.py on cms/pdf.py) without a database, and
prints the wall time, the time per letter, the PDF's size and the peak memory
Python allocated. ``JURY_LETTERS_PER_PDF`` is set from this figure so a batch
stays within a request.

    .venv/bin/python bench/jury_letters.py [--letters 200]
"""

import argparse
import logging
import os
import sys
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    # fontTools reports every font subset at INFO.
    logging.disable(logging.INFO)
    from django.utils import timezone, translation

    from events.jury_letters import letters_pdf

    translation.activate("pl")
    jury = SimpleNamespace(
        event=SimpleNamespace(title="Panel obywatelski: zieleń w Gminie Przykładowo"),
        event_id=1,
        question="Jak zazielenić centrum Gminy Przykładowo?",
        applications_close_at=timezone.now(),
    )
    invitations = [
        SimpleNamespace(
            number=n,
            code=f"ABCDE{n:05d}",
            address=SimpleNamespace(
                street=f"ul. Źródlana {n}", postal_code="00-950", town="Przykładowo"
            ),
        )
        for n in range(1, args.letters + 1)
    ]
    tracemalloc.start()
    started = time.perf_counter()
    body = letters_pdf(jury, invitations)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    print(
        f"{args.letters} letters: {elapsed:.1f} s "
        f"({1000 * elapsed / args.letters:.0f} ms a letter), "
        f"PDF {len(body) / 1e6:.2f} MB, peak Python memory {peak / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    main()
