"""Builders for tests of a jury's small groups: a jury event with a
deliberation agenda item and a panel whose jurors differ in gender and age."""

from django.utils import timezone

from events.models import EventAgendaItem, JurySeat, SeatRole
from tests.events.jury_factories import make_application, make_jury

GENDERS = ["kobieta", "mężczyzna"]
AGES = ["18–39", "40–64", "65+"]


def seat_for(jury, user, n, role=SeatRole.PANEL, *, rank=None) -> JurySeat:
    application = make_application(
        jury,
        user,
        number=f"{n:04d}",
        answers={"Płeć": GENDERS[n % 2], "Wiek": AGES[(n // 2) % 3]},
        address=f"ul. Lipowa {n}",
    )
    return JurySeat.objects.create(
        jury=jury,
        application=application,
        role=role,
        reserve_rank=rank,
        seated_at=timezone.now() if role == SeatRole.PANEL else None,
    )


def panel_with_groups_item(make_user, facilitator, *, jurors=12, reserves=2):
    """(jury, deliberation item, [juror seats], [reserve seats])."""
    jury = make_jury(facilitators=[facilitator], panel_size=jurors)
    item = EventAgendaItem.objects.create(
        page=jury.event, title="Dyskusja w małych grupach", sort_order=0
    )
    EventAgendaItem.objects.create(page=jury.event, title="Głosowanie", sort_order=1)
    seats = [
        seat_for(
            jury, make_user(f"juror{n}@example.org", display_name=f"Imię{n} K."), n
        )
        for n in range(1, jurors + 1)
    ]
    spare = [
        seat_for(
            jury,
            make_user(f"reserve{n}@example.org", display_name=f"Rezerwa{n} R."),
            100 + n,
            SeatRole.RESERVE,
            rank=n,
        )
        for n in range(1, reserves + 1)
    ]
    return jury, item, seats, spare
