"""Applicants' personal data: seen only by the jury's organisers, absent from
public pages, in the account's export, gone with the account, erased after
the jury ends apart from what the protocol needs."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.accounts.services import user_delete
from events.models import (
    JuryAddress,
    JuryApplication,
    JuryDraw,
    JuryInvitation,
    JurySeat,
    SeatRole,
)

from .jury_factories import make_application, make_invitation, make_jury

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Zofia Prywatna",
    "zofia.prywatna@example.org",
    "ul. Tajna 13",
    "601 234 567",
)


@pytest.fixture
def jury(facilitator):
    return make_jury(facilitators=[facilitator])


@pytest.fixture
def application(jury, resident):
    return make_application(
        jury,
        resident,
        invitation=make_invitation(jury),
        full_name=PERSONAL[0],
        email=PERSONAL[1],
        address=PERSONAL[2],
        phone=PERSONAL[3],
    )


def _drawn(jury, application):
    """The jury as after a draw: the applicant on the panel."""
    JuryDraw.objects.create(
        jury=jury, commitment="a" * 64, seed="b" * 64, status="done"
    )
    JurySeat.objects.create(jury=jury, application=application, role=SeatRole.PANEL)
    application.status = "selected"
    application.save()


@pytest.mark.parametrize("who", ["anonymous", "neighbour", "applicant"])
def test_public_pages_never_show_applicants_personal_data(
    client, jury, application, neighbour, resident, who
):
    _drawn(jury, application)
    if who == "neighbour":
        client.force_login(neighbour)
    elif who == "applicant":
        client.force_login(resident)
    page = client.get(jury.event.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert application.number in html  # the protocol's pool number…
    for value in PERSONAL:  # …and nothing that names the person
        assert value not in html
    for path in (reverse("events:feed"), reverse("events:ics", args=[jury.event_id])):
        body = client.get(path).content.decode()
        assert all(value not in body for value in PERSONAL)


def test_organisers_see_the_personal_data(client, jury, application, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("events:jury_applications", args=[jury.event_id]))
    for value in PERSONAL:
        assert value in html.content.decode()


def test_the_applicant_finds_the_application_in_the_data_export(
    client, application, resident
):
    client.force_login(resident)
    data = json.loads(client.get(reverse("account_data_export")).content)
    [entry] = data["jury_applications"]
    assert entry["pool_number"] == application.number
    assert (entry["full_name"], entry["email"], entry["address"], entry["phone"]) == (
        PERSONAL
    )
    assert entry["answers"] == {"Płeć": "kobieta", "Wiek": "18–39"}
    assert entry["stream"] == "code" and entry["status"] == "applied"


def test_account_deletion_removes_an_application_not_yet_drawn(application, resident):
    user_delete(user=resident)
    assert not JuryApplication.objects.filter(pk=application.pk).exists()


def test_account_deletion_after_the_draw_keeps_only_the_protocol(
    jury, application, resident
):
    _drawn(jury, application)
    user_delete(user=resident)
    application.refresh_from_db()
    assert application.user is None
    assert (application.full_name, application.email, application.address) == ("",) * 3
    assert application.phone == "" and application.household_key == ""
    # The protocol's pool number, features and seat stay.
    assert application.number and application.answers.count() == 2
    assert JurySeat.objects.filter(application=application).exists()


def test_erase_command_clears_personal_data_after_the_jury_ends(
    jury, application, settings
):
    _drawn(jury, application)
    settings.JURY_DATA_RETENTION_DAYS = 30
    event = jury.event
    event.starts_at = timezone.now() - timedelta(days=40)
    event.ends_at = event.starts_at + timedelta(hours=3)
    event.save()
    other = make_jury("Panel trwający")
    later = make_application(other, full_name="Jan Bieżący", address="ul. Nowa 1")

    call_command("events_erase_answers", stdout=open("/dev/null", "w"))  # noqa: SIM115

    application.refresh_from_db()
    assert application.personal_data_erased_at is not None
    assert application.user is None
    assert (application.full_name, application.email, application.phone) == ("",) * 3
    assert application.address == "" and application.household_key == ""
    assert application.answers.count() == 2 and application.number
    assert not JuryAddress.objects.filter(jury=jury).exists()
    assert not JuryInvitation.objects.filter(jury=jury).exists()
    jury.refresh_from_db()
    assert jury.personal_data_erased_at is not None
    # A jury still running keeps its applicants' data; a second run erases nothing.
    later.refresh_from_db()
    assert later.full_name == "Jan Bieżący"
    erased_at = application.personal_data_erased_at
    call_command("events_erase_answers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    application.refresh_from_db()
    assert application.personal_data_erased_at == erased_at


def test_public_page_query_count_does_not_grow_with_the_panel(
    client, jury, make_user, django_assert_max_num_queries
):
    JuryDraw.objects.create(
        jury=jury, commitment="a" * 64, seed="b" * 64, status="done"
    )

    def seat(n):
        application = make_application(jury, make_user(f"q{n}@example.org"))
        JurySeat.objects.create(jury=jury, application=application, role=SeatRole.PANEL)

    seat(0)
    client.get(jury.event.url)
    with django_assert_max_num_queries(60) as few:
        client.get(jury.event.url)
    for n in range(1, 12):
        seat(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(jury.event.url)
