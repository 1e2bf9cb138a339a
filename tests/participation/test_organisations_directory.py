"""The public directory: filters, statistics equal to the database, the CSV
export without personal data, an organisation's page, query counts that do
not grow with the organisations; registration by users and verification by
staff only."""

import csv
import io

import pytest
from django.db.models import Count
from django.urls import reverse

from cms.accounts.roles import OFFICIALS
from participation.identifiers import nip_check_digit, regon9_check_digit
from participation.models import (
    Comment,
    LegalForm,
    Organisation,
    OrganisationAction,
    OrganisationLogEntry,
    OrganisationMembership,
    OrganisationSphere,
)
from participation.selectors.organisations import (
    DirectoryFilters,
    organisation_statistics,
)

FORMS = [LegalForm.FOUNDATION, LegalForm.REGISTERED_ASSOCIATION, LegalForm.SPORTS_CLUB]
DISTRICTS = ["Osiedle Słoneczne", "Sołectwo Dąbrowa", ""]
SPHERES = ["1", "14", "17", "32a"]


def _nip(n: int) -> str:
    for k in range(n * 10, n * 10 + 10):
        first = f"{100000000 + k:09d}"
        check = nip_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise AssertionError


def _make(count: int, start: int = 0) -> list[Organisation]:
    made = []
    for i in range(start, start + count):
        regon8 = f"{20000000 + i:08d}"
        organisation = Organisation.objects.create(
            name=f"Organizacja {i:03d}",
            slug=f"organizacja-{i:03d}",
            legal_form=FORMS[i % 3],
            krs=f"{1000 + i:010d}",
            nip=_nip(i),
            regon=f"{regon8}{regon9_check_digit(regon8)}",
            is_public_benefit=i % 4 == 0,
            district=DISTRICTS[i % 3],
            email=f"prezes{i}@example.org",
            phone="600 100 200",
            verified=i % 5 != 0,
        )
        OrganisationSphere.objects.bulk_create(
            OrganisationSphere(organisation=organisation, sphere=s)
            for s in SPHERES[: 1 + i % 4]
        )
        made.append(organisation)
    return made


@pytest.fixture
def staff(make_user):
    return make_user("official@example.org", groups=[OFFICIALS])


def _names(response) -> list[str]:
    return [o.name for o in response.context["organisations"]]


@pytest.mark.django_db
def test_filters_select_what_the_database_holds(client):
    _make(12)
    url = reverse("organisations:directory")
    response = client.get(url, {"forma": LegalForm.SPORTS_CLUB})
    assert set(_names(response)) == set(
        Organisation.objects.filter(legal_form=LegalForm.SPORTS_CLUB).values_list(
            "name", flat=True
        )
    )
    response = client.get(url, {"sfera": "32a", "opp": "nie"})
    expected = Organisation.objects.filter(
        spheres__sphere="32a", is_public_benefit=False
    ).values_list("name", flat=True)
    assert set(_names(response)) == set(expected) and expected
    response = client.get(url, {"dzielnica": "Sołectwo Dąbrowa"})
    assert set(_names(response)) == set(
        Organisation.objects.filter(district="Sołectwo Dąbrowa").values_list(
            "name", flat=True
        )
    )
    assert "Organizacja 001" in response.content.decode()
    # A value the page does not offer is ignored, not an error.
    response = client.get(url, {"forma": "spółka", "dzielnica": "Atlantyda"})
    assert response.status_code == 200
    assert response.context["organisations"].paginator.count == 12


@pytest.mark.django_db
def test_search_finds_words_of_the_description_and_the_name(
    client, django_capture_on_commit_callbacks
):
    # Organisations are indexed right after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.create(
            name="Fundacja Las", slug="las", description="Sadzimy drzewa nad rzeką."
        )
        Organisation.objects.create(name="Klub Orlik", slug="orlik")
    url = reverse("organisations:directory")
    assert _names(client.get(url, {"q": "drzewa"})) == ["Fundacja Las"]
    assert _names(client.get(url, {"q": "orlik"})) == ["Klub Orlik"]
    assert _names(client.get(url, {"q": "nic takiego"})) == []


@pytest.mark.django_db
def test_statistics_equal_the_database(client):
    _make(17)
    stats = organisation_statistics()
    assert stats.total == Organisation.objects.count() == 17
    by_form = {row.key: row.count for row in stats.by_legal_form}
    assert by_form == dict(
        Organisation.objects.values("legal_form")
        .annotate(n=Count("pk"))
        .values_list("legal_form", "n")
    )
    by_sphere = {row.key: row.count for row in stats.by_sphere}
    assert by_sphere == {
        s: OrganisationSphere.objects.filter(sphere=s).count() for s in SPHERES
    }
    by_opp = {row.key: row.count for row in stats.by_opp}
    assert by_opp == {
        "tak": Organisation.objects.filter(is_public_benefit=True).count(),
        "nie": Organisation.objects.filter(is_public_benefit=False).count(),
    }
    by_district = {row.key: row.count for row in stats.by_district}
    assert by_district == {
        d: Organisation.objects.filter(district=d).count() for d in DISTRICTS
    }
    filtered = organisation_statistics(
        DirectoryFilters(legal_form=LegalForm.FOUNDATION)
    )
    assert (
        filtered.total
        == Organisation.objects.filter(legal_form=LegalForm.FOUNDATION).count()
    )

    # The page shows the same figures as a chart and as a table.
    page = client.get(reverse("organisations:statistics")).content.decode()
    assert page.count("<svg") == 4
    assert 'role="img"' in page and '<title id="by-form-title">' in page
    foundations = by_form[LegalForm.FOUNDATION]
    assert f'<th scope="row">Fundacja</th><td class="num">{foundations}</td>' in page


@pytest.mark.django_db
def test_directory_and_statistics_queries_do_not_grow_with_organisations(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [
        reverse("organisations:directory"),
        reverse("organisations:statistics"),
        reverse("organisations:export"),
        reverse("organisations:directory") + "?sfera=14&opp=nie&q=organizacja",
    ]
    _make(3)
    few = [count(url) for url in urls]
    _make(19, start=3)
    many = [count(url) for url in urls]
    assert many == few
    with django_assert_max_num_queries(12):
        client.get(urls[0])


@pytest.mark.django_db
def test_organisation_page_queries_do_not_grow_with_comments_and_representatives(
    client, make_user, organisation, target
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, offset):
        for i in range(n):
            user = make_user(
                f"rep{offset + i}@example.org", display_name=f"Rep {offset + i}"
            )
            OrganisationMembership.objects.create(
                user=user, organisation=organisation, verified=True
            )
            Comment.objects.create(
                target=target,
                author=user,
                text=f"<p>Uwaga {offset + i}</p>",
                on_behalf_of=organisation,
            )

    url = organisation.get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2, 0)
    count()  # the first request fills the per-process caches (site, roles)
    few = count()
    add(8, 2)
    assert count() == few
    page = client.get(url).content.decode()
    assert "Rep 9" in page and "Uwaga 9" in page


@pytest.mark.django_db
def test_organisation_page_lists_verified_representatives_only(
    client, make_user, organisation
):
    verified = make_user("a@example.org", display_name="Ala Zweryfikowana")
    pending = make_user("b@example.org", display_name="Bolek Oczekujący")
    OrganisationMembership.objects.create(
        user=verified, organisation=organisation, verified=True
    )
    OrganisationMembership.objects.create(user=pending, organisation=organisation)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ala Zweryfikowana" in page
    assert "Bolek Oczekujący" not in page
    assert "a@example.org" not in page
    assert "Zweryfikuj organizację" not in page  # staff only


@pytest.mark.django_db
def test_export_respects_filters_and_holds_no_personal_data(client):
    _make(6)
    response = client.get(
        reverse("organisations:export"), {"forma": LegalForm.FOUNDATION}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert "email" not in header and "telefon" not in header
    assert "@" not in text and "600 100 200" not in text
    assert {row[1] for row in body} == {"fundacja"}
    assert (
        len(body)
        == Organisation.objects.filter(legal_form=LegalForm.FOUNDATION).count()
    )


@pytest.mark.django_db
def test_a_user_registers_an_organisation_shown_unverified(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("organisations:register"),
        {
            "name": "Stowarzyszenie Nowe",
            "legal_form": LegalForm.REGISTERED_ASSOCIATION,
            "register": "krs",
            "krs": "0000 777 777",
            "nip": "526-025-09-72",
            "spheres": ["13", "16"],
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Stowarzyszenie Nowe")
    assert organisation.krs == "0000777777" and organisation.nip == "5260250972"
    assert not organisation.verified
    assert organisation.registered_by == resident
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "jeszcze niezweryfikowana" in page


@pytest.mark.django_db
def test_registration_shows_field_errors_in_polish_and_saves_nothing(client, resident):
    Organisation.objects.create(name="Stara", slug="stara", krs="0000777777")
    client.force_login(resident)
    response = client.post(
        reverse("organisations:register"),
        {
            "name": "Nowa",
            "legal_form": LegalForm.ORDINARY_ASSOCIATION,
            "register": "starosta",
            "krs": "777777",
            "nip": "5260250973",
            "regon": "12345",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wpisz poprawny NIP" in page
    assert "Wpisz poprawny REGON" in page
    assert not Organisation.objects.filter(name="Nowa").exists()


@pytest.mark.django_db
def test_anonymous_cannot_register(client):
    response = client.post(reverse("organisations:register"), {"name": "X"})
    assert response.status_code == 403
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "resident", "ngo"])
def test_only_staff_verify_add_and_edit(client, who, resident, ngo):
    organisation = Organisation.objects.create(name="Nowa", slug="nowa")
    if who != "anonymous":
        client.force_login({"resident": resident, "ngo": ngo}[who])
    url = reverse("organisations:verification", args=["nowa"])
    assert client.post(url, {"action": "verify"}).status_code == 403
    assert client.get(reverse("organisations:add")).status_code == 403
    assert (
        client.post(
            reverse("organisations:edit", args=["nowa"]), {"name": "Zmieniona"}
        ).status_code
        == 403
    )
    organisation.refresh_from_db()
    assert not organisation.verified and organisation.name == "Nowa"


@pytest.mark.django_db
def test_staff_verify_and_withdraw_with_a_logged_reason(client, staff):
    organisation = Organisation.objects.create(name="Nowa", slug="nowa")
    client.force_login(staff)
    url = reverse("organisations:verification", args=["nowa"])
    assert (
        client.post(url, {"action": "verify", "reason": "Sprawdzono w KRS"}).status_code
        == 302
    )
    organisation.refresh_from_db()
    assert organisation.verified and organisation.verified_at
    # Withdrawing needs a reason.
    assert client.post(url, {"action": "unverify"}).status_code == 400
    assert (
        client.post(url, {"action": "unverify", "reason": "Likwidacja"}).status_code
        == 302
    )
    organisation.refresh_from_db()
    assert not organisation.verified
    log = list(
        OrganisationLogEntry.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("action", "reason", "actor")
    )
    assert log == [
        (OrganisationAction.VERIFIED, "Sprawdzono w KRS", staff.pk),
        (OrganisationAction.UNVERIFIED, "Likwidacja", staff.pk),
    ]
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Likwidacja" in page and "Historia wpisu" in page


@pytest.mark.django_db
def test_staff_add_an_organisation_verified_at_once(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("organisations:add"),
        {
            "name": "Klub Sportowy Orzeł",
            "legal_form": LegalForm.SPORTS_CLUB,
            "register": "sports",
            "register_number": "KS/12/2020",
            "is_public_benefit": "on",
            "public_benefit_since": "2021-03-01",
            "district": "Śródmieście",
            "year_founded": "1990",
            "spheres": ["17"],
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="klub-sportowy-orzel")
    assert organisation.verified
    assert list(organisation.spheres.values_list("sphere", flat=True)) == ["17"]


@pytest.mark.django_db
def test_registrations_are_rate_limited_without_saving(client, resident, write_limit):
    write_limit("organisation", 1, 3600)
    client.force_login(resident)
    url = reverse("organisations:register")
    base = {"legal_form": LegalForm.FOUNDATION, "register": "krs"}
    assert client.post(url, {**base, "name": "Pierwsza"}).status_code == 302
    response = client.post(url, {**base, "name": "Druga"})
    assert response.status_code == 429
    assert not Organisation.objects.filter(name="Druga").exists()


@pytest.mark.django_db
def test_navigation_leads_to_the_directory_in_both_languages(client):
    from bs4 import BeautifulSoup

    for prefix in ("", "/en"):
        response = client.get(f"{prefix}/organizacje/")
        assert response.status_code == 200
        nav = BeautifulSoup(response.content, "html.parser").find(
            "nav", class_="main-nav"
        )
        links = {a.text.strip(): a["href"] for a in nav.find_all("a")}
        label = "Organizacje" if not prefix else "Organisations"
        assert links[label] == f"{prefix}/organizacje/"
