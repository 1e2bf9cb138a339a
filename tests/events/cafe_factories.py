"""Builders for café tests: a café with its facilitator, confirmed
participants, tables and rounds, feeding an open consultation."""

from events import services
from events.models import EventKind

from .registration_factories import make_event


def make_cafe(*, facilitator, consultation=None, capacity=30, **fields):
    return make_event(
        "Kawiarenka o programie współpracy",
        kind=EventKind.CAFE,
        capacity=capacity,
        consultation=consultation,
        facilitators=[facilitator],
        **fields,
    )


def register_all(event, people):
    for person in people:
        services.registration_create(event=event, user=person, notify=False)


def set_up(event, facilitator, *, tables=3, size=4, rounds=3, hosts=()):
    made = []
    for n in range(tables):
        made.append(
            services.cafe_table_create(
                user=facilitator,
                event=event,
                topic=["Transport", "Kultura", "Sport", "Zieleń", "Seniorzy"][n % 5],
                size=size,
                host=hosts[n] if n < len(hosts) else None,
            )
        )
    made_rounds = [
        services.cafe_round_create(user=facilitator, event=event, duration_minutes=15)
        for _ in range(rounds)
    ]
    return made, made_rounds
