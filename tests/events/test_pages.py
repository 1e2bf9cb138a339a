"""The event pages as people see them: the index with its filters and free
places, one event (agenda, materials, facilitators, online link, minutes,
attendance, cancellation), the home page's section and a consultation's
events; query counts that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.accounts.roles import FACILITATORS
from cms.models import PublicDocument
from events.models import (
    EventAgendaItem,
    EventFormat,
    EventKind,
    Registration,
    RegistrationStatus,
)
from events.services.registration import new_code
from tests.consultations.factories import make_consultation, site_home

from .registration_factories import event_index, make_event

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def fill(event, count: int, *, make_user, status=RegistrationStatus.CONFIRMED):
    """``count`` registrations for ``event``, written directly (fast)."""
    start = Registration.objects.filter(event=event).count()
    rows = []
    for i in range(start, start + count):
        user = make_user(f"p{event.pk}-{i}@example.org")
        confirmed = status == RegistrationStatus.CONFIRMED
        rows.append(
            Registration(
                event=event,
                user=user,
                code=new_code(),
                status=status,
                place=i + 1 if confirmed else None,
            )
        )
    Registration.objects.bulk_create(rows)


def listed(content: str, title: str) -> bool:
    """The event's card is on the page (its title as a link)."""
    return f">{title}</a>" in content


def document(title="Program spotkania"):
    return PublicDocument.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4", name="program.pdf")
    )


def past_event(title="Spotkanie otwarte", days=10, **fields):
    event = make_event(title, starts_in=-timedelta(days=days), **fields)
    return event


# --- the index --------------------------------------------------------------------
def test_index_lists_upcoming_events_with_free_places(client, make_user):
    breakfast = make_event("Śniadanie obywatelskie", capacity=5, reserved_places=1)
    fill(breakfast, 2, make_user=make_user)
    full = make_event("Pełna kawiarenka", kind=EventKind.CAFE, capacity=1)
    fill(full, 1, make_user=make_user)
    past_event("Dawne spotkanie")
    content = html(client.get(event_index().url))
    assert "Śniadanie obywatelskie" in content
    assert "Zostały 2 miejsca" in content
    assert "Brak miejsc — lista rezerwowa" in content
    assert "Dawne spotkanie" not in content
    assert "2 wydarzenia" in content


def test_past_tab_lists_past_events_latest_first(client):
    past_event("Starsze", days=20)
    past_event("Nowsze", days=5)
    make_event("Przyszłe")
    content = html(client.get(event_index().url, {"when": "past"}))
    assert "Przyszłe" not in content
    assert content.index("Nowsze") < content.index("Starsze")
    assert 'aria-current="page">Minione' in content


def test_filters_by_kind_district_consultation_and_month(client):
    consultation = make_consultation(title="Program współpracy")
    make_event(
        "Kawiarenka przy stolikach",
        kind=EventKind.CAFE,
        district="Osiedle Kwiatowe",
        consultation=consultation,
    )
    make_event("Śniadanie z radnymi", kind=EventKind.BREAKFAST, district="Lipnik")
    later = make_event(
        "Warsztat o budżecie", kind=EventKind.WORKSHOP, starts_in=timedelta(days=70)
    )
    url = event_index().url

    content = html(client.get(url, {"kind": "cafe"}))
    assert listed(content, "Kawiarenka przy stolikach")
    assert not listed(content, "Śniadanie z radnymi")
    content = html(client.get(url, {"district": "Osiedle Kwiatowe"}))
    assert listed(content, "Kawiarenka przy stolikach")
    assert not listed(content, "Śniadanie z radnymi")
    content = html(client.get(url, {"consultation": consultation.pk}))
    assert listed(content, "Kawiarenka przy stolikach")
    assert not listed(content, "Warsztat o budżecie")
    month = timezone.localtime(later.starts_at).strftime("%Y-%m")
    content = html(client.get(url, {"month": month}))
    assert listed(content, "Warsztat o budżecie")
    assert not listed(content, "Kawiarenka przy stolikach")
    assert f'<option value="{month}" selected>' in content
    # The options offered: the consultation, both districts.
    assert f'<option value="{consultation.pk}"' in content
    assert '<option value="Lipnik"' in content


def test_unknown_filter_values_show_everything(client):
    make_event("Kawiarenka", kind=EventKind.CAFE)
    for params in (
        {"kind": "conference"},  # not a kind (the jury became one)
        {"month": "2026-13"},
        {"consultation": "²"},
        {"district": "<script>"},
        {"when": "soon"},
        {"page": "x"},
    ):
        assert listed(html(client.get(event_index().url, params)), "Kawiarenka")


def test_index_paginates_and_keeps_filters(client):
    for i in range(12):
        make_event(
            f"Kawiarenka {i}", kind=EventKind.CAFE, starts_in=timedelta(days=i + 1)
        )
    content = html(client.get(event_index().url, {"kind": "cafe"}))
    assert listed(content, "Kawiarenka 9") and not listed(content, "Kawiarenka 10")
    assert 'href="?kind=cafe&amp;page=2"' in content
    content = html(client.get(event_index().url, {"kind": "cafe", "page": 2}))
    assert listed(content, "Kawiarenka 11")


def test_index_lists_no_private_or_draft_event(client, resident):
    hidden = make_event("Tajne spotkanie")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    draft = make_event("Szkic")
    draft.unpublish()
    client.force_login(resident)
    content = html(client.get(event_index().url))
    assert "Tajne spotkanie" not in content and "Szkic" not in content


def test_index_query_count_does_not_grow_with_events(
    client, make_user, django_assert_max_num_queries
):
    consultation = make_consultation(title="Program")
    make_event("Jedno", consultation=consultation, district="Lipnik")
    with CaptureQueriesContext(connection) as small:
        html(client.get(event_index().url))
    for i in range(9):
        event = make_event(
            f"Kolejne {i}", capacity=10, consultation=consultation, district=f"D{i}"
        )
        fill(event, 3, make_user=make_user)
    with django_assert_max_num_queries(len(small)):
        content = html(client.get(event_index().url))
    assert "Kolejne 8" in content


# --- one event --------------------------------------------------------------------
@pytest.fixture
def event(facilitator):
    event = make_event(
        "Kawiarenka obywatelska",
        kind=EventKind.CAFE,
        format=EventFormat.HYBRID,
        capacity=10,
        online_url="https://meet.example.org/kawiarenka",
        accessibility="Wejście bez progów, pętla indukcyjna.",
        district="Osiedle Kwiatowe",
        facilitators=[facilitator],
    )
    EventAgendaItem.objects.create(
        page=event,
        title="Powitanie",
        planned_minutes=15,
        speaker="Wójt Gminy",
        sort_order=0,
    )
    EventAgendaItem.objects.create(
        page=event,
        title="Rozmowy przy stolikach",
        planned_minutes=60,
        materials=[("document", document())],
        sort_order=1,
    )
    return event


def test_event_page_shows_the_agenda_with_times_and_materials(client, event):
    content = html(client.get(event.url))
    start = timezone.localtime(event.starts_at)
    second = start + timedelta(minutes=15)
    assert "Kawiarenka obywatelska" in content
    assert '<span class="badge badge-kind">Kawiarenka obywatelska</span>' in content
    assert ">Hybrydowo</span>" in content
    assert f">{start:%H:%M}</time>" in content
    assert f">{second:%H:%M}</time>" in content
    assert "Wójt Gminy" in content
    assert ">Program spotkania</a>" in content
    assert "Wejście bez progów, pętla indukcyjna." in content
    assert "Filip" in content  # the facilitator
    assert "Dodaj do kalendarza" in content


@pytest.mark.parametrize(
    "who, sees",
    [
        ("anonymous", False),
        ("resident", False),
        ("waiting", False),
        ("confirmed", True),
        ("facilitator", True),
    ],
)
def test_online_link_only_for_confirmed_people_and_facilitators(
    client, event, resident, facilitator, who, sees
):
    if who in ("waiting", "confirmed"):
        Registration.objects.create(
            event=event,
            user=resident,
            code=new_code(),
            status=RegistrationStatus.CONFIRMED
            if who == "confirmed"
            else RegistrationStatus.WAITING,
            place=1 if who == "confirmed" else None,
        )
    if who == "facilitator":
        client.force_login(facilitator)
    elif who != "anonymous":
        client.force_login(resident)
    content = html(client.get(event.url))
    assert ("https://meet.example.org/kawiarenka" in content) is sees
    if not sees:
        assert "dla osób z potwierdzonym miejscem" in content


def test_cancelled_event_shows_the_banner_and_no_registration(client, event):
    event.cancelled_at = timezone.now()
    event.save()
    content = html(client.get(event.url))
    assert "To wydarzenie zostało odwołane." in content
    assert "Zapisz się</a>" not in content


def test_past_event_shows_minutes_document_and_attendance(client, make_user):
    minutes = document("Protokół ze spotkania")
    meeting = past_event(
        kind=EventKind.OPEN_MEETING,
        capacity=10,
        minutes="<p>Ustalono trzy priorytety.</p>",
        minutes_document=minutes,
    )
    fill(meeting, 5, make_user=make_user)
    Registration.objects.filter(event=meeting, place__lte=3).update(
        checked_in_at=timezone.now()
    )
    content = html(client.get(meeting.url))
    assert "Ustalono trzy priorytety." in content
    assert f'href="{minutes.url}">Protokół ze spotkania</a>' in content
    assert "Przyszły 3 osoby z 5 zapisanych." in content


def test_event_page_query_count_does_not_grow(
    client, event, make_user, facilitator, django_assert_max_num_queries
):
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as small:
        html(client.get(event.url))
    for i in range(15):
        EventAgendaItem.objects.create(
            page=event,
            title=f"Punkt {i}",
            materials=[("document", document(f"Materiał {i}"))] * 2,
            sort_order=i + 2,
        )
    for i in range(4):
        helper = make_user(f"f{i}@example.org", groups=[FACILITATORS])
        event.facilitators.create(user=helper)
    fill(event, 9, make_user=make_user)
    with django_assert_max_num_queries(len(small)):
        content = html(client.get(event.url))
    assert "Materiał 14" in content


def test_private_event_page_is_not_shown(client):
    hidden = make_event("Tajne")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(hidden.url)
    assert response.status_code == 302  # to the login page


# --- elsewhere ----------------------------------------------------------------------
def test_home_page_shows_the_next_events(client, make_user):
    for i in range(5):
        make_event(f"Spotkanie {i}", capacity=4, starts_in=timedelta(days=i + 1))
    past_event("Dawne")
    content = html(client.get(site_home().url))
    assert "Najbliższe wydarzenia" in content
    assert "Spotkanie 3" in content and "Spotkanie 4" not in content
    assert "Dawne" not in content
    assert "Zostały 4 miejsca" in content
    assert f'href="{event_index().url}">Wszystkie wydarzenia' in content


def test_consultation_lists_the_events_that_feed_it(client):
    consultation = make_consultation(title="Program współpracy")
    make_event("Kawiarenka o programie", kind=EventKind.CAFE, consultation=consultation)
    past_event("Spotkanie o programie", consultation=consultation)
    make_event("Inne spotkanie")
    content = html(client.get(consultation.url))
    assert "Powiązane wydarzenia" in content
    assert "Kawiarenka o programie" in content and "Spotkanie o programie" in content
    assert "Inne spotkanie" not in content
    assert content.index("Kawiarenka o programie") < content.index(
        "Spotkanie o programie"
    )
    assert "/zapisz/" in content


def test_past_event_shows_no_places_and_no_online_row(client, facilitator):
    meeting = past_event(
        format=EventFormat.HYBRID,
        online_url="https://meet.example.org/dawne",
        capacity=10,
        facilitators=[facilitator],
    )
    content = html(client.get(meeting.url))
    assert "Zostało 10 miejsc" not in content
    assert "dla osób z potwierdzonym miejscem" not in content
    client.force_login(facilitator)
    # The facilitators still reach the list (attendance) after the event.
    assert f'href="/wydarzenia/{meeting.pk}/zapisy/"' in html(client.get(meeting.url))


def test_consultation_query_count_does_not_grow_with_its_events(
    client, make_user, django_assert_max_num_queries
):
    consultation = make_consultation(title="Program współpracy")
    make_event("Pierwsze", consultation=consultation)
    with CaptureQueriesContext(connection) as small:
        html(client.get(consultation.url))
    for i in range(8):
        event = make_event(f"Kolejne {i}", consultation=consultation, capacity=6)
        fill(event, 2, make_user=make_user)
    with django_assert_max_num_queries(len(small)):
        content = html(client.get(consultation.url))
    assert listed(content, "Kolejne 7")


def test_cancelled_event_stays_listed_with_a_badge(client):
    make_event("Odwołane śniadanie", cancelled_at=timezone.now())
    content = html(client.get(event_index().url))
    assert listed(content, "Odwołane śniadanie")
    assert '<span class="badge badge-danger">Odwołane</span>' in content
    assert "Zapisz się</a>" not in content


def test_preview_of_an_event_not_saved_yet(rf, editor):
    from events.models import EventPage

    event_index()
    start = timezone.now() + timedelta(days=3)
    page = EventPage(
        title="Nowe spotkanie",
        slug="nowe",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=5,
    )
    page.agenda_items = [EventAgendaItem(title="Powitanie", planned_minutes=10)]
    request = rf.get("/")
    request.user = editor
    response = page.serve_preview(request, page.default_preview_mode)
    content = response.render().content.decode()
    assert "Nowe spotkanie" in content and "Powitanie" in content


def test_preview_of_a_saved_event_with_agenda(rf, editor, event):
    page = event.get_latest_revision_as_object()
    request = rf.get("/")
    request.user = editor
    response = page.serve_preview(request, page.default_preview_mode)
    content = response.render().content.decode()
    assert "Rozmowy przy stolikach" in content and ">Program spotkania</a>" in content


def test_empty_index_says_so(client):
    content = html(client.get(event_index().url))
    assert "Nie ma jeszcze zaplanowanych wydarzeń. Zajrzyj tu wkrótce." in content
    content = html(client.get(event_index().url, {"when": "past"}))
    assert "Nie ma jeszcze minionych wydarzeń." in content
