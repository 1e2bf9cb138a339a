"""Builders for live-session tests: an event with a facilitator, an agenda,
registered participants and guests."""

from django.test import Client

from events.models import EventAgendaItem, Registration, RegistrationStatus
from events.services import live as services
from events.services.registration import new_code
from tests.events.registration_factories import make_event


def live_event(facilitator, **fields):
    event = make_event(
        "Otwarte spotkanie", capacity=50, facilitators=[facilitator], **fields
    )
    EventAgendaItem.objects.create(
        page=event, title="Powitanie", planned_minutes=5, sort_order=0
    )
    EventAgendaItem.objects.create(
        page=event, title="Budżet", planned_minutes=20, speaker="Skarbnik", sort_order=1
    )
    services.live_session_ensure(event=event)
    return event


def register(user, event) -> Registration:
    place = Registration.objects.filter(event=event).count() + 1
    return Registration.objects.create(
        event=event,
        user=user,
        status=RegistrationStatus.CONFIRMED,
        place=place,
        code=new_code(),
    )


def guest_client(event) -> Client:
    """A browser let in with the join code (the facilitator allows guests)."""
    client = Client()
    session = event.live_session
    allowed = session.guests_allowed
    if not allowed:
        type(session).objects.filter(pk=session.pk).update(guests_allowed=True)
    response = client.post("/wydarzenia/dolacz/", {"kod": session.join_code})
    assert response.status_code == 302, response.content[:500]
    if not allowed:
        type(session).objects.filter(pk=session.pk).update(guests_allowed=False)
    return client
