"""Builders for consultation tests: a site with a home page, the consultations
index, consultations with a published draft act, comments."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, Site

from cms.accounts.roles import EDITORS
from cms.models import HomePage
from consultations import services
from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    DraftAct,
)

ACT_TEXT = """Projekt
UCHWAŁA NR ..../..../2026
RADY GMINY PRZYKŁADOWO
w sprawie zasad utrzymania zieleni

Na podstawie art. 18 ust. 2 pkt 15 ustawy o samorządzie gminnym uchwala się:

§ 1. Uchwała określa zasady utrzymania zieleni miejskiej.

§ 2. 1. Drzewa przy ulicach podlewa się co najmniej raz w tygodniu.
2. W okresie suszy podlewa się je co trzy dni.

§ 3. Wykonanie uchwały powierza się Wójtowi Gminy.
"""


def site_home() -> HomePage:
    """The home page at the root of the default site (created once per test)."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Gmina Przykładowo", slug="home-test")
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="testserver", port=80, root_page=home, is_default_site=True
        )
    else:
        site.root_page = home
        site.save()
    return home


def consultation_index() -> ConsultationIndexPage:
    existing = ConsultationIndexPage.objects.first()
    if existing is not None:
        return existing
    home = site_home()
    return home.add_child(
        instance=ConsultationIndexPage(title="Konsultacje", slug="konsultacje")
    )


def act_editor():
    """The editor who enters the draft acts of ``make_consultation`` when a test
    does not say who: the services refuse anyone else."""
    user, created = get_user_model().objects.get_or_create(
        email="factory-editor@example.org",
        defaults={"display_name": "Redakcja"},
    )
    if created:
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def make_consultation(
    title="Projekt uchwały w sprawie zieleni",
    *,
    slug=None,
    opens_in=timedelta(days=-1),
    closes_in=timedelta(days=14),
    act_text: str | None = ACT_TEXT,
    publish=True,
    user=None,
    opens_at=None,
    closes_at=None,
    **fields,
) -> ConsultationPage:
    """An open (by default) consultation with a published version 1."""
    now = timezone.now()
    opens_at = opens_at or now + opens_in
    closes_at = closes_at or now + closes_in
    index = consultation_index()
    page = index.add_child(
        instance=ConsultationPage(
            title=title,
            slug=slug or f"k-{ConsultationPage.objects.count() + 1}",
            opens_at=opens_at,
            closes_at=closes_at,
            **fields,
        )
    )
    if act_text is not None:
        user = user or act_editor()
        act = DraftAct.objects.create(consultation=page, title=title)
        version = services.draft_act_version_create_from_text(
            act=act, text=act_text, note="", user=user
        )
        if publish:
            services.version_publish(version=version, user=user)
    return ConsultationPage.objects.get(pk=page.pk)


def provision(page: ConsultationPage, label: str, *, version=None):
    version = version or page.draft_act.versions.order_by("-number").first()
    return version.provisions.get(label=label)


def add_comments(page, author, count: int, *, anchor: str = "", **fields):
    """Comments written straight to the database (fast, no rate limit)."""
    from participation.models import Comment

    content_type = ContentType.objects.get_for_model(ConsultationPage)
    return Comment.objects.bulk_create(
        Comment(
            target_type=content_type,
            target_id=page.pk,
            anchor=anchor,
            author=author,
            text=f"<p>Uwaga numer {i}</p>",
            **fields,
        )
        for i in range(count)
    )
