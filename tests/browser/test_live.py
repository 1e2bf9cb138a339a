"""Live updates in a real browser: the home page's "What's new" feed.

The server runs in a child process. With the in-memory channel layer this test
process cannot reach its sockets, so events published here arrive only through
the replay from the shared database after a reconnect; with Redis (REDIS_URL)
they also arrive live.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections, transaction
from playwright.sync_api import expect
from wagtail.models import Page, Site

from cms.models import HomePage
from cms.services import whatsnew_publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STREAM = "cms.whatsnew"
LIVE_LAYER = bool(os.environ.get("REDIS_URL"))


def make_home_page() -> HomePage:
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Gmina Przykładowo", slug="home-live")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def publish_item(title: str, *, copies: int = 1) -> int:
    """Publishes feed items as services do, and returns the last seq.

    In a worker thread: Playwright keeps an event loop in this one, and the
    channel-layer notification after commit must not run inside a running loop.
    """

    def run() -> int:
        try:
            with transaction.atomic():
                for _ in range(copies):
                    seq = whatsnew_publish(kind="news", title=title, url="/").seq
            return seq
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def record_live_events(page) -> None:
    page.evaluate(
        """() => {
          window.liveSeqs = [];
          document.addEventListener(
            "live:event", (e) => window.liveSeqs.push(e.detail.seq)
          );
        }"""
    )


def go_offline_and_back(context, page, title: str, *, copies: int = 1) -> int:
    status = page.locator("[data-live-status]")
    context.set_offline(True)
    expect(status).to_have_attribute("data-live-state", "offline")
    seq = publish_item(title, copies=copies)
    context.set_offline(False)
    return seq


def test_whats_new_feed_catches_up_exactly_once_after_being_offline(new_context):
    make_home_page()
    context = new_context()
    page = context.new_page()
    page.goto("/")
    feed = page.locator("[data-whatsnew-list]")
    status = page.locator("[data-live-status]")
    expect(status).to_have_attribute("data-live-state", "open")
    record_live_events(page)
    expected = []

    if LIVE_LAYER:
        expected.append(publish_item("Ruszyły konsultacje w sprawie zieleni"))
        expect(feed.get_by_text("Ruszyły konsultacje w sprawie zieleni")).to_have_count(
            1
        )

    expected.append(go_offline_and_back(context, page, "Wyniki budżetu obywatelskiego"))
    expect(feed.get_by_text("Wyniki budżetu obywatelskiego")).to_have_count(1)
    expect(status).to_have_attribute("data-live-state", "open")

    # A second round: a replay that doubled the first item would show it again
    # before this one.
    expected.append(go_offline_and_back(context, page, "Spotkanie w bibliotece"))
    expect(feed.get_by_text("Spotkanie w bibliotece")).to_have_count(1)

    assert page.evaluate("window.liveSeqs") == expected
    expect(feed.get_by_text("Wyniki budżetu obywatelskiego")).to_have_count(1)
    expect(feed.locator("li")).to_have_count(len(expected))


def test_page_that_missed_too_much_asks_to_be_refreshed(new_context):
    make_home_page()
    context = new_context()
    page = context.new_page()
    page.goto("/")
    status = page.locator("[data-live-status]")
    expect(status).to_have_attribute("data-live-state", "open")
    record_live_events(page)

    # The server process keeps the default replay limit.
    missed = settings.LIVE_REPLAY_LIMIT + 1
    go_offline_and_back(context, page, "Jedna z wielu zmian", copies=missed)

    notice = status.get_by_role("link")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(status.get_attribute("data-text-reset"))
    expect(status).not_to_have_class("visually-hidden")
    assert page.evaluate("window.liveSeqs") == []
    expect(page.locator("[data-whatsnew-list] li")).to_have_count(0)
    notice.click()
    expect(page.locator("[data-whatsnew-list] li")).to_have_count(10)


def test_page_without_live_content_opens_no_socket_until_asked(new_context):
    page = new_context().new_page()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto("/szukaj/")
    assert sockets == []

    # A page that adds live content later follows it through the module's API.
    with page.expect_websocket() as opened:
        page.evaluate(
            """() => import("/static/js/live.js")
                 .then((live) => live.subscribe("cms.whatsnew", 0))"""
        )
    assert opened.value.url.endswith("/ws/live/?lang=pl")
    expect(page.locator("[data-live-status]")).to_have_attribute(
        "data-live-state", "open"
    )
