"""``seed_demo`` builds the events section: four events with dates relative
to today that agree with the consultations, registrations on top; run twice it
changes nothing, and it never sends an e-mail."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from cms.management.commands import seed_demo
from consultations.models import ConsultationPage
from events.jury_grouping import plan_groups
from events.models import (
    EventAgendaItem,
    EventFacilitator,
    EventIndexPage,
    EventKind,
    EventPage,
    JuryApplication,
    JuryGroupMember,
    JurySeat,
    Registration,
)
from events.selectors import event_places
from events.services.jury_groups import seated_jurors

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "events": EventPage.objects.count(),
        "agenda": EventAgendaItem.objects.count(),
        "facilitators": EventFacilitator.objects.count(),
        "registrations": Registration.objects.count(),
        "jury_applications": JuryApplication.objects.count(),
        "jury_seats": JurySeat.objects.count(),
        "jury_group_members": JuryGroupMember.objects.count(),
        "sequences": sorted(EventPage.objects.values_list("ical_sequence", flat=True)),
    }


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_events_twice_the_same_without_mail(
    settings, tmp_path, django_capture_on_commit_callbacks, client, monkeypatch
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The other apps first, on their own: the consultations' demo mails its
    # commenters when its callbacks run, which is not the events' doing.
    with monkeypatch.context() as patch:
        patch.setattr(seed_demo, "APP_SEEDERS", ["consultations.demo"])
        seed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = seed()
    assert "created  event kawiarenka-program-wspolpracy-2027" in output
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    assert counts() == first
    assert "created  event" not in output
    assert callbacks and mail.outbox == []

    index = EventIndexPage.objects.get()
    assert index.url == "/wydarzenia/" and index.live
    now = timezone.now()
    events = {e.slug: e for e in EventPage.objects.live().child_of(index)}
    assert len(events) == 5
    cafe = events["kawiarenka-program-wspolpracy-2027"]
    past_cafe = events["kawiarenka-priorytety-wspolpracy"]
    breakfast = events["sniadanie-obywatelskie-lipnik"]
    meeting = events["spotkanie-otwarte-place-zabaw"]
    programme = ConsultationPage.objects.get(slug="program-wspolpracy-2027")

    assert cafe.kind == past_cafe.kind == EventKind.CAFE
    assert cafe.consultation_id == past_cafe.consultation_id == programme.pk
    # The café falls while the programme takes comments; the past one too.
    assert programme.opens_at < past_cafe.starts_at < now < cafe.starts_at
    assert cafe.ends_at < programme.closes_at
    assert cafe.registration_is_open()
    assert cafe.agenda_items.count() == 6
    assert [f.user.email for f in cafe.facilitators.all()] == [
        "facilitator@example.org"
    ]
    assert breakfast.starts_at > now
    places = event_places(breakfast)
    assert places.free == 0 and places.waiting == 3
    assert meeting.kind == EventKind.OPEN_MEETING and meeting.is_past()
    assert meeting.minutes and meeting.minutes_document is not None
    assert meeting.registrations.filter(checked_in_at__isnull=False).count() == 8

    assert_demo_jury(events["panel-obywatelski-zielen"], tmp_path)

    # The navigation's "Wydarzenia" leads to the index, which lists them.
    home = client.get("/")
    assert 'href="/wydarzenia/">Wydarzenia</a>' in home.content.decode()
    content = client.get("/wydarzenia/").content.decode()
    assert cafe.title in content and breakfast.title in content
    assert "Brak miejsc — lista rezerwowa" in content


def assert_demo_jury(event, tmp_path):
    """The demo jury: 80 applicants, drawn for real into 24 jurors and 6
    reserves meeting every quota, one person per household, and its published
    files confirmed by ``jury_verify``."""
    jury = event.jury
    assert event.kind == EventKind.JURY and event.is_past()
    applications = list(jury.applications.prefetch_related("answers__value"))
    assert len(applications) == 80
    assert {a.user.email for a in applications} >= {"resident@example.org"}
    draw = jury.draw
    assert draw.status == "done", draw.message
    seats = list(jury.seats.select_related("application"))
    panel = [s.application for s in seats if s.role == "panel"]
    assert len(panel) == 24 and len(seats) == 30
    households = [a.household_key for a in panel]
    assert len(set(households)) == len(households)
    for stratum in jury.strata.prefetch_related("values"):
        assert sum(value.population_share for value in stratum.values.all()) == 100
        for value in stratum.values.all():
            seated = sum(
                1 for a in panel for answer in a.answers.all() if answer.value == value
            )
            assert value.min_seats <= seated <= value.max_seats, (value.name, seated)
    # Six recommendations voted in secret: four pass, each answered by the mayor.
    recommendations = list(
        jury.recommendations.select_related("tally", "response").order_by("number")
    )
    assert [r.passed for r in recommendations] == [True, True, True, False, True, False]
    assert all(
        r.tally.yes + r.tally.no + r.tally.abstain == 24 for r in recommendations
    )
    assert all(r.response.reasoning for r in recommendations)
    assert event.agenda_items.exclude(speaker_affiliation="").count() == 2
    # The small-group discussion: the 24 jurors in four named groups of six,
    # from the published seed, which gives the same groups again.
    split = jury.group_splits.select_related("agenda_item").get()
    assert split.agenda_item.title == "Dyskusja w małych grupach"
    assert split.seed == "zielen-przykladowo-grupy"
    groups = list(split.groups.prefetch_related("members"))
    assert [g.name for g in groups] == [
        "Drzewa",
        "Woda deszczowa",
        "Łąki i trawniki",
        "Ogrody społeczne",
    ]
    assert [g.members.count() for g in groups] == [6, 6, 6, 6]
    placed = {m.seat.application_id for g in groups for m in g.members.all()}
    assert placed == {a.pk for a in panel}
    jurors = seated_jurors(jury)
    plan = plan_groups(jurors, 4, seed=split.seed)
    assert [sorted(g) for g in plan] == [
        sorted(m.seat_id for m in g.members.all()) for g in groups
    ]
    folder = tmp_path / "protocol"
    folder.mkdir()
    for file in draw.files.all():
        (folder / file.name).write_bytes(bytes(file.content))
    out = io.StringIO()
    call_command("jury_verify", str(folder), stdout=out)
    assert "Losowanie zostało potwierdzone." in out.getvalue()
