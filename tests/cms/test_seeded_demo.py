"""What one ``manage.py seed_demo`` (DEBUG on) builds, seeded once for the module.
How seeding behaves (refusals, re-runs, app seeders) is in test_seed.py."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone, translation
from wagtail.models import Page, Site

from cms.accounts import roles
from cms.accounts.models import Department
from cms.models import (
    DocumentsHubPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PublicDocument,
    StandardPage,
    WhatsNewItem,
)
from events.models import EventIndexPage
from tests.conftest import refuse_transactional

pytestmark = pytest.mark.django_db

SECTION_SLUGS = [
    "konsultacje",
    "wydarzenia",
    "organizacje",
    "wyniki",
    "aktualnosci",
    "dokumenty",
    "deklaracja-dostepnosci",
]


@pytest.fixture(scope="module")
def _seed_once(module_db, module_media_root, django_db_blocker):
    out = io.StringIO()
    sent_before = len(mail.outbox)
    with (
        override_settings(DEBUG=True),
        django_db_blocker.unblock(),
        translation.override("pl"),
        # What the seed leaves for after its commit (e-mail tasks among it)
        # runs, as it would after a real seed: module_db never commits.
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        started = timezone.now()
        call_command("seed_demo", stdout=out)
    return {
        "output": out.getvalue(),
        "mail": list(mail.outbox[sent_before:]),
        "started": started,
    }


@pytest.fixture
def seed_output(_seed_once, db, request):
    """What the command printed; what it built is in the database (see module_db)."""
    refuse_transactional(request)
    return _seed_once["output"]


def test_seed_builds_gmina_przykladowo(seed_output):
    home = HomePage.objects.get()
    assert home.title == "Gmina Przykładowo — Wspólnie"
    assert "Witamy" in home.intro
    site = Site.objects.get()
    assert (site.hostname, site.port, site.is_default_site) == ("localhost", 80, True)
    assert site.site_name == "Gmina Przykładowo"
    assert site.root_page_id == home.pk
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert list(Page.objects.filter(depth=2)) == [home.page_ptr]

    children = {page.slug: page.specific for page in home.get_children()}
    assert set(SECTION_SLUGS) <= set(children)
    assert isinstance(children["aktualnosci"], NewsIndexPage)
    assert isinstance(children["dokumenty"], DocumentsHubPage)
    assert children["dokumenty"].title == "Dokumenty dla organizacji — jedno okienko"
    # The events app's seeder replaced the placeholder at /wydarzenia/.
    assert isinstance(children["wydarzenia"], EventIndexPage)
    for slug in ("organizacje", "wyniki", "deklaracja-dostepnosci"):
        assert isinstance(children[slug], StandardPage)
    assert all(page.live for page in children.values())

    news = NewsPage.objects.child_of(children["aktualnosci"])
    assert news.count() == 4
    assert all(item.date <= timezone.localdate() for item in news)
    assert {d.kind for d in PublicDocument.objects.all()} >= {
        "resolution",
        "order",
        "programme",
        "announcement",
    }
    # The events' materials have no year.
    years = {d.year for d in PublicDocument.objects.exclude(year=None)}
    assert {2025, 2026} <= years
    assert max(years) <= timezone.localdate().year
    assert set(Department.objects.values_list("name", flat=True)) == {
        "Wydział Organizacyjny",
        "Biuro Współpracy z Organizacjami Pozarządowymi",
        "Wydział Gospodarki Komunalnej",
    }
    assert "Demo content is ready." in seed_output


def test_demo_users_have_roles_verified_emails_and_the_demo_password(seed_output):
    User = get_user_model()
    expected_groups = {
        "resident@example.org": set(),
        "ngo@example.org": set(),
        "official@example.org": {roles.OFFICIALS},
        "moderator@example.org": {roles.MODERATORS},
        "facilitator@example.org": {roles.FACILITATORS},
        "editor@example.org": {roles.EDITORS},
    }
    for email, groups in expected_groups.items():
        user = User.objects.get(email=email)
        assert set(user.groups.values_list("name", flat=True)) == groups
        assert user.check_password("wspolnie-demo")
        assert user.display_name
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
    resident = User.objects.get(email="resident@example.org")
    assert (resident.display_name, resident.district) == (
        "Anna Mieszkanka",
        "Osiedle Słoneczne",
    )
    assert User.objects.get(email="ngo@example.org").display_name == (
        "Fundacja Razem — Piotr"
    )
    official = User.objects.get(email="official@example.org")
    assert official.department.name == "Biuro Współpracy z Organizacjami Pozarządowymi"
    assert User.objects.get(email="editor@example.org").is_staff
    assert not resident.is_staff


def test_demo_user_can_log_in_with_email_and_password(client, settings, seed_output):
    settings.DEBUG = True

    response = client.post(
        "/konto/login/", {"login": "resident@example.org", "password": "wspolnie-demo"}
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(
        get_user_model().objects.get(email="resident@example.org").pk
    )


def test_seeding_sends_and_queues_no_email(_seed_once, seed_output):
    assert [m.subject for m in _seed_once["mail"]] == []
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.filter(task_path__contains="notice").exists()


def test_seeded_dates_agree(_seed_once, seed_output):
    """The demo's story in order: nothing after the seeding, replies after what
    they answer, answers after the comment and its replies, the news' deadline
    and meeting those of its consultation, "what's new" dated like the news."""
    from cms.demo import polish_date
    from consultations.models import ConsultationPage
    from participation.models import Comment, OfficialResponse

    seeded = _seed_once["started"] + timedelta(minutes=5)
    comments = Comment.objects.select_related("parent")
    assert comments.exists()
    assert not comments.filter(created_at__gt=seeded).exists()
    for reply in comments.exclude(parent=None):
        assert reply.created_at > reply.parent.created_at, reply.pk
    responses = OfficialResponse.objects.select_related("comment")
    assert responses.exists()
    for response in responses:
        assert response.created_at <= seeded, f"response {response.pk} in the future"
        assert response.updated_at <= seeded, f"response {response.pk} in the future"
        assert response.created_at > response.comment.created_at, response.pk
        for reply in comments.filter(parent=response.comment):
            assert response.created_at > reply.created_at, response.pk

    programme = ConsultationPage.objects.get(slug="program-wspolpracy-2027")
    news = NewsPage.objects.get(slug="konsultacje-programu-wspolpracy-2027")
    assert news.date == timezone.localtime(programme.opens_at).date()
    deadline = polish_date(programme.closes_at)
    assert f"Do {deadline} r." in news.lead
    [meeting] = programme.related_events.all()
    body = " ".join(block.render_as_block() for block in news.body)
    assert f"{polish_date(meeting.starts_at)} o 17:00" in body
    assert timezone.localtime(meeting.starts_at).hour == 17
    announcement = PublicDocument.objects.get(kind="announcement")
    assert deadline in announcement.description

    for item in NewsPage.objects.all():
        assert item.date <= timezone.localdate()
        [feed_item] = WhatsNewItem.objects.filter(page=item)
        assert timezone.localtime(feed_item.created_at).date() == item.date, item.slug
