"""Site search on the seeded demo (``manage.py seed_demo``, which leaves the
index built): Polish words found in any of their forms, results grouped by kind
with highlighted snippets and links straight to provisions and comments."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cms.models import PublicDocument
from cms.search.models import SearchEntry
from consultations.models import ConsultationPage
from participation.models import Comment
from tests.cms.html import parse
from tests.conftest import refuse_transactional

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(module_db, module_media_root, django_db_blocker):
    with (
        override_settings(DEBUG=True),
        django_db_blocker.unblock(),
        translation.override("pl"),
    ):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def seeded(_seeded_once, db, request):
    refuse_transactional(request)


def search(client, query, **params):
    response = client.get("/szukaj/", {"q": query, **params})
    assert response.status_code == 200
    return parse(response.content).find("main")


def groups(main) -> dict[str, list]:
    """{group heading without its count: [result <li>, ...]}"""
    found = {}
    for section in main.find_all("section", class_="search-group"):
        heading = re.sub(r"\s*\(\d+\)$", "", section.find("h2").text)
        found[heading] = section.find_all("li", class_="search-result")
    return found


def marks(element) -> list[str]:
    return [mark.text for mark in element.find_all("mark")]


def titles(results) -> list[str]:
    return [item.find("h3").text_in_order for item in results]


def test_seed_demo_leaves_the_index_built(seeded):
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))

    assert kinds == {
        "consultation",
        "provision",
        "comment",
        "document",
        "event",
        "news",
        "organisation",
        "page",
    }


def test_zarzadzenie_finds_both_orders_by_their_titles(client, seeded):
    main = search(client, "zarządzenie")

    documents = titles(groups(main)["Dokumenty"])
    assert [t for t in documents if t.startswith("Zarządzenie nr")] == [
        "Zarządzenie nr 27/2026 Wójta Gminy Przykładowo w sprawie powołania "
        "komisji konkursowej",
        "Zarządzenie nr 12/2026 Wójta Gminy Przykładowo w sprawie ogłoszenia "
        "otwartego konkursu ofert na realizację zadań publicznych w 2026 roku",
    ]
    first = groups(main)["Dokumenty"][0]
    assert marks(first.find("h3")) == ["Zarządzenie"]
    order = PublicDocument.objects.get(title__startswith="Zarządzenie nr 27/2026")
    assert first.find("a").attrs["href"] == order.url


def test_typed_without_polish_letters_finds_the_same(client, seeded):
    # Phones and foreign keyboards: "zarzadzenie", even inflected, finds what
    # "zarządzenie" finds, and marks the words as written.
    plain = titles(groups(search(client, "zarządzenie"))["Dokumenty"])
    for query in ("zarzadzenie", "ZARZADZENIU"):
        main = search(client, query)
        assert titles(groups(main)["Dokumenty"]) == plain
        assert marks(groups(main)["Dokumenty"][0].find("h3")) == ["Zarządzenie"]


def test_program_finds_programu(client, seeded):
    main = search(client, "program")

    found = groups(main)
    news = found["Aktualności"]
    assert "Konsultacje projektu Programu współpracy na 2027 rok" in titles(news)
    marked = [
        marks(item.find("h3"))
        for item in news
        if "Konsultacje projektu" in item.find("h3").text_in_order
    ]
    assert marked == [["Programu"]]
    assert "Konsultacje" in found and "Dokumenty" in found


def test_komisji_finds_provisions_and_links_straight_to_them(client, seeded):
    page = ConsultationPage.objects.get(slug="program-wspolpracy-2027")
    provisions = {
        str(p.key): p
        for p in page.current_provisions()
        if "omisj" in p.text + p.heading
    }

    main = search(client, "komisji")

    results = groups(main)["Przepisy projektów"]
    links = [item.find("h3").find("a").attrs["href"] for item in results]
    assert links
    for link in links:
        path, _, anchor = link.partition("#provision-")
        assert path == page.url
        assert anchor in provisions
    marked = {m for item in results for m in marks(item)}
    assert {"komisji", "Komisja"} <= marked


def test_comments_found_link_to_the_comment_in_its_thread(client, seeded):
    main = search(client, "komisji")

    results = groups(main)["Uwagi"]
    assert results
    for item in results:
        href = item.find("h3").find("a").attrs["href"]
        pattern = r"/konsultacje/[\w-]+/\?anchor=([\w-]+)&komentarz=(\d+)#comment-\2"
        match = re.fullmatch(pattern, href)
        assert match, href
        comment = Comment.objects.get(pk=match.group(2))
        assert comment.anchor == match.group(1)
        assert "komisj" in comment.text.lower()
        # Followed, the link opens the page of the thread that shows it.
        page = client.get(href.split("#", 1)[0]).content.decode()
        assert f'id="comment-{comment.pk}"' in page


def test_every_word_of_a_query_must_match(client, seeded):
    both = groups(search(client, "komisja przedstawicieli"))["Przepisy projektów"]
    one = groups(search(client, "komisja"))["Przepisy projektów"]

    assert 0 < len(both) < len(one)
    for item in both:
        assert "przedstawiciel" in item.text_in_order.lower()


def test_results_page_announces_the_count_and_names_the_field(client, seeded):
    response = client.get("/szukaj/", {"q": "komisji"})
    doc = parse(response.content)
    main = doc.find("main")

    status = main.find("p", id="search-count")
    assert status.attrs["role"] == "status"
    total = sum(
        int(re.search(r"\((\d+)\)", s.find("h2").text).group(1))
        for s in main.find_all("section", class_="search-group")
    )
    assert status.text == f"{total} wyniki dla „komisji”" or str(total) in status.text
    assert f"({total} " in doc.find("title").text
    label = main.find("label")
    assert label.attrs["for"] == "search-page-q"
    assert main.find("input", id="search-page-q").attrs["value"] == "komisji"


def test_one_kind_lists_all_its_results_with_a_pager(client, seeded):
    main = search(client, "program", rodzaj="provision")

    found = groups(main)
    assert list(found) == ["Przepisy projektów"]
    nav = main.find("nav", class_="search-kinds")
    current = nav.find("a", aria_current="page")
    assert current.text.startswith("Przepisy projektów")


def test_an_unknown_kind_shows_all_kinds(client, seeded):
    main = search(client, "program", rodzaj="<script>")

    assert len(groups(main)) > 1


def test_no_results_says_so(client, seeded):
    main = search(client, "xylofon")

    assert "Brak wyników" in main.find("div", class_="empty-state").text


@pytest.mark.parametrize("query", ['"', 'konkurs "ofert', "kon\x00kurs", "\x00", "%_"])
def test_odd_queries_answer_a_page(client, seeded, query):
    response = client.get("/szukaj/", {"q": query})

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_search_works_under_english_urls_with_polish_content(client, seeded):
    main = search_en = client.get("/en/szukaj/", {"q": "komisji"})
    main = parse(search_en.content).find("main")

    provisions = groups(main)["Provisions of draft acts"]
    assert provisions[0].find("a").attrs["href"].startswith("/en/konsultacje/")
    # The interface is English, the content Polish (WCAG 3.1.2).
    assert provisions[0].find("a").attrs["lang"] == "pl"
    snippets = main.find_all("p", class_="snippet")
    assert snippets and all(p.attrs["lang"] == "pl" for p in snippets)


def test_query_count_does_not_grow_with_results(
    client, seeded, django_assert_max_num_queries
):
    # A result of one kind, then many of every kind.
    client.get("/szukaj/", {"q": "hipoterapii"})
    with CaptureQueriesContext(connection) as one:
        main = search(client, "hipoterapii")
    assert sum(len(items) for items in groups(main).values()) == 1
    baseline = len(one.captured_queries)

    with django_assert_max_num_queries(baseline):
        main = search(client, "organizacji")
    assert sum(len(items) for items in groups(main).values()) > 10
    with django_assert_max_num_queries(baseline):
        main = search(client, "organizacji", rodzaj="comment")
    assert len(groups(main)["Uwagi"]) > 3
