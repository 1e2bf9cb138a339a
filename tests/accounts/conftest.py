import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _polish(settings):
    settings.LANGUAGE_CODE = "pl"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")
