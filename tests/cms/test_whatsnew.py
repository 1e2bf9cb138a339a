from datetime import timedelta

import pytest

from cms.live.models import StreamEvent
from cms.live.selectors import stream_last_seq
from cms.live.services import events_prune
from cms.models import NewsIndexPage, NewsPage, WhatsNewItem
from cms.services import whatsnew_publish

from .html import parse

pytestmark = pytest.mark.django_db


def _whatsnew_events():
    return list(StreamEvent.objects.filter(stream__name="cms.whatsnew").order_by("seq"))


def _add_news(title="Nowy nabór wniosków o małe granty", slug="male-granty"):
    index = NewsIndexPage.objects.get()
    return index.add_child(
        instance=NewsPage(title=title, slug=slug, lead="Wnioski do 15 grudnia.")
    )


def test_publishing_a_news_page_announces_it_in_whatsnew(demo_site):
    before = len(_whatsnew_events())
    news = _add_news()

    news.save_revision().publish()

    events = _whatsnew_events()
    assert len(events) == before + 1
    event = events[-1]
    assert event.type == "whatsnew.item"
    assert event.payload["kind"] == "news"
    assert event.payload["title"] == "Nowy nabór wniosków o małe granty"
    assert event.payload["url"] == "/aktualnosci/male-granty/"
    assert event.seq == stream_last_seq("cms.whatsnew")


def test_a_draft_or_a_correction_is_not_news_again(demo_site):
    news = _add_news()
    news.save_revision()  # a draft
    assert not StreamEvent.objects.filter(payload__title=news.title).exists()

    news.save_revision().publish()
    news = NewsPage.objects.get(pk=news.pk)  # as the admin's edit view loads it
    news.lead = "Poprawka: wnioski do 20 grudnia."
    news.save_revision().publish()

    assert StreamEvent.objects.filter(payload__title=news.title).count() == 1


def test_publishing_other_pages_does_not_announce(demo_site):
    before = len(_whatsnew_events())
    page = NewsIndexPage.objects.get()
    page.intro = "Nowy wstęp."
    page.save_revision().publish()

    assert len(_whatsnew_events()) == before


def test_whatsnew_item_is_sent_to_live_subscribers_only_after_commit(
    demo_site, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "cms.live.publisher.send_frame", lambda stream, frame: sent.append(frame)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        whatsnew_publish(
            kind="consultation", title="Konsultacje otwarte", url="/konsultacje/"
        )
    assert sent == []

    for callback in callbacks:
        callback()

    assert [frame["event"] for frame in sent] == ["whatsnew.item"]
    assert sent[0]["stream"] == "cms.whatsnew"
    assert sent[0]["data"]["title"] == "Konsultacje otwarte"


def test_home_page_lists_the_latest_ten_items_with_the_current_seq(client, demo_site):
    for number in range(12):
        whatsnew_publish(
            kind="event", title=f"Spotkanie {number}", url=f"/wydarzenia/{number}/"
        )

    doc = parse(client.get("/en/").content)
    section = doc.find("section", data_live_stream="cms.whatsnew")

    assert section.attrs["data-live-seq"] == str(stream_last_seq("cms.whatsnew"))
    items = section.find("ol").find_all("li")
    assert len(items) == 10
    assert items[0].find("a").text == "Spotkanie 11"
    # Stored in the default language, shown in the reader's.
    assert items[0].find("a").attrs["href"] == "/en/wydarzenia/11/"
    assert items[0].find("span", class_="badge").text == "Event"
    assert items[0].attrs["data-seq"] == section.attrs["data-live-seq"]


def test_home_page_shows_a_newly_published_news_item_in_whatsnew(client, demo_site):
    _add_news().save_revision().publish()

    doc = parse(client.get("/").content)
    first = doc.find("section", data_live_stream="cms.whatsnew").find("li")

    assert first.find("a").text == "Nowy nabór wniosków o małe granty"
    assert first.find("a").attrs["href"] == "/aktualnosci/male-granty/"


def test_home_page_loads_the_whatsnew_script_and_kind_labels(client, demo_site):
    doc = parse(client.get("/en/").content)

    assert doc.find("script", src="/static/js/whatsnew.js") is not None
    labels = doc.find("script", id="whatsnew-kinds")
    assert labels.attrs["type"] == "application/json"
    assert '"news": "News"' in labels.text


def test_empty_feed_says_nothing_new_yet(client, demo_site):
    WhatsNewItem.objects.all().delete()

    doc = parse(client.get("/en/").content)
    section = doc.find("section", data_live_stream="cms.whatsnew")
    empty = section.find("p", class_="empty")
    assert "hidden" not in empty.attrs
    assert empty.text == "Nothing new yet."
    assert section.find("ol").find_all("li") == []


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/", "data:text/html,x", ""]
)
def test_whatsnew_refuses_links_that_are_not_web_addresses(db, url):
    before = StreamEvent.objects.count()  # the module's demo site has some
    with pytest.raises(ValueError):
        whatsnew_publish(kind="news", title="Test", url=url)
    assert StreamEvent.objects.count() == before


def test_whatsnew_title_is_escaped_on_the_home_page(client, demo_site):
    whatsnew_publish(kind="news", title="<img src=x onerror=alert(1)>", url="/")

    content = client.get("/").content.decode()
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_feed_keeps_its_items_when_live_events_are_pruned(client, demo_site):
    before = parse(client.get("/en/").content).find(
        "section", data_live_stream="cms.whatsnew"
    )
    titles = [a.text for a in before.find("ol").find_all("a")]
    assert titles

    # Everything older than a retention of zero: the whole event table.
    events_prune(older_than=timedelta(0))
    assert not StreamEvent.objects.exists()

    after = parse(client.get("/en/").content).find(
        "section", data_live_stream="cms.whatsnew"
    )
    assert [a.text for a in after.find("ol").find_all("a")] == titles


def test_feed_drops_an_item_whose_page_is_no_longer_public(client, demo_site):
    from cms.models import NewsPage

    news = NewsPage.objects.live().first()
    item = WhatsNewItem.objects.get(page=news)

    def feed_titles():
        section = parse(client.get("/en/").content).find(
            "section", data_live_stream="cms.whatsnew"
        )
        return [a.text for a in section.find("ol").find_all("a")]

    assert item.title in feed_titles()
    news.unpublish()
    assert item.title not in feed_titles()
