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
def module_media_root(tmp_path_factory):
    """A temporary MEDIA_ROOT for a module's data built once (the demo's documents)
    and its tests' uploads: files are not rolled back with the database."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="module")
def _demo_site_once(module_db, module_media_root, django_db_blocker):
    """``cms.demo.seed()`` once for the module (see ``module_db``), searchable
    (as ``seed_demo`` leaves it)."""
    from cms import demo
    from cms.search.services import index_rebuild

    with django_db_blocker.unblock(), translation.override("pl"):
        home = demo.seed()
        index_rebuild()
        return home.pk


@pytest.fixture
def demo_site(_demo_site_once, db, request):
    """The site shell's demo content (no users, no app seeders): the home page.

    Built once per module (see ``module_db``); each test's writes are rolled back.
    Other ``db`` tests of a module that uses it run on top of the demo too.
    """
    refuse_transactional(request)
    return HomePage.objects.get(pk=_demo_site_once)
