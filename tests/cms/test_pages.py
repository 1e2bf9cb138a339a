import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error
from wagtail.models import Page

from cms.models import (
    DocumentsHubPage,
    HomePage,
    LegalKind,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    PublicDocument,
    StandardPage,
)

from .html import parse

pytestmark = pytest.mark.django_db

PAGE_URLS = {
    HomePage: "/",
    StandardPage: "/wydarzenia/",
    NewsIndexPage: "/aktualnosci/",
    NewsPage: "/aktualnosci/forum-organizacji-2026/",
    DocumentsHubPage: "/dokumenty/",
}


@pytest.mark.parametrize(
    "page_type", list(PAGE_URLS), ids=[t.__name__ for t in PAGE_URLS]
)
def test_every_page_type_renders_with_one_h1_and_landmarks(
    client, demo_site, page_type
):
    response = client.get(PAGE_URLS[page_type])

    assert response.status_code == 200
    assert type(response.context["page"]) is page_type
    doc = parse(response.content)
    h1s = doc.find_all("h1")
    assert len(h1s) == 1
    assert h1s[0].text == response.context["page"].title
    for landmark in ("header", "nav", "main", "footer"):
        assert doc.find(landmark) is not None, landmark
    assert doc.find("main").attrs["id"] == "main"


def test_home_page_in_polish_has_skip_link_lang_and_polish_navigation(
    client, demo_site
):
    # Depends on the Polish translations (locale/pending/cms.po) being compiled.
    doc = parse(client.get("/").content)

    assert doc.find("html").attrs["lang"] == "pl"
    skip = doc.find("a", class_="skip-link")
    assert skip is not None and skip.attrs["href"] == "#main"
    nav = doc.find("nav", class_="main-nav")
    labels = [a.text for a in nav.find_all("a")]
    assert labels == [
        "Konsultacje",
        "Wydarzenia",
        "Organizacje",
        "Wyniki",
        "Aktualności",
    ]
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        "/konsultacje/",
        "/wydarzenia/",
        "/organizacje/",
        "/wyniki/",
        "/aktualnosci/",
    ]


def test_home_page_in_english_has_english_navigation_and_lang(client, demo_site):
    response = client.get("/en/")

    assert response.status_code == 200
    doc = parse(response.content)
    assert doc.find("html").attrs["lang"] == "en"
    assert len(doc.find_all("h1")) == 1
    assert doc.find("a", class_="skip-link").attrs["href"] == "#main"
    nav = doc.find("nav", class_="main-nav")
    assert [a.text for a in nav.find_all("a")] == [
        "Consultations",
        "Events",
        "Organisations",
        "Results",
        "News",
    ]
    assert nav.find("a").attrs["href"] == "/en/konsultacje/"


def test_current_section_is_marked_in_navigation(client, demo_site):
    doc = parse(client.get("/en/aktualnosci/").content)

    current = doc.find("nav", class_="main-nav").find_all("a", aria_current="page")
    assert [a.text for a in current] == ["News"]


def test_home_page_shows_intro_placeholder_sections_and_latest_three_news(
    client, demo_site
):
    doc = parse(client.get("/en/").content)
    main = doc.find("main")

    assert "Witamy na platformie" in main.text
    assert "No upcoming events yet." in main.text
    assert "No results published yet." in main.text
    news_section = main.find("section", aria_labelledby="home-news-title")
    titles = [h3.text for h3 in news_section.find_all("h3")]
    assert titles == [
        "Konsultacje projektu Programu współpracy na 2027 rok",
        "Forum Organizacji Pozarządowych Gminy Przykładowo 2026",
        "Jedno okienko dla organizacji: wszystkie dokumenty w jednym miejscu",
    ]
    assert news_section.find("a", href="/en/aktualnosci/").text == "All news"


def test_home_page_query_count_does_not_grow_with_news(
    client, demo_site, django_assert_max_num_queries
):
    client.get("/")  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as baseline:
        client.get("/")
    index = NewsIndexPage.objects.get()
    for number in range(12):
        index.add_child(
            instance=NewsPage(
                title=f"Wiadomość {number}", slug=f"wiadomosc-{number}", lead="Krótko."
            )
        ).save_revision().publish()

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get("/")
    assert "Wiadomość 11" in response.content.decode()


def test_footer_links_to_accessibility_statement_documents_hub_and_legal_pages(
    client, demo_site
):
    doc = parse(client.get("/en/aktualnosci/").content)

    footer_links = {a.attrs["href"]: a.text for a in doc.find("footer").find_all("a")}
    assert footer_links == {
        "/en/dokumenty/": "Documents for organisations",
        "/en/deklaracja-dostepnosci/": "Accessibility statement",
        "/en/polityka-prywatnosci/": "Privacy policy",
        "/en/regulamin/": "Terms of participation",
    }


def test_home_page_footer_finds_legal_pages_by_kind_not_slug(client, demo_site):
    terms = LegalPage.objects.get(kind=LegalKind.TERMS)
    terms.slug = "zasady-udzialu"
    terms.save_revision().publish()

    doc = parse(client.get("/").content)

    footer_links = {a.text: a.attrs["href"] for a in doc.find("footer").find_all("a")}
    assert footer_links["Polityka prywatności"] == "/polityka-prywatnosci/"
    assert footer_links["Regulamin uczestnictwa"] == "/zasady-udzialu/"


def test_legal_page_shows_its_version_and_date(client, demo_site):
    doc = parse(client.get("/regulamin/").content)

    assert doc.find("h1").text == "Regulamin uczestnictwa"
    assert "Wersja 1.0, obowiązuje od 15 stycznia 2026" in doc.find("main").text


def test_only_one_legal_page_of_each_kind(demo_site):
    page = LegalPage(
        title="Drugi regulamin", slug="drugi", kind=LegalKind.TERMS, version="2.0"
    )

    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "kind" in error.value.message_dict


def test_language_switcher_is_a_form_that_works_without_javascript(client, demo_site):
    doc = parse(client.get("/aktualnosci/").content)
    form = doc.find("form", class_="language-switcher")
    assert form.attrs["method"] == "post"
    assert form.find("input", name="next").attrs["value"] == "/aktualnosci/"

    response = client.post(
        form.attrs["action"], {"language": "en", "next": "/aktualnosci/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/aktualnosci/"


def test_pages_have_no_inline_scripts_or_styles(client, demo_site):
    # The Content-Security-Policy forbids them; a browser would silently drop them.
    for url in [*PAGE_URLS.values(), "/szukaj/?q=forum"]:
        doc = parse(client.get(url).content)
        for script in doc.find_all("script"):
            assert script.attrs.get("src") or script.attrs.get("type") == (
                "application/json"
            ), url
        assert not [e.tag for e in doc.iter() if "style" in e.attrs], url
        assert doc.find("style") is None, url


def test_news_page_shows_date_lead_body_and_way_back(client, demo_site):
    doc = parse(
        client.get("/en/aktualnosci/rozstrzygniecie-konkursu-ofert-2026/").content
    )
    main = doc.find("main")

    assert main.find("time").attrs["datetime"] == "2026-03-02"
    assert "486 000 zł" in main.text
    assert "hipoterapii" in main.text
    assert main.find("div", class_="callout") is not None
    assert main.find("a", href="/en/aktualnosci/").text == "Back to all news"


def test_news_index_lists_news_newest_first(client, demo_site):
    doc = parse(client.get("/en/aktualnosci/").content)

    dates = [t.attrs["datetime"] for t in doc.find("main").find_all("time")]
    # The newest is the programme's consultation, dated the day it opened
    # (counted back from the seeding, see cms.demo.programme_news).
    assert dates == sorted(dates, reverse=True)
    assert dates[1:] == ["2026-06-03", "2026-04-14", "2026-03-02"]


# --- documents hub ----------


def _document_titles(response) -> list[str]:
    listing = parse(response.content).find("ul", class_="document-list")
    return [h2.text for h2 in listing.find_all("h2")] if listing else []


def test_documents_hub_lists_every_document_with_kind_year_file_and_link(
    client, demo_site
):
    response = client.get("/en/dokumenty/")
    doc = parse(response.content)

    cards = doc.find("ul", class_="document-list").find_all("li")
    assert len(cards) == PublicDocument.objects.count() == 6
    programme = PublicDocument.objects.get(kind="programme")
    card = next(c for c in cards if c.find("h2").text == programme.title)
    assert card.find("a").attrs["href"] == programme.url
    meta = card.find("dl").text
    assert "Cooperation programme" in meta
    assert "2025" in meta
    assert "PDF," in meta and "bytes" in meta

    download = client.get(programme.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")


def test_documents_hub_filters_by_kind(client, demo_site):
    response = client.get("/dokumenty/", {"kind": "order"})

    assert len(_document_titles(response)) == 2
    assert all(t.startswith("Zarządzenie") for t in _document_titles(response))
    selected = (
        parse(response.content).find("select", name="kind").find("option", selected="")
    )
    assert selected.attrs["value"] == "order"


def test_documents_hub_filters_by_year(client, demo_site):
    titles = _document_titles(client.get("/dokumenty/", {"year": "2025"}))

    assert sorted(titles) == sorted(
        PublicDocument.objects.filter(year=2025).values_list("title", flat=True)
    )
    assert len(titles) == 3


def test_documents_hub_combines_filters_and_says_when_nothing_matches(
    client, demo_site
):
    both = client.get("/dokumenty/", {"kind": "resolution", "year": "2025"})
    assert len(_document_titles(both)) == 2

    none = client.get("/en/dokumenty/", {"kind": "announcement", "year": "2025"})
    assert _document_titles(none) == []
    assert "No documents match these filters." in none.content.decode()


@pytest.mark.parametrize(
    "params", [{"kind": "bogus"}, {"year": "²⁰²⁵"}, {"year": "99999999999"}]
)
def test_documents_hub_ignores_invalid_filters(client, demo_site, params):
    response = client.get("/dokumenty/", params)

    assert response.status_code == 200
    assert len(_document_titles(response)) == 6


def test_documents_hub_query_count_does_not_grow_with_documents(
    client, demo_site, django_assert_max_num_queries
):
    client.get("/dokumenty/")
    with CaptureQueriesContext(connection) as baseline:
        client.get("/dokumenty/")
    for number in range(10):
        document = PublicDocument(
            title=f"Formularz {number}",
            kind="form",
            year=2026,
            file=ContentFile(b"x" * number, name=f"formularz-{number}.txt"),
        )
        document._set_document_file_metadata()
        document.save()

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get("/dokumenty/")
    assert len(_document_titles(response)) == 16


# --- error pages ----------


def test_missing_page_renders_the_404_template(client, demo_site):
    response = client.get("/en/nie-ma-takiej-strony/")

    assert response.status_code == 404
    doc = parse(response.content)
    assert [h1.text for h1 in doc.find_all("h1")] == ["Page not found"]
    assert doc.find("nav", class_="main-nav").find("a") is not None


@pytest.mark.django_db(False)
def test_500_page_renders_without_request_context_or_database(rf):
    # No django_db mark: any query here fails the test.
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    doc = parse(response.content)
    assert len(doc.find_all("h1")) == 1
    assert doc.find("a", class_="skip-link").attrs["href"] == "#main"
    assert doc.find("main", id="main") is not None


def test_page_tree_stays_valid_after_seeding(demo_site):
    assert all(not problems for problems in Page.find_problems())
