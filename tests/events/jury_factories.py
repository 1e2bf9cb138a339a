"""Builders for jury tests: a jury event with strata, an address list,
invitations and applications."""

from datetime import timedelta

from django.utils import timezone

from events.models import (
    ApplicationStream,
    EventKind,
    JuryAddress,
    JuryAnswer,
    JuryApplication,
    JuryInvitation,
    JuryPanel,
    JuryStratum,
    JuryStratumValue,
)
from tests.events.registration_factories import make_event

STRATA = {
    "Płeć": {"kobieta": 52, "mężczyzna": 48},
    "Wiek": {"18–39": 35, "40–64": 40, "65+": 25},
}


def make_jury(
    title="Panel obywatelski: zieleń",
    *,
    facilitators=(),
    strata=STRATA,
    panel_size=6,
    reserve_size=2,
    open_applications=False,
    **fields,
) -> JuryPanel:
    """A published jury event; applications open now and close in a week."""
    event = make_event(
        title,
        kind=EventKind.JURY,
        capacity=0,
        starts_in=timedelta(days=30),
        facilitators=facilitators,
    )
    now = timezone.now()
    fields.setdefault("question", "Jak zazielenić centrum Gminy Przykładowo?")
    fields.setdefault("applications_open_at", now - timedelta(days=1))
    fields.setdefault("applications_close_at", now + timedelta(days=7))
    fields.setdefault(
        "consent_text",
        "Dane zbieramy do losowania panelu; przechowujemy je do końca panelu.",
    )
    jury = JuryPanel.objects.create(
        event=event,
        panel_size=panel_size,
        reserve_size=reserve_size,
        open_applications=open_applications,
        **fields,
    )
    for s_pos, (name, values) in enumerate(strata.items()):
        stratum = JuryStratum.objects.create(jury=jury, name=name, position=s_pos)
        for v_pos, (value, share) in enumerate(values.items()):
            JuryStratumValue.objects.create(
                stratum=stratum,
                name=value,
                population_share=share,
                min_seats=0,
                max_seats=panel_size,
                position=v_pos,
            )
    return jury


def make_addresses(jury: JuryPanel, count: int = 10) -> list[JuryAddress]:
    return JuryAddress.objects.bulk_create(
        JuryAddress(
            jury=jury,
            number=n,
            street=f"ul. Lipowa {n}",
            postal_code="00-950",
            town="Przykładowo",
        )
        for n in range(1, count + 1)
    )


def make_invitation(jury: JuryPanel, number: int = 1) -> JuryInvitation:
    address = JuryAddress.objects.create(
        jury=jury, number=1000 + number, street=f"ul. Klonowa {number}"
    )
    return JuryInvitation.objects.create(jury=jury, address=address, number=number)


def make_application(
    jury: JuryPanel,
    user=None,
    *,
    number=None,
    invitation=None,
    answers=None,
    address="ul. Lipowa 1",
    **fields,
) -> JuryApplication:
    """An application with the first value of each stratum unless ``answers``
    ({feature: value}) says otherwise."""
    count = jury.applications.count()
    fields.setdefault("full_name", getattr(user, "display_name", "") or "Jan Kowalski")
    fields.setdefault("email", getattr(user, "email", "") or "jan@example.org")
    application = JuryApplication.objects.create(
        jury=jury,
        user=user,
        number=number or f"{count + 1:04d}",
        stream=ApplicationStream.CODE if invitation else ApplicationStream.OPEN,
        invitation=invitation,
        address=address,
        household_key=address.lower(),
        **fields,
    )
    answers = answers or {}
    for stratum in jury.strata.prefetch_related("values"):
        values = list(stratum.values.all())
        wanted = answers.get(stratum.name, values[0].name)
        value = next(v for v in values if v.name == wanted)
        JuryAnswer.objects.create(application=application, stratum=stratum, value=value)
    return application
