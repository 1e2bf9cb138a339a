"""Recruiting a citizen jury as organisers and residents do it: settings,
strata and quotas, the address list, the letters (their print run is
test_jury_letters), applying with a code or in the open stream, "Moje
wydarzenia", withdrawing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cms.accounts.roles import FACILITATORS
from events import services
from events.models import ApplicationStatus, JuryApplication, JuryInvitation
from events.services.jury import sample_positions

from .jury_factories import make_addresses, make_application, make_invitation, make_jury

pytestmark = pytest.mark.django_db


def url(name, jury, *args):
    return reverse(f"events:{name}", args=[jury.event_id, *args])


@pytest.fixture
def jury(facilitator):
    return make_jury(facilitators=[facilitator])


def _answers(jury, picks=None):
    """Form data choosing the first value of each stratum (or ``picks``)."""
    data = {}
    for stratum in jury.strata.prefetch_related("values"):
        values = list(stratum.values.all())
        wanted = (picks or {}).get(stratum.name, values[0].name)
        data[f"stratum_{stratum.pk}"] = next(v.pk for v in values if v.name == wanted)
    return data


def _apply_data(jury, code="", **extra):
    return {
        "code": code,
        "full_name": "Anna Mieszkanka",
        "email": "anna@example.org",
        "phone": "600 100 200",
        "address": "ul. Lipowa 7 m. 2",
        "consent": "on",
        **_answers(jury),
        **extra,
    }


# --- who may organise ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [("facilitator", 200), ("editor", 200), ("resident", 403), ("other", 403)],
)
def test_only_the_events_facilitators_and_editors_organise(
    client, jury, facilitator, editor, resident, make_user, who, status
):
    people = {
        "facilitator": facilitator,
        "editor": editor,
        "resident": resident,
        "other": make_user("other-f@example.org", groups=[FACILITATORS]),
    }
    client.force_login(people[who])
    for name in ("jury_organise", "jury_applications"):
        assert client.get(url(name, jury)).status_code == status
    response = client.post(url("jury_settings", jury), {"question": "Przejęte?"})
    assert response.status_code == status if status == 403 else True


def test_anonymous_visitors_are_refused_the_organisers_pages(client, jury):
    assert client.get(url("jury_organise", jury)).status_code == 403
    assert client.get(url("jury_applications", jury)).status_code == 403
    response = client.post(url("jury_sample", jury), {"size": 1})
    assert response.status_code == 403
    assert not JuryInvitation.objects.exists()


def test_services_refuse_a_resident_even_without_a_view(jury, resident):
    from django.core.exceptions import PermissionDenied

    make_addresses(jury, 5)
    with pytest.raises(PermissionDenied):
        services.jury_invitations_sample(jury=jury, user=resident, size=2)


def test_a_non_jury_event_has_no_organisers_page(client, facilitator):
    from .registration_factories import make_event

    event = make_event(facilitators=[facilitator])
    client.force_login(facilitator)
    response = client.get(reverse("events:jury_organise", args=[event.pk]))
    assert response.status_code == 404


# --- settings, strata, quotas -------------------------------------------------------
def test_organiser_saves_the_settings(client, jury, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("jury_settings", jury),
        {
            "question": "Jak zazielenić rynek?",
            "panel_size": 40,
            "reserve_size": 8,
            "threshold_percent": 75,
            "abstentions_count": "",
            "applications_open_at": "2030-05-01T10:00",
            "applications_close_at": "2030-04-01T10:00",
            "consent_text": "Zgoda.",
        },
    )
    assert response.status_code == 400
    assert "Zgłoszenia muszą się zamykać po otwarciu." in response.content.decode()
    response = client.post(
        url("jury_settings", jury),
        {
            "question": "Jak zazielenić rynek?",
            "panel_size": 40,
            "reserve_size": 8,
            "threshold_percent": 75,
            "applications_open_at": "2030-04-01T10:00",
            "applications_close_at": "2030-05-01T10:00",
            "consent_text": "Zgoda.",
        },
    )
    assert response.status_code == 302
    jury.refresh_from_db()
    assert (jury.panel_size, jury.threshold_percent, jury.abstentions_count) == (
        40,
        75,
        False,
    )


def test_a_feature_needs_shares_that_add_up(client, jury, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("jury_stratum_add", jury),
        {"name": "Dzielnica", "values": "Centrum; 50\nPółnoc; 30"},
    )
    assert response.status_code == 400
    assert "Udziały sumują się do 80.00 %, a nie do 100 %." in response.content.decode()
    response = client.post(
        url("jury_stratum_add", jury),
        {"name": "Dzielnica", "values": "Centrum; 50\nPółnoc; 30,5\nPołudnie; 19,5"},
    )
    assert response.status_code == 302
    stratum = jury.strata.get(name="Dzielnica")
    assert [(v.name, float(v.population_share)) for v in stratum.values.all()] == [
        ("Centrum", 50.0),
        ("Północ", 30.5),
        ("Południe", 19.5),
    ]


def test_quotas_derive_from_shares_then_the_organiser_adjusts(
    client, jury, facilitator
):
    client.force_login(facilitator)
    response = client.post(url("jury_quotas", jury), {"derive": "1"})
    assert response.status_code == 302
    women = jury.strata.get(name="Płeć").values.get(name="kobieta")
    # 52 % of 6 seats: 3.12 expected seats.
    assert (women.min_seats, women.max_seats, women.adjusted) == (3, 4, False)
    data = {}
    for value in women.stratum.jury.strata.all():
        for v in value.values.all():
            data[f"min_{v.pk}"], data[f"max_{v.pk}"] = v.min_seats, v.max_seats
    data[f"min_{women.pk}"] = 5
    data[f"max_{women.pk}"] = 4
    response = client.post(url("jury_quotas", jury), data)
    assert response.status_code == 400
    assert "kobieta: minimum jest większe niż maksimum." in response.content.decode()
    data[f"min_{women.pk}"] = 2
    assert client.post(url("jury_quotas", jury), data).status_code == 302
    women.refresh_from_db()
    assert (women.min_seats, women.max_seats, women.adjusted) == (2, 4, True)


def test_features_are_fixed_once_residents_apply(client, jury, facilitator, resident):
    make_application(jury, resident)
    client.force_login(facilitator)
    stratum = jury.strata.first()
    response = client.post(
        url("jury_stratum_edit", jury, stratum.pk),
        {"name": "Płeć", "values": "kobieta; 50\nmężczyzna; 50"},
    )
    assert response.status_code == 400
    assert "nie mogą się już zmienić" in response.content.decode()


# --- the address list and the letters -----------------------------------------------
def _csv(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("adresy.csv", text.encode(encoding), "text/csv")


def test_address_list_upload_reads_polish_excel_csv(client, jury, facilitator):
    client.force_login(facilitator)
    body = "Adres;Kod pocztowy;Miejscowość\nul. Źródlana 5;00-950;Przykładowo\n"
    body += "ul. Łąkowa 1/3;00-951;Przykładowo\n\n"
    response = client.post(
        url("jury_addresses", jury), {"file": _csv(body, "cp1250")}, follow=True
    )
    assert "Zapisano listę adresów: 2 adresy." in response.content.decode()
    assert list(jury.addresses.values_list("number", "street", "town")) == [
        (1, "ul. Źródlana 5", "Przykładowo"),
        (2, "ul. Łąkowa 1/3", "Przykładowo"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("ulica_x,kod\nLipowa 1,00-950\n", "Pierwszy wiersz musi nazywać kolumny"),
        (
            "adres,kod_pocztowy\nul. Lipowa 1,00-950\n,00-951\n",
            "Wiersz 3: adres jest pusty.",
        ),
        ("adres\n", "Plik nie ma adresów poniżej pierwszego wiersza."),
    ],
)
def test_address_list_errors_name_the_problem(client, jury, facilitator, body, message):
    client.force_login(facilitator)
    response = client.post(url("jury_addresses", jury), {"file": _csv(body)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not jury.addresses.exists()


def test_address_list_has_a_size_limit(client, jury, facilitator, settings):
    settings.JURY_ADDRESS_LIST_MAX_BYTES = 1024 * 1024
    client.force_login(facilitator)
    body = "adres\n" + "ul. Lipowa 1\n" * 90_000
    response = client.post(url("jury_addresses", jury), {"file": _csv(body)})
    assert response.status_code == 400
    assert "Plik jest za duży: najwyżej 1 MB." in response.content.decode()


def test_the_letters_sample_is_reproducible_from_the_seed(client, jury, facilitator):
    make_addresses(jury, 50)
    client.force_login(facilitator)
    response = client.post(url("jury_sample", jury), {"size": 10})
    assert response.status_code == 302
    letters = list(jury.invitations.select_related("address").order_by("number"))
    assert [i.address.number for i in letters] == sample_positions(
        jury.sample_seed, 50, 10
    )
    assert sample_positions(jury.sample_seed, 50, 10) == sample_positions(
        jury.sample_seed, 50, 10
    )
    assert sample_positions("another seed", 50, 10) != sample_positions(
        jury.sample_seed, 50, 10
    )
    codes = {i.code for i in letters}
    assert len(codes) == 10 and all(len(c) == 10 and c.isalnum() for c in codes)
    # Once only: the letters are in the post.
    response = client.post(url("jury_sample", jury), {"size": 10})
    assert response.status_code == 400
    assert jury.invitations.count() == 10


# --- applying -----------------------------------------------------------------------
def test_a_resident_applies_with_the_code_from_the_letter(client, jury, resident):
    invitation = make_invitation(jury)
    client.force_login(resident)
    page = client.get(url("jury_apply", jury), {"kod": invitation.code.lower()})
    html = page.content.decode()
    assert jury.consent_text in html
    assert f'value="{invitation.code[:5]}-{invitation.code[5:]}"' in html
    response = client.post(
        url("jury_apply", jury),
        _apply_data(jury, code=f"{invitation.code[:5]}-{invitation.code[5:]}".lower()),
    )
    assert response.status_code == 302
    application = JuryApplication.objects.get(user=resident)
    assert application.invitation == invitation and application.stream == "code"
    assert len(application.number) == 6 and application.number.isdigit()
    assert application.household_key and "lipowa" not in application.household_key
    assert application.answers.count() == 2
    # "Moje wydarzenia" shows it, with a way to withdraw.
    mine = client.get(reverse("my_events")).content.decode()
    assert application.number in mine
    assert url("jury_withdraw", jury) in mine


def test_a_code_serves_one_application(client, jury, resident, neighbour):
    invitation = make_invitation(jury)
    make_application(jury, neighbour, invitation=invitation)
    client.force_login(resident)
    response = client.post(
        url("jury_apply", jury), _apply_data(jury, code=invitation.code)
    )
    assert response.status_code == 400
    assert "Ktoś już zgłosił się z tym kodem." in response.content.decode()


def test_a_wrong_code_is_refused_and_guessing_is_limited(
    client, jury, resident, write_limit
):
    write_limit("jury_code", 3, 3600)
    client.force_login(resident)
    for _attempt in range(3):
        response = client.post(
            url("jury_apply", jury), _apply_data(jury, code="ABCDE23456")
        )
        assert response.status_code == 400
        assert "Ten kod nie pochodzi z listów tego panelu." in response.content.decode()
    response = client.post(
        url("jury_apply", jury), _apply_data(jury, code="ABCDE23457")
    )
    assert response.status_code == 429
    assert not JuryApplication.objects.exists()


def test_without_a_code_only_when_open_applications_are_allowed(client, jury, resident):
    client.force_login(resident)
    response = client.post(url("jury_apply", jury), _apply_data(jury))
    assert response.status_code == 400
    assert "Wpisz kod z listu." in response.content.decode()
    jury.open_applications = True
    jury.save()
    response = client.post(url("jury_apply", jury), _apply_data(jury))
    assert response.status_code == 302
    assert JuryApplication.objects.get(user=resident).stream == "open"


def test_every_question_and_the_consent_are_required(client, jury, resident):
    invitation = make_invitation(jury)
    client.force_login(resident)
    data = _apply_data(jury, code=invitation.code)
    del data["consent"]
    data.pop(next(k for k in data if k.startswith("stratum_")))
    response = client.post(url("jury_apply", jury), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Wybierz jedną z odpowiedzi." in html
    assert "Aby się zgłosić, wyraź zgodę na przetwarzanie danych." in html


def test_applications_keep_their_dates(client, jury, resident):
    client.force_login(resident)
    jury.applications_close_at = timezone.now() - timedelta(minutes=1)
    jury.applications_open_at = timezone.now() - timedelta(days=3)
    jury.save()
    response = client.get(url("jury_apply", jury))
    assert response.status_code == 403
    assert "Zgłoszenia są zamknięte." in response.content.decode()
    jury.applications_open_at = timezone.now() + timedelta(days=1)
    jury.applications_close_at = timezone.now() + timedelta(days=3)
    jury.save()
    assert (
        "Zgłoszenia jeszcze się nie rozpoczęły."
        in client.get(url("jury_apply", jury)).content.decode()
    )


def test_anonymous_visitors_are_sent_to_log_in(client, jury):
    response = client.get(url("jury_apply", jury))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_applicant_withdraws(client, jury, resident):
    application = make_application(jury, resident)
    client.force_login(resident)
    assert client.get(url("jury_withdraw", jury)).status_code == 200
    response = client.post(url("jury_withdraw", jury))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # …and may apply again.
    jury.open_applications = True
    jury.save()
    assert client.post(url("jury_apply", jury), _apply_data(jury)).status_code == 302


def test_the_applicant_list_shows_contact_details_in_constant_queries(
    client, jury, facilitator, make_user, django_assert_max_num_queries
):
    for n in range(3):
        make_application(jury, make_user(f"a{n}@example.org"))
    client.force_login(facilitator)
    client.get(url("jury_applications", jury))  # warm the user's facts
    with django_assert_max_num_queries(25) as few:
        client.get(url("jury_applications", jury))
    for n in range(3, 15):
        make_application(jury, make_user(f"a{n}@example.org"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url("jury_applications", jury)).content.decode()
    assert "a14@example.org" in html
