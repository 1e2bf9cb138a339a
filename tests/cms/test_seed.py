import io
import re
import sys
import types

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from cms import demo
from cms.accounts.models import Department
from cms.live.models import StreamEvent
from cms.management.commands import seed_demo
from cms.models import (
    HomePage,
    NewsIndexPage,
    PublicDocument,
)

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "emails": EmailAddress.objects.count(),
        "documents": PublicDocument.objects.count(),
        "departments": Department.objects.count(),
        "sites": Site.objects.count(),
        "events": StreamEvent.objects.count(),
        "memberships": get_user_model().groups.through.objects.count(),
    }


def test_second_run_changes_nothing(settings, media_root):
    settings.DEBUG = True
    _seed()
    first = _counts()
    pages = list(Page.objects.order_by("path").values_list("path", "slug", "title"))

    output = _seed()

    assert _counts() == first
    assert list(Page.objects.order_by("path").values_list("path", "slug", "title")) == (
        pages
    )
    assert all(not problems for problems in Page.find_problems())
    assert "created" not in output


def test_seed_refuses_demo_users_without_debug(settings, media_root):
    settings.DEBUG = False
    before = _counts()

    with pytest.raises(CommandError, match="--no-users"):
        _seed()

    assert _counts() == before
    assert not HomePage.objects.exists()


def test_seed_without_debug_and_no_users_seeds_content_only(settings, media_root):
    settings.DEBUG = False
    users_before = get_user_model().objects.count()

    output = _seed(no_users=True)

    assert HomePage.objects.exists()
    assert PublicDocument.objects.count() == 6
    assert get_user_model().objects.count() == users_before
    assert "skipped (--no-users)" in output


def test_app_seeders_run_after_the_shell_and_may_replace_a_placeholder(
    settings, media_root, monkeypatch
):
    calls = []

    def seed(stdout):
        # What the consultations app will do: take the "konsultacje" slug over.
        home = demo.take_placeholder("konsultacje")
        assert Page.objects.filter(slug="wydarzenia").exists()  # shell came first
        calls.append(home.pk)
        if not home.get_children().filter(slug="konsultacje").exists():
            home.add_child(
                instance=NewsIndexPage(
                    title="Konsultacje (aplikacja)", slug="konsultacje"
                )
            )
        stdout.write("fake app seeded")

    module = types.ModuleType("fakeapp_demo_ok")
    module.seed = seed
    monkeypatch.setitem(sys.modules, "fakeapp_demo_ok", module)
    monkeypatch.setattr(
        seed_demo, "APP_SEEDERS", ["fakeapp_demo_ok", "fakeapp_not_there.demo"]
    )

    output = _seed(no_users=True)
    output += _seed(no_users=True)

    assert len(calls) == 2
    page = HomePage.objects.get().get_children().get(slug="konsultacje")
    assert page.specific.title == "Konsultacje (aplikacja)"
    assert "fake app seeded" in output
    assert "fakeapp_not_there.demo: no demo content yet, skipped." in output


def test_a_broken_app_seeder_import_is_reported_not_skipped(
    settings, media_root, monkeypatch, tmp_path
):
    package = tmp_path / "fakeapp_broken"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "demo.py").write_text("import a_dependency_that_is_missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(seed_demo, "APP_SEEDERS", ["fakeapp_broken.demo"])

    with pytest.raises(ModuleNotFoundError, match="a_dependency_that_is_missing"):
        _seed(no_users=True)


def test_demo_pdf_is_a_valid_pdf_with_a_correct_cross_reference_table():
    pdf = demo.tiny_pdf(["Uchwała nr XIV/112/2025 (projekt)", "Zażółć gęślą jaźń"])

    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref\n0 6\n")
    offsets = re.findall(rb"(\d{10}) 00000 n \n", pdf[startxref:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert b"(Zazolc gesla jazn) '" in pdf
    assert b"\\(projekt\\)" in pdf
