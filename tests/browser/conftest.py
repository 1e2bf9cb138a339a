"""Real-browser journeys: Daphne serves the test database in a child process and
Debian's Chromium, driven by Playwright, uses the site like a person would."""

import asyncio
import email
import os
import re
from functools import partial
from pathlib import Path

import pytest
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Lets serialized_rollback work while Playwright runs.

    Playwright's sync API leaves its event loop marked as running in this thread
    between calls, so Django hands out a context-local connection object instead of
    the thread's one, which holds the serialized test data. serialized_rollback
    would then restore nothing (no Wagtail root page, no Site) and let flush
    recreate content types. Sharing the data on the connection class fixes both.
    """
    if fixturedef.argname == "_django_db_helper":
        from django.db import connections

        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)  # reach the thread's own connections
        try:
            for alias in connections:
                connection = connections[alias]
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents is not None:
                    type(connection)._test_serialized_contents = contents
        finally:
            asyncio._set_running_loop(loop)
    return (yield)


def _prepare_server_process(mail_dir: str, database_name: str) -> None:
    """Runs inside the server process: test database, mail written to files."""
    # The test database's name, as the parent has it. (Channels' helper would
    # prefix "test_" once more: a forked child already has the test settings.)
    settings.DATABASES["default"]["NAME"] = database_name
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    # fork() copies objects but not threads. asgiref's executor for database work
    # (database_sync_to_async, Channels' dispatch) still counts the worker thread an
    # earlier consumer test started in the parent, so it would never run a task here
    # and no WebSocket would ever open; channel layers would hold queues of the
    # parent's closed event loops.
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends.clear()


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker, mail_dir):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: "
            "install Debian's chromium or set CHROMIUM."
        )
    process = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=partial(
            _prepare_server_process,
            str(mail_dir),
            settings.DATABASES["default"]["NAME"],
        ),
    )
    # The server is a fork of this process: start it with database access allowed,
    # or it inherits pytest-django's block and every query fails.
    with django_db_blocker.unblock():
        # Nor may it inherit an open SQLite handle: SQLite state copied across
        # fork() goes stale, and the server then reads an old snapshot of the
        # test database (data written by a later test is missing).
        from django.db import connections

        connections.close_all()
        process.start()
    while not process.ready.wait(timeout=1):
        if not process.is_alive():
            raise RuntimeError("The test Daphne server stopped during start-up")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    # Twisted may take its time over a graceful shutdown (or wait on a socket the
    # browser left open): never let the suite hang on it.
    process.join(timeout=10)
    if process.is_alive():
        process.kill()
        process.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread; the ORM
    # calls the tests make between browser steps are still plain synchronous code.
    # Browser tests run last (tests/conftest.py), so no other test runs with it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server_url):
    """Opens fresh browser contexts (separate cookies: separate people)."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(
            base_url=live_server_url, locale="pl-PL", **kwargs
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def outbox(mail_dir):
    """Reads the e-mails the live server wrote, oldest first."""

    def read() -> list[email.message.Message]:
        messages = []
        for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            raw = path.read_bytes()
            for chunk in re.split(rb"\n-{79}\n", raw):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.lstrip()))
        return messages

    for path in mail_dir.glob("*.log"):
        path.unlink()
    return read


def mail_body(message: email.message.Message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                return part.get_payload(decode=True).decode(
                    part.get_content_charset() or "utf-8"
                )
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8") if payload else ""
