"""The one pager (cms.pagination + templates/includes/pagination.html) on every
paginated page: other GET parameters stay in its links."""

import pytest
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import QueryDict

from cms.models import NewsIndexPage, NewsPage, PublicDocument
from cms.pagination import page_links, page_url

from .html import parse


def test_first_page_has_no_number_and_other_parameters_stay():
    query = QueryDict("sort=oldest&page=4&q=ż")

    assert page_url(1, query=query) == "?sort=oldest&q=%C5%BC"
    assert page_url(3, query=query) == "?sort=oldest&q=%C5%BC&page=3"
    assert page_url(1) == "?"
    assert page_url(2, param="strona", fragment="comments") == "?strona=2#comments"


def test_page_links_elide_the_far_pages():
    page = Paginator(range(200), 10).get_page(10)

    links = page_links(page, query=QueryDict("kind=order"))

    shown = [link and link["number"] for link in links["numbers"]]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [
        link["number"] for link in links["numbers"] if link and link["current"]
    ] == [10]
    assert links["previous"] == "?kind=order&page=9"
    assert links["next"] == "?kind=order&page=11"


def test_page_links_at_the_ends_and_on_a_single_page():
    first = page_links(Paginator(range(30), 10).get_page(1))
    assert first["previous"] is None and first["next"] == "?page=2"
    last = page_links(Paginator(range(30), 10).get_page(3))
    assert last["next"] is None and last["previous"] == "?page=2"
    assert page_links(Paginator(range(5), 10).get_page(1)) == {}


def pager(response):
    nav = parse(response.content).find("nav", class_="pagination")
    assert nav is not None and nav.attrs["aria-label"]
    return nav


def add_news(count: int, lead: str = "Dyżur radnych.") -> None:
    index = NewsIndexPage.objects.get()
    for number in range(count):
        index.add_child(
            instance=NewsPage(
                title=f"Dyżur {number}", slug=f"dyzur-{number}", lead=lead
            )
        ).save_revision().publish()


@pytest.mark.django_db
def test_news_index_pager_keeps_other_parameters(client, demo_site):
    add_news(12)

    nav = pager(client.get("/aktualnosci/", {"utm_source": "newsletter", "page": "2"}))

    assert nav.find("a", rel="prev").attrs["href"] == "?utm_source=newsletter"
    current = nav.find("a", aria_current="page")
    assert current.attrs["href"] == "?utm_source=newsletter&page=2"


@pytest.mark.django_db
def test_documents_hub_pager_keeps_the_filters(client, demo_site):
    for number in range(25):
        document = PublicDocument(
            title=f"Formularz {number}",
            kind="form",
            year=2026,
            file=ContentFile(b"x", name=f"formularz-{number}.txt"),
        )
        document._set_document_file_metadata()
        document.save()

    nav = pager(client.get("/dokumenty/", {"kind": "form", "year": "2026"}))

    assert nav.find("a", rel="next").attrs["href"] == "?kind=form&year=2026&page=2"
    assert nav.find("a", aria_current="page").attrs["href"] == ("?kind=form&year=2026")
