"""The information clause and the terms of participation on the sign-up form."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from cms.accounts.models import User
from cms.models import LegalKind, LegalPage, PrivacySettings
from tests.accounts.conftest import soup
from tests.accounts.test_signup import SIGNUP, sign_up

EXPORT = "/konto/moje-dane.json"


@pytest.fixture
def legal_pages(db):
    """The terms and the privacy policy under the default site's root page."""
    site = Site.objects.get(is_default_site=True)
    pages = {}
    for kind, title, slug, version in [
        (LegalKind.TERMS, "Regulamin uczestnictwa", "regulamin", "2.1"),
        (LegalKind.PRIVACY, "Polityka prywatności", "polityka-prywatnosci", "1.0"),
    ]:
        page = LegalPage(
            title=title,
            slug=slug,
            kind=kind,
            version=version,
            effective_date=date(2026, 3, 1),
        )
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
        site.root_page.refresh_from_db()
        pages[kind] = page
    return pages


@pytest.fixture
def privacy_settings(db):
    return PrivacySettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        controller_name="Burmistrz Miasta Testowo",
        controller_address="ul. Ratuszowa 3, 11-111 Testowo",
        dpo_email="iod@testowo.example.org",
    )


@pytest.mark.django_db
def test_signup_without_accepting_terms_fails_with_polish_error_and_no_account(
    client, legal_pages
):
    response = sign_up(client, accept_terms=False)

    assert response.status_code == 200
    page = soup(response)
    checkbox = page.select_one("#id_accept_terms")
    assert checkbox["aria-invalid"] == "true"
    error = page.select_one("#id_accept_terms_error")
    assert error.get_text(strip=True) == (
        "Aby założyć konto, zaakceptuj regulamin uczestnictwa."
    )
    assert "id_accept_terms_error" in checkbox["aria-describedby"].split()
    assert not get_user_model().objects.filter(email="ala@example.org").exists()


@pytest.mark.django_db
def test_signup_with_acceptance_records_the_terms_version_and_time(client, legal_pages):
    before = timezone.now()

    response = sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(email="ala@example.org")
    assert user.terms_version == "2.1"
    assert before <= user.terms_accepted_at <= timezone.now()


@pytest.mark.django_db
def test_terms_checkbox_is_required_and_links_to_the_terms(client, legal_pages):
    page = soup(client.get(SIGNUP))

    checkbox = page.select_one("input#id_accept_terms")
    assert checkbox["type"] == "checkbox"
    assert checkbox.has_attr("required")
    label = page.select_one("label[for=id_accept_terms]").get_text(" ", strip=True)
    assert label == "Akceptuję regulamin uczestnictwa (wymagane)"
    link = page.select_one("#id_accept_terms_helptext a")
    assert link["href"] == "/regulamin/"
    assert link.get_text(strip=True) == (
        "Przeczytaj regulamin uczestnictwa (wersja 2.1 z 1 marca 2026)"
    )


@pytest.mark.django_db
def test_clause_names_the_controller_and_dpo_from_site_settings(
    client, legal_pages, privacy_settings
):
    page = soup(client.get(SIGNUP))

    clause = page.select_one("section.privacy-clause")
    text = clause.get_text(" ", strip=True)
    assert (
        "Administratorem Twoich danych osobowych jest Burmistrz Miasta Testowo, "
        "ul. Ratuszowa 3, 11-111 Testowo." in text
    )
    assert "iod@testowo.example.org" in text
    assert "art. 6 ust. 1 lit. e RODO" in text
    assert "art. 6 ust. 1 lit. a RODO" in text
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in text
    assert clause.select_one("a")["href"] == "/polityka-prywatnosci/"
    # The clause is inside the form, before the submit button.
    assert clause.find_parent("form").select_one("button[type=submit]")


@pytest.mark.django_db
def test_clause_without_settings_names_the_site(client, settings):
    settings.WAGTAIL_SITE_NAME = "Gmina Bez Ustawień"

    clause = soup(client.get(SIGNUP)).select_one("section.privacy-clause")

    assert "jest Gmina Bez Ustawień." in clause.get_text(" ", strip=True)


@pytest.mark.django_db
def test_export_contains_the_terms_acceptance(client, legal_pages):
    sign_up(client)
    user = User.objects.get(email="ala@example.org")
    client.force_login(user)

    account = client.get(EXPORT).json()["account"]

    assert account["terms_accepted"]["version"] == "2.1"
    assert account["terms_accepted"]["accepted_at"].startswith(
        user.terms_accepted_at.isoformat()[:19]
    )


@pytest.mark.django_db
def test_editors_may_change_the_personal_data_settings(editor, client):
    assert editor.has_perm("cms.change_privacysettings")
    client.force_login(editor)

    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/cms/privacysettings/{site.pk}/")

    assert response.status_code == 200
