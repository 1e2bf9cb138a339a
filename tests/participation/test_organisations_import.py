"""CSV import of the municipality's spreadsheet: the preview reports every
bad row and saves nothing; confirming saves every row or none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.accounts.roles import OFFICIALS
from participation import organisation_import, services
from participation.models import (
    LegalForm,
    Organisation,
    OrganisationAction,
    OrganisationLogEntry,
)

GUS_NIP = "5260250972"
WARSZAWA_NIP = "5252248481"

HEADER = "Nazwa;Forma prawna;KRS;NIP;REGON;OPP;OPP od;Sfery;Dzielnica;E-mail"
GOOD_ROWS = [
    "Fundacja Las;fundacja;123456;526-025-09-72;000331501;tak;31.05.2020;18, 14;"
    "Osiedle Słoneczne;biuro@las.example.org",
    "Sąsiedzi z Lipowej;stowarzyszenie zwykłe;;;;nie;;13;Sołectwo Lipowa;",
    "KGW Dąbrowa;Koło Gospodyń Wiejskich;;5252248481;015259640;;;4 16;;",
]


def _csv(*rows, header=HEADER, bom=False, sep=";") -> bytes:
    text = "\n".join([header, *rows]).replace(";", sep) + "\n"
    return ("\ufeff" + text if bom else text).encode()


@pytest.fixture
def staff(make_user):
    return make_user("official@example.org", groups=[OFFICIALS])


def _upload(client, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("organisations:import"),
        {"file": SimpleUploadedFile("organizacje.csv", data, "text/csv")},
    )


@pytest.mark.django_db
def test_good_file_is_read_with_its_numbers_normalised():
    report = organisation_import.parse(_csv(*GOOD_ROWS))
    assert report.ok, [row.errors for row in report.rows]
    first, second, third = report.rows
    assert first.number == 2
    assert first.values["krs"] == "0000123456"
    assert first.values["nip"] == GUS_NIP
    assert first.values["is_public_benefit"] is True
    assert first.spheres == ["18", "14"]
    assert second.values["legal_form"] == LegalForm.ORDINARY_ASSOCIATION
    assert second.values["register"] == "starosta"
    assert third.values["legal_form"] == LegalForm.RURAL_HOUSEWIVES_CIRCLE
    assert third.spheres == ["4", "16"]


@pytest.mark.django_db
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("sep", [";", ","])
def test_utf8_with_or_without_bom_and_either_separator(bom, sep):
    rows = [row.replace("18, 14", "18 14") for row in GOOD_ROWS]
    report = organisation_import.parse(_csv(*rows, bom=bom, sep=sep))
    assert report.ok, report.errors + [r.errors for r in report.rows]
    assert report.rows[0].name == "Fundacja Las"
    assert report.rows[1].name == "Sąsiedzi z Lipowej"


@pytest.mark.django_db
def test_windows_1250_file_from_polish_excel_is_read():
    report = organisation_import.parse(
        "\n".join([HEADER, GOOD_ROWS[1]]).encode("cp1250")
    )
    assert report.ok
    assert report.rows[0].name == "Sąsiedzi z Lipowej"


@pytest.mark.django_db
def test_preview_reports_each_bad_row_and_saves_nothing(client, staff):
    Organisation.objects.create(name="Stara", slug="stara", krs="0000999999")
    rows = [
        *GOOD_ROWS,  # rows 2-4
        "Zły NIP;fundacja;;5260250973;;;;;;",  # row 5
        "Powtórka;fundacja;0000123456;;;;;;;",  # row 6: KRS of row 2
        "Już jest;fundacja;999999;;;;;;;",  # row 7: KRS in the database
        "Zwykłe z KRS;stowarzyszenie zwykłe;0000555555;;;;;;;",  # row 8
        ";fundacja;;;;;;99;;",  # row 9
    ]
    client.force_login(staff)
    response = _upload(client, _csv(*rows))
    assert response.status_code == 400
    text = response.content.decode()
    assert "wiersz 5: nieprawidłowy NIP" in text
    assert "wiersz 6: KRS powtórzony (wiersz 2)" in text
    assert "wiersz 7: KRS już w bazie (Stara)" in text
    assert "wiersz 8: stowarzyszenie zwykłe nie ma numeru KRS" in text
    assert "brak nazwy" in text and "nieznana sfera „99”" in text
    assert "Importuj wszystkie" not in text
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_confirm_saves_every_row_verified_and_logged(client, staff):
    client.force_login(staff)
    response = _upload(client, _csv(*GOOD_ROWS))
    assert response.status_code == 200
    assert "3 organizacje są gotowe do importu" in response.content.decode()
    assert Organisation.objects.count() == 0  # the preview saves nothing
    token = response.context["token"]
    response = client.post(reverse("organisations:import_confirm"), {"token": token})
    assert response.status_code == 302
    saved = Organisation.objects.order_by("name")
    assert [o.name for o in saved] == [
        "Fundacja Las",
        "KGW Dąbrowa",
        "Sąsiedzi z Lipowej",
    ]
    assert all(o.verified for o in saved)
    las = saved[0]
    assert sorted(las.spheres.values_list("sphere", flat=True)) == ["14", "18"]
    assert (
        OrganisationLogEntry.objects.filter(
            action=OrganisationAction.IMPORTED, actor=staff
        ).count()
        == 3
    )
    # The same token cannot import twice.
    again = client.post(reverse("organisations:import_confirm"), {"token": token})
    assert again.status_code == 400
    assert Organisation.objects.count() == 3


@pytest.mark.django_db
def test_confirm_saves_nothing_when_the_database_changed_since_the_preview(
    client, staff
):
    client.force_login(staff)
    token = _upload(client, _csv(*GOOD_ROWS)).context["token"]
    # Meanwhile someone registers the third row's NIP.
    Organisation.objects.create(name="Ktoś", slug="ktos", nip=WARSZAWA_NIP)
    response = client.post(reverse("organisations:import_confirm"), {"token": token})
    assert response.status_code == 400
    assert "NIP już w bazie (Ktoś)" in response.content.decode()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Ktoś"]


@pytest.mark.django_db
def test_service_refuses_a_file_with_errors_as_a_whole(staff):
    with pytest.raises(ValidationError):
        services.organisations_import(
            actor=staff, data=_csv(*GOOD_ROWS, "Zły;fundacja;;1234567890;;;;;;")
        )
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_file_without_name_column_or_not_text_is_refused(client, staff):
    client.force_login(staff)
    response = _upload(client, b"krs;nip\n0000123456;5260250972\n")
    assert "w tym „nazwa”" in response.content.decode()
    response = _upload(client, b"\xff\xfe\x00\x81\x8d\x90")
    assert response.status_code == 400
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "resident", "ngo"])
def test_only_staff_may_import(client, who, resident, ngo):
    if who != "anonymous":
        client.force_login({"resident": resident, "ngo": ngo}[who])
    assert client.get(reverse("organisations:import")).status_code == 403
    assert _upload(client, _csv(*GOOD_ROWS)).status_code == 403
    session = client.session
    session["participation.organisation_import"] = {"token": "t", "data": ""}
    session.save()
    response = client.post(reverse("organisations:import_confirm"), {"token": "t"})
    assert response.status_code == 403
    assert Organisation.objects.filter(name="Fundacja Las").count() == 0
