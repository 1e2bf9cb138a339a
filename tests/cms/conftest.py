import pytest
from django.test import override_settings
from django.utils import translation

from cms.models import HomePage
from tests.conftest import refuse_transactional


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded demo documents go to a temporary folder, not var/test-media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def _demo_site_once(module_db, django_db_blocker, tmp_path_factory):
    """``cms.demo.seed()`` once for the module, its documents in a temporary folder
    that the module's tests also upload to."""
    from cms import demo

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")))
    media.enable()
    try:
        with django_db_blocker.unblock(), translation.override("pl"):
            home_pk = demo.seed().pk
        yield home_pk
    finally:
        media.disable()


@pytest.fixture
def demo_site(_demo_site_once, db, request):
    """The site shell's demo content (no users, no app seeders): the home page.

    Built once per module (see ``module_db``); each test's writes are rolled back.
    Other ``db`` tests of a module that uses it run on top of the demo too.
    """
    refuse_transactional(request)
    return HomePage.objects.get(pk=_demo_site_once)
