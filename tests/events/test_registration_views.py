"""Registration pages as people use them: the form, cancelling, "Moje
wydarzenia", the facilitators' list, check-in, the CSV, the data export."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cms.accounts.roles import FACILITATORS
from events import services
from events.models import Registration

from .registration_factories import make_event

pytestmark = pytest.mark.django_db


def url(name, event):
    return reverse(f"events:{name}", args=[event.pk])


@pytest.fixture
def event(facilitator):
    return make_event(
        capacity=2,
        ask_accessibility=True,
        ask_childcare=False,
        ask_dietary=True,
        facilitators=[facilitator],
    )


def register(event, user, **kw):
    return services.registration_create(event=event, user=user, **kw)


# --- the form ------------------------------------------------------------------------
def test_anonymous_visitor_is_sent_to_log_in(client, event):
    response = client.get(url("register", event))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_form_asks_only_the_events_questions(client, resident, event):
    client.force_login(resident)
    response = client.get(url("register", event))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Potrzeby związane z dostępnością" in html
    assert "Wymagania dietetyczne" in html
    assert "Opieka nad dziećmi" not in html
    assert 'name="on_behalf_of"' not in html
    assert "usuwamy je 30 dni po wydarzeniu" in html


def test_registering_shows_the_code_and_lands_on_my_events(client, resident, event):
    client.force_login(resident)
    response = client.post(
        url("register", event),
        {"accessibility_needs": "Tłumacz PJM", "dietary_needs": ""},
        follow=True,
    )
    registration = Registration.objects.get(user=resident)
    code = f"{registration.code[:4]}-{registration.code[4:]}"
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("my_events")
    assert f"Zapisano Cię. Twój kod to {code}" in html
    assert registration.accessibility_needs == "Tłumacz PJM"
    assert "Miejsce nr 1" in html and "<svg" in html


def test_too_long_answer_gets_a_polish_field_error(client, resident, event):
    client.force_login(resident)
    response = client.post(url("register", event), {"dietary_needs": "x" * 1001})
    assert response.status_code == 400
    assert "Ten tekst jest za długi" in response.content.decode()
    assert not Registration.objects.exists()


def test_second_registration_is_sent_to_my_events(client, resident, event):
    register(event, resident)
    client.force_login(resident)
    response = client.post(url("register", event), {}, follow=True)
    assert "Masz już zapis na to wydarzenie." in response.content.decode()
    assert Registration.objects.filter(user=resident).count() == 1


def test_full_event_offers_the_waiting_list(client, resident, neighbour, ngo, event):
    register(event, neighbour)
    register(event, ngo)
    client.force_login(resident)
    html = client.get(url("register", event)).content.decode()
    assert "Wszystkie miejsca są zajęte" in html
    assert "Zapisz się na listę rezerwową" in html
    response = client.post(url("register", event), {}, follow=True)
    assert "Brak wolnych miejsc: jesteś na liście rezerwowej" in (
        response.content.decode()
    )
    assert "Jesteś 1. na liście rezerwowej." in response.content.decode()


def test_closed_registration_says_why(client, resident, facilitator):
    closed = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(resident)
    response = client.get(url("register", closed))
    assert response.status_code == 403
    assert "Zapisy są zamknięte." in response.content.decode()


def test_ngo_representative_chooses_to_register_for_the_organisation(
    client, ngo, organisation, event
):
    client.force_login(ngo)
    html = client.get(url("register", event)).content.decode()
    assert "W imieniu: Fundacja Razem" in html
    client.post(url("register", event), {"on_behalf_of": str(organisation.pk)})
    assert Registration.objects.get(user=ngo).on_behalf_of == organisation


def test_rate_limited_registration_answers_429(client, resident, write_limit):
    write_limit("registration", 1)
    first, second = make_event("A"), make_event("B")
    client.force_login(resident)
    client.post(url("register", first), {})
    response = client.post(url("register", second), {})
    assert response.status_code == 429
    assert "Robisz to zbyt często." in response.content.decode()


# --- cancelling ----------------------------------------------------------------------
def test_cancel_asks_first_then_frees_the_place(client, resident, neighbour, event):
    mine = register(event, resident)
    register(event, neighbour)
    client.force_login(resident)
    confirm = client.get(url("cancel", event))
    assert "Zrezygnować z udziału?" in confirm.content.decode()
    mine.refresh_from_db()
    assert mine.status == "confirmed"
    response = client.post(url("cancel", event), follow=True)
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    assert "Zrezygnowano z udziału." in response.content.decode()


# --- Moje wydarzenia ----------------------------------------------------------------
def test_my_events_lists_places_waiting_and_attendance(
    client, resident, neighbour, ngo, facilitator, django_assert_max_num_queries
):
    full = make_event("Pełne śniadanie", capacity=1)
    register(full, neighbour)
    register(full, ngo)
    waiting = register(full, resident)
    placed = register(make_event("Kawiarenka"), resident)
    past = make_event("Spotkanie otwarte", facilitators=[facilitator])
    came = register(past, resident)
    services.registration_check_in(event=past, user=facilitator, code=came.code)
    past.starts_at = timezone.now() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=2)
    past.save()
    client.force_login(resident)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("my_events"))

    html = response.content.decode()
    assert "Jesteś 2. na liście rezerwowej." in html
    assert f"{placed.code[:4]}-{placed.code[4:]}" in html
    assert f"{waiting.code[:4]}-{waiting.code[4:]}" in html
    assert html.count('class="registration-qr"') == 2
    assert "Obecność potwierdzona" in html
    assert '<a href="/konto/moje-wydarzenia/">Moje wydarzenia</a>' in html


def test_my_events_query_count_does_not_grow(
    client, resident, make_user, django_assert_max_num_queries
):
    for i in range(6):
        register(make_event(f"E{i}"), resident)
    client.force_login(resident)
    with django_assert_max_num_queries(12):
        client.get(reverse("my_events"))


# --- facilitators --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["registrations", "registrations_csv", "check_in"])
def test_only_the_events_facilitators_see_the_list(
    client, event, resident, make_user, name
):
    register(event, resident, answers={"dietary_needs": "Bez glutenu"})
    # A facilitator, but of other events: the role alone does not open the list.
    other_facilitator = make_user("f2@example.org", groups=[FACILITATORS])
    for user in (resident, other_facilitator):
        client.force_login(user)
        response = client.get(url(name, event))
        assert response.status_code == 403
        assert "Bez glutenu" not in response.content.decode()
    client.logout()
    assert client.get(url(name, event)).status_code == 403


def test_unpublished_event_list_is_not_found(client, event, facilitator):
    event.unpublish()
    client.force_login(facilitator)
    assert client.get(url("registrations", event)).status_code == 404


def test_facilitator_list_shows_people_answers_and_waiting(
    client, event, facilitator, make_user, django_assert_max_num_queries
):
    people = [
        make_user(f"l{i}@example.org", display_name=f"Osoba {i}") for i in range(3)
    ]
    register(event, people[0], answers={"dietary_needs": "Wegańska"})
    register(event, people[1])
    register(event, people[2])
    client.force_login(facilitator)
    with django_assert_max_num_queries(14):
        response = client.get(url("registrations", event))
    html = response.content.decode()
    assert "Wegańska" in html and "l0@example.org" in html
    assert "Zajęte miejsca: 2 z 2" in html and "Lista rezerwowa: 1" in html
    assert "Opieka nad dziećmi" not in html  # not asked


def test_facilitator_list_query_count_is_constant(
    client, facilitator, make_user, django_assert_max_num_queries
):
    big = make_event(capacity=30, facilitators=[facilitator])
    for i in range(25):
        register(big, make_user(f"q{i}@example.org"))
    client.force_login(facilitator)
    with django_assert_max_num_queries(14):
        client.get(url("registrations", big))
    with django_assert_max_num_queries(10):
        client.get(url("registrations_csv", big))


def test_check_in_by_code_from_the_form(client, event, facilitator, resident):
    mine = register(event, resident)
    client.force_login(facilitator)
    response = client.post(
        url("check_in", event), {"code": mine.code.lower()}, follow=True
    )
    mine.refresh_from_db()
    assert mine.checked_in_at is not None and mine.checked_in_by == facilitator
    assert "Anna Mieszkanka: obecność potwierdzona." in response.content.decode()


def test_wrong_code_gets_a_polish_field_error(client, event, facilitator):
    client.force_login(facilitator)
    response = client.post(url("check_in", event), {"code": "ZZZZ-9999"})
    assert response.status_code == 400
    assert "Żadne zgłoszenie na to wydarzenie nie ma tego kodu." in (
        response.content.decode()
    )


def test_check_in_and_undo_from_the_list(client, event, facilitator, resident):
    mine = register(event, resident)
    client.force_login(facilitator)
    client.post(url("check_in", event), {"registration": mine.pk})
    mine.refresh_from_db()
    assert mine.checked_in_at is not None
    html = client.get(url("registrations", event)).content.decode()
    assert "Obecność od" in html
    client.post(url("check_in", event), {"registration": mine.pk, "undo": "1"})
    mine.refresh_from_db()
    assert mine.checked_in_at is None


def test_qr_link_opens_check_in_with_the_code_filled_in(
    client, event, facilitator, resident
):
    mine = register(event, resident)
    client.force_login(facilitator)
    response = client.get(url("check_in", event), {"kod": mine.code})
    html = response.content.decode()
    assert f'value="{mine.code[:4]}-{mine.code[4:]}"' in html
    assert "Zgłoszenie: Anna Mieszkanka" in html


def test_csv_is_utf8_with_bom_and_safe_from_formulas(
    client, event, facilitator, make_user
):
    attacker = make_user("evil@example.org", display_name='=HYPERLINK("x")')
    register(
        event,
        attacker,
        answers={"dietary_needs": "+1 bez laktozy", "accessibility_needs": "@SUM(1)"},
    )
    register(event, make_user("lodz@example.org", display_name="Łucja Żółć"))
    client.force_login(facilitator)
    response = client.get(url("registrations_csv", event))
    body = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Miejsce", "Status", "Imię i nazwisko"]
    assert "Wymagania dietetyczne" in rows[0]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("x")' in cells
    assert "'+1 bez laktozy" in cells and "'@SUM(1)" in cells
    assert "Łucja Żółć" in cells
    assert not any(cell[:1] in "=+-@\t\r" for cell in cells if cell)


# --- personal data -------------------------------------------------------------------
def render_box(event, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "events/includes/registration_box.html" %}')
    return template.render(RequestContext(request, {"page": event}))


def test_registration_box_shows_no_one_elses_data(
    event, resident, neighbour, anonymous
):
    register(event, neighbour, answers={"dietary_needs": "Bez orzechów"})
    for viewer in (resident, anonymous):
        html = render_box(event, viewer)
        assert "Bez orzechów" not in html
        assert neighbour.email not in html and "Bartek" not in html
        assert "Zostało 1 miejsce." in html


def test_registration_box_shows_my_own_registration(event, resident):
    mine = register(event, resident)
    html = render_box(event, resident)
    assert f"{mine.code[:4]}-{mine.code[4:]}" in html
    assert "Zrezygnuj z udziału" in html


def test_registration_box_invites_to_log_in(event, anonymous):
    html = render_box(event, anonymous)
    assert "Zaloguj się, aby się zapisać" in html


def test_registrations_are_in_the_data_export(client, resident, event):
    register(event, resident, answers={"dietary_needs": "Bezglutenowa"})
    client.force_login(resident)
    data = json.loads(client.get(reverse("account_data_export")).content)
    [entry] = data["event_registrations"]
    assert entry["event"] == event.title
    assert entry["dietary_needs"] == "Bezglutenowa"
    assert entry["status"] == "confirmed" and entry["place"] == 1


def test_empty_check_in_asks_for_the_code(client, event, facilitator):
    client.force_login(facilitator)
    response = client.post(url("check_in", event), {})
    assert response.status_code == 400
    assert "Wpisz kod zgłoszenia." in response.content.decode()


def test_registering_from_a_script_gets_json(client, resident, event):
    client.force_login(resident)
    response = client.post(
        url("register", event), {}, headers={"accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.json()["ok"] is True
    again = client.post(
        url("register", event), {}, headers={"accept": "application/json"}
    )
    assert "Masz już zapis" in again.json()["message"]
