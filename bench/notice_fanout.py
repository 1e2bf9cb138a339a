"""Publishing a new draft version to N followers: the request's share (a script,
not a test).

For each number of followers it builds one open consultation whose followers all
want e-mails (verified addresses), then publishes new versions of its draft act
through ``consultations.services.version_publish`` outside any transaction, as a
view does: the service commits and its on-commit callbacks run before it returns,
so the time measured is what the request spends. It prints, per size, the median
and max of ``--repeat`` publications: the request's time, its SQL queries and the
e-mails sent within it; and, where the code has background tasks
(``consultations.tasks``), the time ``manage.py db_worker --batch`` takes to send
the queued e-mails afterwards.

    .venv/bin/python bench/notice_fanout.py --followers 50,500 --repeat 3

Mail goes to Django's in-memory backend, so no SMTP round trip is counted: with a
real mail server, the e-mails sent in the request cost more still. On code without
``consultations.tasks`` (before the task queue) the e-mails are rendered and sent in
the request, and the script says so. A throwaway SQLite file in a temporary folder,
migrated first (~25 s), or with a PostgreSQL DATABASE_URL a database
``wspolnie_bench`` on that server, created and dropped.
"""

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from benchdb import setup_django, tear_down

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def add_followers(page, count: int, offset: int) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from consultations.models import ConsultationFollow

    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            username=f"bench-{offset + n}",
            email=f"obserwator{offset + n}@example.org",
            display_name=f"Obserwator {offset + n}",
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    ConsultationFollow.objects.bulk_create(
        ConsultationFollow(user=u, consultation=page) for u in users
    )


def run(sizes: list[int], repeat: int) -> None:
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from consultations import services
    from tests.consultations.factories import ACT_TEXT, act_editor, make_consultation

    # Looked up on disk: find_spec would also see an editable install's copy.
    queued = (Path(services.__file__).parent / "tasks.py").exists()
    mail.outbox = []
    rows = []
    # The services check their permission: publish as an editor, as the admin does.
    editor = act_editor()
    for index, size in enumerate(sizes):
        page = make_consultation(f"Konsultacja dla {size}", slug=f"k-{index}")
        add_followers(page, size, offset=sum(sizes[:index]))
        request, queries, in_request, worker, by_worker = [], [], [], [], []
        for n in range(repeat):
            version = services.draft_act_version_create_from_text(
                act=page.draft_act,
                text=ACT_TEXT.replace("co trzy dni", f"co {n + 2} dni"),
                note=f"Zmiana {n + 1}",
                user=editor,
            )
            mail.outbox = []
            # The real configuration: the database queue (the test settings'
            # immediate backend would run the task inside the request).
            with override_settings(TASKS=DATABASE_TASKS) if queued else _nothing():
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    services.version_publish(version=version, user=editor)
                    request.append(time.perf_counter() - start)
                queries.append(len(captured))
                in_request.append(len(mail.outbox))
                if queued:
                    start = time.perf_counter()
                    call_command(
                        "db_worker",
                        "--batch",
                        "--no-startup-delay",
                        "--no-reload",
                        verbosity=0,
                    )
                    worker.append(time.perf_counter() - start)
                    by_worker.append(len(mail.outbox) - in_request[-1])
        rows.append((size, request, queries, in_request, worker, by_worker))
    print_table(rows, queued, repeat)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values) * 1000:.0f} / {max(values) * 1000:.0f}"


def print_table(rows, queued: bool, repeat: int) -> None:
    from django.db import connection

    print(
        f"Django {__import__('django').get_version()}, Python "
        f"{platform.python_version()}, {connection.vendor}, {repeat} publications "
        "per size; times median / max in ms"
    )
    print(
        "code: e-mails "
        + (
            "queued, sent by the worker"
            if queued
            else "rendered and sent in the request (no task queue)"
        )
    )
    header = (
        f"{'followers':>9} | {'request ms':>12} | {'queries':>7} | "
        f"{'mails in request':>16} | {'worker ms':>12} | {'mails by worker':>15}"
    )
    print(header)
    print("-" * len(header))
    for size, request, queries, in_request, worker, by_worker in rows:
        print(
            f"{size:>9} | {_ms(request):>12} | {max(queries):>7} | "
            f"{max(in_request):>16} | {_ms(worker):>12} | "
            f"{(max(by_worker) if by_worker else '-'):>15}"
        )


def parse_sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--followers",
        type=parse_sizes,
        default=[50, 500],
        help="follower counts, comma-separated (default: 50,500)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="publications per size (default: 3)"
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="wspolnie-bench-") as folder:
        old_name = setup_django(folder)
        try:
            run(args.followers, args.repeat)
        finally:
            tear_down(old_name)


if __name__ == "__main__":
    main()
