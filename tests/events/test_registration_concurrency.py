"""Many people registering and cancelling at the same moment, each request in
its own thread with its own database connection, on PostgreSQL (where requests
really run in parallel; SQLite serialises whole transactions, so the test is
skipped there). Run with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_reg``."""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from events import services
from events.models import Registration, RegistrationStatus

from .registration_factories import make_event

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel transactions need PostgreSQL",
    ),
]

CAPACITY = 5


def run_together(calls):
    """Starts every call at once (a barrier) and returns what each returned or
    raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[i] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def assert_places_consistent(event):
    rows = list(Registration.objects.filter(event=event))
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    assert len(confirmed) <= event.places_offered
    places = [r.place for r in confirmed]
    assert len(places) == len(set(places))
    assert set(places) <= set(range(1, event.places_offered + 1))
    live = Counter(r.user_id for r in rows if r.status != RegistrationStatus.CANCELLED)
    assert all(n == 1 for n in live.values())
    return rows


def test_simultaneous_registrations_never_overbook_or_double_register(make_user):
    event = make_event(capacity=CAPACITY)
    people = [make_user(f"rush{i}@example.org") for i in range(16)]
    # Everyone clicks twice at once: 32 requests in parallel.
    calls = [
        (lambda p=p: services.registration_create(event=event, user=p))
        for p in people
        for _ in range(2)
    ]

    results = run_together(calls)

    unexpected = [
        r
        for r in results
        if isinstance(r, Exception)
        and not (isinstance(r, ValidationError) and r.code == "already_registered")
    ]
    assert unexpected == []
    rows = assert_places_consistent(event)
    assert len(rows) == len(people)
    assert sum(r.status == "confirmed" for r in rows) == CAPACITY
    assert sum(r.status == "waiting" for r in rows) == len(people) - CAPACITY
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == len(people)


def test_simultaneous_cancellations_promote_each_waiting_person_once(make_user):
    event = make_event(capacity=CAPACITY)
    people = [make_user(f"queue{i}@example.org") for i in range(12)]
    regs = [services.registration_create(event=event, user=p) for p in people]
    holders = regs[:CAPACITY]

    # Every place holder cancels at once, while three newcomers register.
    newcomers = [make_user(f"late{i}@example.org") for i in range(3)]
    calls = [
        (lambda r=r: services.registration_cancel(registration=r, user=r.user))
        for r in holders
    ] + [
        (lambda p=p: services.registration_create(event=event, user=p))
        for p in newcomers
    ]

    results = run_together(calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = assert_places_consistent(event)
    by_pk = {r.pk: r for r in rows}
    # The first five waiting (in the order they registered) got the places.
    promoted = regs[CAPACITY : 2 * CAPACITY]
    assert all(by_pk[r.pk].status == "confirmed" for r in promoted)
    assert all(by_pk[r.pk].promoted_at for r in promoted)
    # The rest of the queue, and every newcomer, still wait.
    still_waiting = regs[2 * CAPACITY :]
    assert all(by_pk[r.pk].status == "waiting" for r in still_waiting)
    assert all(r.status == "waiting" for r in rows if r.user in newcomers)
