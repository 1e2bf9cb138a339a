import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded demo documents go to a temporary folder, not var/test-media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_site(db, media_root):
    """The site shell's demo content (no users, no app seeders): the home page."""
    from cms import demo

    return demo.seed()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: one test's seeding must not throttle the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
