"""Keeping the search index current and public: what publishing, unpublishing,
restricting, hiding and deleting do to the results, documents' file text, and
snippets that escape what people typed."""

import io
import re

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from odf.opendocument import OpenDocumentText
from odf.text import P
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.demo import tiny_pdf
from cms.models import NewsIndexPage, NewsPage, PublicDocument
from cms.search.models import SearchEntry
from participation import services as participation
from tests.consultations.factories import make_consultation, site_home

from .html import parse

pytestmark = pytest.mark.django_db


def search(client, query, **params) -> dict[str, list[dict]]:
    """{kind heading: [{"title", "href", "snippet"}]} as a reader sees them."""
    response = client.get("/szukaj/", {"q": query, **params})
    assert response.status_code == 200
    found = {}
    main = parse(response.content).find("main")
    for section in main.find_all("section", class_="search-group"):
        heading = re.sub(r"\s*\(\d+\)$", "", section.find("h2").text)
        found[heading] = [
            {
                "title": item.find("h3").text_in_order,
                "href": item.find("h3").find("a").attrs["href"],
                "context": (item.find("p", class_="meta") or item).text_in_order,
                "snippet": (item.find("p", class_="snippet") or item).text_in_order,
            }
            for item in section.find_all("li", class_="search-result")
        ]
    return found


def found_titles(client, query) -> list[str]:
    return [r["title"] for results in search(client, query).values() for r in results]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs a write's after-commit work (indexing) as a committed write would."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def news_index():
    return site_home().add_child(
        instance=NewsIndexPage(title="Aktualności", slug="aktualnosci")
    )


def add_news(commit, index, title, slug, lead):
    news = index.add_child(instance=NewsPage(title=title, slug=slug, lead=lead))
    commit(news.save_revision().publish)
    return news


@pytest.fixture
def forum(news_index, commit):
    return add_news(
        commit,
        news_index,
        "Forum Organizacji Pozarządowych 2026",
        "forum",
        "Rozmawiamy o wolontariacie.",
    )


@pytest.fixture
def consultation(commit):
    page = commit(make_consultation, "Projekt uchwały w sprawie zieleni")
    commit(page.save_revision().publish)
    return page


# --- pages ----------


def test_published_news_is_found_in_any_form(client, news_index, commit):
    add_news(
        commit,
        news_index,
        "Nabór do Rady Działalności Pożytku Publicznego",
        "nabor-rdpp",
        "Zgłoszenia kandydatów przyjmujemy do końca grudnia.",
    )

    results = search(client, "kandydat")["Aktualności"]

    assert [r["title"] for r in results] == [
        "Nabór do Rady Działalności Pożytku Publicznego"
    ]
    assert results[0]["href"] == "/aktualnosci/nabor-rdpp/"


def test_unpublished_page_leaves_the_results(client, forum, commit):
    assert found_titles(client, "wolontariat") == [forum.title]

    commit(forum.unpublish)

    assert found_titles(client, "wolontariat") == []
    assert not SearchEntry.objects.filter(page=forum).exists()


def test_a_draft_is_never_indexed(client, news_index, commit):
    draft = news_index.add_child(
        instance=NewsPage(
            title="Szkic ogłoszenia", slug="szkic", lead="Tajny szkic.", live=False
        )
    )
    commit(draft.save_revision)
    commit(call_command, "search_reindex", stdout=io.StringIO())

    assert found_titles(client, "tajny") == []


def test_a_password_protected_consultation_is_not_found(client, consultation):
    assert found_titles(client, "suszy")

    PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    # No reindexing needed: the rule is asked when searching.
    assert found_titles(client, "suszy") == []
    assert found_titles(client, "zieleni") == []


def test_a_group_restricted_consultation_is_not_found_even_by_its_group(
    client, consultation, resident
):
    group = Group.objects.create(name="Radni")
    resident.groups.add(group)
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    client.force_login(resident)

    # The results page is the same for everyone: only what everyone may see.
    assert found_titles(client, "suszy") == []


def test_pages_below_a_restricted_page_are_not_found(client, forum, news_index):
    PageViewRestriction.objects.create(
        page=news_index, restriction_type=PageViewRestriction.LOGIN
    )

    assert found_titles(client, "wolontariat") == []


def test_deleting_a_page_deletes_its_entries(client, consultation, commit):
    commit(consultation.delete)

    assert not SearchEntry.objects.exists()
    assert found_titles(client, "suszy") == []


def test_an_event_is_found_by_its_place_and_agenda(client, commit):
    from events.models import EventAgendaItem
    from tests.events.registration_factories import make_event

    event = commit(make_event, "Kawiarenka obywatelska", place_name="Biblioteka")
    EventAgendaItem.objects.create(page=event, title="Rozmowa o budżecie")
    commit(event.save_revision().publish)

    results = search(client, "biblioteki budżet")["Wydarzenia"]

    assert [(r["title"], r["href"]) for r in results] == [
        ("Kawiarenka obywatelska", event.url)
    ]


# --- provisions ----------


def test_provisions_link_to_their_anchor_and_mark_the_words(client, consultation):
    drought = next(p for p in consultation.current_provisions() if "suszy" in p.text)

    results = search(client, "susza")["Przepisy projektów"]

    assert [r["href"] for r in results] == [
        f"{consultation.url}#provision-{drought.key}"
    ]
    response = client.get("/szukaj/", {"q": "susza"})
    assert "<mark>suszy</mark>" in response.content.decode()


def test_a_new_version_replaces_the_provisions_searched(
    client, consultation, commit, editor
):
    from consultations import services

    act = consultation.draft_act
    version = commit(
        services.draft_act_version_create_from_text,
        act=act,
        text="§ 1. Komisja ds. zieleni zbiera się co miesiąc.",
        note="",
        user=editor,
    )
    assert found_titles(client, "komisji") == []

    commit(services.version_publish, version=version, user=editor)

    assert [r["title"] for r in search(client, "komisji")["Przepisy projektów"]] == [
        "§ 1"
    ]
    assert found_titles(client, "suszy") == []


# --- comments ----------


def _comment(commit, author, target, text, **fields):
    return commit(
        participation.comment_create, author=author, target=target, text=text, **fields
    )


def test_a_comment_is_found_and_links_to_itself(client, consultation, resident, commit):
    drought = next(p for p in consultation.current_provisions() if "suszy" in p.text)
    comment = _comment(
        commit,
        resident,
        consultation,
        "Proszę o zraszacze przy szkołach.",
        anchor=str(drought.key),
    )

    results = search(client, "zraszacz")["Uwagi"]

    assert [r["href"] for r in results] == [
        f"{consultation.url}?anchor={drought.key}&komentarz={comment.pk}"
        f"#comment-{comment.pk}"
    ]
    assert results[0]["title"] == drought.label
    assert results[0]["context"].startswith(f"{consultation.title} · ")
    # The author's name is not in the index.
    assert resident.display_name not in str(
        SearchEntry.objects.filter(kind="comment").values_list("title", "text")
    )


def test_an_edited_comment_is_found_by_its_new_words(
    client, consultation, resident, commit
):
    comment = _comment(commit, resident, consultation, "Proszę o ławki.")

    commit(
        participation.comment_edit,
        user=resident,
        comment=comment,
        text="Proszę o fontannę.",
    )

    assert found_titles(client, "ławka") == []
    assert [r["title"] for r in search(client, "fontanna")["Uwagi"]]


def test_a_hidden_comment_and_its_replies_leave_the_results_at_once(
    client, consultation, resident, neighbour, moderator, commit
):
    comment = _comment(commit, resident, consultation, "Zraszacze są potrzebne.")
    _comment(commit, neighbour, consultation, "Zraszacze tak.", parent=comment)
    assert len(search(client, "zraszacz")["Uwagi"]) == 2

    commit(
        participation.comment_hide,
        moderator=moderator,
        comment=comment,
        reason="Poza tematem.",
    )

    assert search(client, "zraszacz") == {}


def test_a_comment_withdrawn_by_its_author_leaves_the_results(
    client, consultation, resident, commit
):
    comment = _comment(commit, resident, consultation, "Zraszacze są potrzebne.")

    commit(participation.comment_delete, user=resident, comment=comment)

    assert search(client, "zraszacz") == {}


def test_comments_on_a_restricted_consultation_are_not_found(
    client, consultation, resident, commit
):
    _comment(commit, resident, consultation, "Zraszacze są potrzebne.")
    PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert search(client, "zraszacz") == {}


def test_markup_typed_in_a_comment_shows_escaped_in_the_snippet(
    client, consultation, resident, commit
):
    _comment(
        commit,
        resident,
        consultation,
        'Zraszacze <script>alert("x")</script> <img src=x onerror=alert(1)> &amp; ok',
    )

    response = client.get("/szukaj/", {"q": "zraszacze"})
    html = response.content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)

    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<img" not in snippet
    assert snippet.startswith("<mark>Zraszacze</mark>")
    # Shown as the words typed, escaped once.
    assert snippet == (
        "<mark>Zraszacze</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "&lt;img src=x onerror=alert(1)&gt; &amp; ok"
    )


def test_a_snippet_escapes_markup_that_the_text_itself_holds(
    client, consultation, resident, commit
):
    # What the author typed as text, shown as text: the sanitiser escapes it,
    # the index decodes it, the snippet escapes it again, once.
    _comment(commit, resident, consultation, "Zraszacze dla 5 < 7 szkół & <b>ok</b>")

    html = client.get("/szukaj/", {"q": "zraszacze"}).content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)

    assert "5 &lt; 7 szkół &amp;" in snippet
    assert "&amp;lt;" not in snippet


# --- documents ----------


def _document(commit, title, filename, content, **fields):
    document = PublicDocument(
        title=title, file=ContentFile(content, name=filename), **fields
    )
    document._set_document_file_metadata()
    commit(document.save)
    return document


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_bytes(text: str) -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("plan.pdf", tiny_pdf(["Harmonogram prac komisji rewizyjnej"])),
        ("plan.docx", _docx_bytes("Harmonogram prac komisji rewizyjnej")),
        ("plan.odt", _odt_bytes("Harmonogram prac komisji rewizyjnej")),
        ("plan.txt", b"Harmonogram prac komisji rewizyjnej"),
    ],
)
def test_documents_are_found_by_the_text_of_their_file(
    client, media_root, commit, filename, content
):
    document = _document(commit, "Plan na 2027", filename, content)

    results = search(client, "rewizyjna komisja")["Dokumenty"]

    assert [r["title"] for r in results] == ["Plan na 2027"]
    assert results[0]["href"] == document.url
    assert "Harmonogram prac komisji rewizyjnej" in results[0]["snippet"]


def test_a_broken_file_is_found_by_its_title_and_description(
    client, media_root, commit
):
    _document(
        commit,
        "Sprawozdanie komisji",
        "zepsuty.pdf",
        b"%PDF-1.4 not really",
        description="Roczne sprawozdanie.",
    )

    assert found_titles(client, "sprawozdania") == ["Sprawozdanie komisji"]


def test_documents_of_a_private_collection_are_not_found(client, media_root, commit):
    council = Collection.get_first_root_node().add_child(name="Rada")
    _document(commit, "Notatka komisji", "n.txt", b"jawne", collection=council)
    assert found_titles(client, "notatka") == ["Notatka komisji"]

    # Making the collection private takes its documents out.
    commit(
        CollectionViewRestriction.objects.create,
        collection=council,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    assert found_titles(client, "notatka") == []

    # And a document uploaded to a private collection never goes in.
    inner = council.add_child(name="Komisja rewizyjna")
    _document(commit, "Notatka rewizyjna", "r.txt", b"tajne", collection=inner)
    assert found_titles(client, "notatka") == []


def test_a_deleted_document_leaves_the_results(client, media_root, commit):
    document = _document(commit, "Notatka publiczna", "p.txt", b"jawne")

    commit(document.delete)

    assert found_titles(client, "notatka") == []


# --- rebuilding ----------


def test_search_reindex_rebuilds_and_drops_what_is_gone(client, consultation, commit):
    SearchEntry.objects.all().delete()
    out = io.StringIO()

    call_command("search_reindex", stdout=out)

    assert "consultations.ConsultationPage: 1 objects" in out.getvalue()
    assert found_titles(client, "suszy")
    entries = SearchEntry.objects.count()
    call_command("search_reindex", stdout=io.StringIO())
    assert SearchEntry.objects.count() == entries


def test_one_kind_is_paginated_and_the_pager_keeps_the_query(
    client, news_index, commit
):
    for number in range(22):
        add_news(commit, news_index, f"Dyżur {number}", f"d-{number}", "Dyżur radnych.")

    first = parse(client.get("/szukaj/", {"q": " radni ", "rodzaj": "news"}).content)

    assert len(first.find("ol", class_="search-results").find_all("li")) == 20
    next_link = first.find("a", rel="next")
    assert next_link.attrs["href"] == "?q=radni&rodzaj=news&page=2"
    second = parse(client.get("/szukaj/?q=radni&rodzaj=news&page=2").content)
    assert len(second.find("ol", class_="search-results").find_all("li")) == 2
    all_kinds = parse(client.get("/szukaj/", {"q": "radni"}).content)
    more = all_kinds.find("p", class_="search-more").find("a")
    assert more.text == "Wszystkie wyniki: Aktualności (22)"
    assert more.attrs["href"] == "?q=radni&rodzaj=news"


def test_search_reindex_only_one_model_keeps_the_others(
    client, consultation, resident, commit
):
    _comment(commit, resident, consultation, "Zraszacze są potrzebne.")
    SearchEntry.objects.filter(kind="comment").delete()
    out = io.StringIO()

    call_command("search_reindex", "--only", "comment", stdout=out)

    assert out.getvalue().splitlines()[0] == (
        "participation.Comment: 1 objects, 1 entries"
    )
    assert search(client, "zraszacz")["Uwagi"]
    assert found_titles(client, "suszy")
