"""Demo consultations of "Gmina Przykładowo" (called by ``manage.py seed_demo``
after the site shell and the demo users).

Three consultations: the open cooperation programme 2027 with a lively
discussion, an open resolution naming a square, and a closed resolution whose
second version answers the comments. Comments, replies, supports and official
responses go through participation's services, like a person's would.
Idempotent: a consultation that exists (by slug) is kept as it is.
"""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from cms.accounts import roles
from cms.accounts.models import Department
from cms.demo import demo_now, programme_dates, take_placeholder
from cms.tasks import tasks_held
from participation import services as participation
from participation.models import (
    Comment,
    OfficialResponse,
    Organisation,
    OrganisationMembership,
)

from . import demo_texts, services
from .demo_comments import PLAYGROUND_COMMENTS, PROGRAMME_COMMENTS, SQUARE_COMMENTS
from .models import (
    Audience,
    ConsultationIndexPage,
    ConsultationNotice,
    ConsultationPage,
    ConsultationRelatedEvent,
    DraftAct,
    SubjectKind,
)

DEMO_PASSWORD = "wspolnie-demo"
INDEX_SLUG = "konsultacje"
COOPERATION_OFFICE = "Biuro Współpracy z Organizacjami Pozarządowymi"
COMMUNAL_DEPARTMENT = "Wydział Gospodarki Komunalnej"

# Fictional residents who take part in the demo discussions.
RESIDENTS = [
    ("marek.zajac@example.org", "Marek Zając", "Osiedle Kwiatowe"),
    ("ewa.wojcik@example.org", "Ewa Wójcik", "sołectwo Dąbrowa"),
    ("krzysztof.mazur@example.org", "Krzysztof Mazur", "Osiedle Słoneczne"),
    ("joanna.krawczyk@example.org", "Joanna Krawczyk", "sołectwo Lipnik"),
    ("andrzej.piotrowski@example.org", "Andrzej Piotrowski", "Śródmieście"),
    ("barbara.grabowska@example.org", "Barbara Grabowska", "Osiedle Młodych"),
    ("michal.pawlak@example.org", "Michał Pawlak", "sołectwo Zalesie"),
    ("agnieszka.michalska@example.org", "Agnieszka Michalska", "Osiedle Kwiatowe"),
]
COMMUNAL_OFFICIAL = (
    "komunalny.urzednik@example.org",
    "Marek Lewandowski — Wydział Gospodarki Komunalnej",
)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


# --- people ------------------------------------------------------------------------


def _user(email: str, display_name: str, **fields):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=display_name, **fields
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _people(stdout) -> dict | None:
    """Demo users by short key, or None when seed_demo ran with --no-users."""
    User = get_user_model()
    found = {
        key: User.objects.filter(email__iexact=f"{key}@example.org").first()
        for key in ("resident", "ngo", "official", "moderator", "editor")
    }
    if found["resident"] is None or found["official"] is None:
        return None
    people = dict(found)
    for email, name, district in RESIDENTS:
        people[email.split("@")[0]] = _user(email, name, district=district)
    communal = Department.objects.filter(name=COMMUNAL_DEPARTMENT).first()
    official = _user(*COMMUNAL_OFFICIAL, department=communal)
    official.groups.add(Group.objects.get(name=roles.OFFICIALS))
    people["communal"] = official
    _say(stdout, f"  users    {len(RESIDENTS)} residents and a communal official")
    return people


def _organisation(people: dict):
    """Fundacja Razem, represented by ngo@example.org (see the participation
    contract); kept if participation's demo created it already."""
    organisation, _created = Organisation.objects.get_or_create(
        slug="fundacja-razem",
        defaults={"name": "Fundacja Razem", "krs": "0000123456", "verified": True},
    )
    if people.get("ngo") is not None:
        OrganisationMembership.objects.get_or_create(
            user=people["ngo"],
            organisation=organisation,
            defaults={"verified": True},
        )
    return organisation


# --- pages -------------------------------------------------------------------------


def _index(stdout) -> ConsultationIndexPage | None:
    existing = ConsultationIndexPage.objects.first()
    if existing is not None:
        _say(stdout, f"  kept     {existing.url_path}")
        return existing
    home = take_placeholder(INDEX_SLUG)
    if home.get_children().filter(slug=INDEX_SLUG).exists():
        # Someone turned the placeholder into a real page: leave it alone.
        _say(stdout, f"  skipped  the page at /{INDEX_SLUG}/ is not a placeholder")
        return None
    index = ConsultationIndexPage(
        title="Konsultacje",
        slug=INDEX_SLUG,
        intro=(
            "<p>Tu gmina pyta mieszkańców i organizacje o zdanie przed podjęciem "
            "uchwał. Skomentuj cały projekt albo wybrany przepis — urząd odpowie "
            "na każdą uwagę.</p>"
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    _say(stdout, f"  created  {index.url_path}  {index.title}")
    return index


def _consultation(
    index, *, slug: str, tags=(), events=(), **fields
) -> ConsultationPage:
    index = ConsultationIndexPage.objects.get(pk=index.pk)
    page = ConsultationPage(slug=slug, **fields)
    page.tags.add(*tags)
    page.related_events = [ConsultationRelatedEvent(**event) for event in events]
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def _publish_text(page, *, title: str, text: str, note: str, user):
    act, _created = DraftAct.objects.get_or_create(
        consultation=page, defaults={"title": title}
    )
    version = services.draft_act_version_create_from_text(
        act=act, text=text, note=note, user=user
    )
    version = services.version_publish(version=version, user=user)
    # Published when comments opened, like the backdated comments written on it
    # (the comparison of versions lists the comments made since a version came
    # out).
    type(version).objects.filter(pk=version.pk).update(published_at=page.opens_at)
    version.published_at = page.opens_at
    return version


# --- discussions -------------------------------------------------------------------


def _discussion(page, specs, people, *, organisation, official, start, end, rng):
    """Write the comments in ``specs`` on ``page`` and spread their dates evenly
    between ``start`` and ``end``. Returns the comments by index."""
    keys = {p.label: str(p.key) for p in page.current_provisions()}
    comments = []
    for spec in specs:
        author = people[spec["author"]]
        comment = participation.comment_create(
            author=author,
            target=page,
            text=spec["text"],
            anchor=keys[spec["anchor"]] if spec.get("anchor") else "",
            proposed_wording=spec.get("proposed", ""),
            justification=spec.get("justification", ""),
            on_behalf_of=organisation if spec["author"] == "ngo" else None,
        )
        comments.append(comment)
        for reply_author, reply_text in spec.get("replies", []):
            participation.comment_create(
                author=people[reply_author],
                target=page,
                text=reply_text,
                parent=comment,
            )
        for supporter in spec.get("supporters", []):
            if people[supporter].pk != author.pk:
                participation.comment_support(
                    user=people[supporter], comment=comment, support=True
                )
        if spec.get("response"):
            decision, reasoning = spec["response"]
            participation.official_response_publish(
                official=official,
                comment=comment,
                decision=decision,
                reasoning=reasoning,
            )
    # Backdate: a discussion takes weeks, not the second the seed ran in. Each
    # reply comes after its comment and each answer after both, none later
    # than the seeding itself.
    step = (end - start) / max(len(comments), 1)
    for i, comment in enumerate(comments):
        created = min(start + step * i + timedelta(minutes=rng.randint(0, 600)), end)
        Comment.objects.filter(pk=comment.pk).update(created_at=created)
        replies = Comment.objects.filter(parent=comment).order_by("pk")
        last = created
        for reply in replies:
            last = _later(last, timedelta(hours=rng.randint(2, 30)), now=end)
            Comment.objects.filter(pk=reply.pk).update(created_at=last)
        answered = _later(last, timedelta(days=3), now=end)
        OfficialResponse.objects.filter(comment=comment).update(
            created_at=answered, updated_at=answered
        )
    return comments


def _later(after, by: timedelta, *, now):
    """``after + by``, or, when that would be past ``now``, halfway there."""
    return min(after + by, after + (now - after) / 2)


def _programme(index, people, organisation, stdout, now, rng) -> None:
    slug = "program-wspolpracy-2027"
    if ConsultationPage.objects.filter(slug=slug).exists():
        _say(stdout, f"  kept     consultation {slug}")
        return
    title = (
        "Roczny program współpracy Gminy Przykładowo z organizacjami "
        "pozarządowymi na 2027 rok"
    )
    dates = programme_dates(now)
    page = _consultation(
        index,
        slug=slug,
        title=title,
        subject_kind=SubjectKind.COOPERATION_PROGRAMME,
        summary=(
            "<p>Program mówi, jak gmina będzie w 2027 roku współpracować "
            "z fundacjami, stowarzyszeniami i klubami: na co przeznaczy co najmniej "
            "<b>850 000 zł</b>, które zadania uznaje za najważniejsze i jak "
            "organizacje mogą korzystać z lokali gminy.</p>"
            "<p>Uwagi mogą zgłaszać wszyscy: mieszkańcy i organizacje. Biuro "
            "Współpracy odpowie na każdą z nich.</p>"
        ),
        department=Department.objects.filter(name=COOPERATION_OFFICE).first(),
        contact_name="Katarzyna Nowak",
        contact_email="wspolpraca@przykladowo.example.org",
        contact_phone="12 345 67 89",
        legal_basis=(
            "art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności "
            "pożytku publicznego i o wolontariacie; uchwała Nr XI/87/2025 Rady "
            "Gminy Przykładowo w sprawie sposobu konsultowania projektów aktów "
            "prawa miejscowego"
        ),
        audience=Audience.EVERYONE,
        # The same dates as the news and the announcement about it (cms.demo).
        opens_at=dates["opens_at"],
        closes_at=dates["closes_at"],
        tags=["organizacje pozarządowe", "budżet"],
        events=[
            {
                "title": (
                    "Spotkanie konsultacyjne z organizacjami (sala sesyjna "
                    "Urzędu Gminy)"
                ),
                "starts_at": dates["meeting_at"],
            }
        ],
    )
    _publish_text(
        page,
        title=(
            "Projekt uchwały w sprawie przyjęcia Rocznego programu współpracy na "
            "2027 rok"
        ),
        text=demo_texts.PROGRAMME_2027,
        note="Projekt przygotowany przez Biuro Współpracy.",
        user=people["editor"],
    )
    page = ConsultationPage.objects.get(pk=page.pk)
    comments = _discussion(
        page,
        PROGRAMME_COMMENTS,
        people,
        organisation=organisation,
        official=people["official"],
        start=dates["opens_at"] + timedelta(days=1),
        end=now - timedelta(hours=6),
        rng=rng,
    )
    _say(stdout, f"  created  consultation {slug} ({len(comments)} comments)")


def _square(index, people, organisation, stdout, now, rng) -> None:
    slug = "nazwa-skweru-im-ireny-sendlerowej"
    if ConsultationPage.objects.filter(slug=slug).exists():
        _say(stdout, f"  kept     consultation {slug}")
        return
    title = "Nazwa dla skweru przy ulicy Szkolnej: Skwer im. Ireny Sendlerowej"
    page = _consultation(
        index,
        slug=slug,
        title=title,
        subject_kind=SubjectKind.DRAFT_RESOLUTION,
        summary=(
            "<p>Rada Rodziców Szkoły Podstawowej nr 1 zaproponowała, by skwer "
            "między ulicami Szkolną i Lipową nosił imię Ireny Sendlerowej. Zanim "
            "Rada Gminy podejmie uchwałę, pytamy mieszkańców o zdanie.</p>"
        ),
        department=Department.objects.filter(name=COMMUNAL_DEPARTMENT).first(),
        contact_name="Marek Lewandowski",
        contact_email="komunalny@przykladowo.example.org",
        contact_phone="12 345 67 70",
        legal_basis=(
            "art. 18 ust. 2 pkt 13 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym"
        ),
        audience=Audience.EVERYONE,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=18),
        tags=["nazwy ulic i placów"],
    )
    _publish_text(
        page,
        title="Projekt uchwały w sprawie nadania nazwy skwerowi",
        text=demo_texts.SQUARE_NAME,
        note="",
        user=people["editor"],
    )
    page = ConsultationPage.objects.get(pk=page.pk)
    comments = _discussion(
        page,
        SQUARE_COMMENTS,
        people,
        organisation=organisation,
        official=people["communal"],
        start=now - timedelta(days=3),
        end=now - timedelta(hours=2),
        rng=rng,
    )
    _say(stdout, f"  created  consultation {slug} ({len(comments)} comments)")


def _playgrounds(index, people, organisation, stdout, now, rng) -> None:
    """A closed consultation: every comment answered, and version 2 changes the
    provisions the accepted comments were about."""
    slug = "regulamin-placow-zabaw"
    if ConsultationPage.objects.filter(slug=slug).exists():
        _say(stdout, f"  kept     consultation {slug}")
        return
    opens_at = now - timedelta(days=45)
    page = _consultation(
        index,
        slug=slug,
        title="Regulamin korzystania z gminnych placów zabaw",
        subject_kind=SubjectKind.DRAFT_RESOLUTION,
        summary=(
            "<p>Jeden regulamin dla wszystkich 14 gminnych placów zabaw: godziny "
            "otwarcia, kto może korzystać z urządzeń i czego nie wolno. Dziękujemy "
            "za uwagi — wersja 2 projektu uwzględnia część z nich.</p>"
        ),
        department=Department.objects.filter(name=COMMUNAL_DEPARTMENT).first(),
        contact_name="Marek Lewandowski",
        contact_email="komunalny@przykladowo.example.org",
        contact_phone="12 345 67 70",
        legal_basis=(
            "art. 40 ust. 2 pkt 4 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym"
        ),
        audience=Audience.RESIDENTS,
        # Open while the discussion is written; closed below.
        opens_at=opens_at,
        closes_at=now + timedelta(days=1),
        tags=["dzieci i rodzina", "przestrzeń publiczna"],
    )
    first = _publish_text(
        page,
        title="Projekt uchwały w sprawie regulaminu korzystania z placów zabaw",
        text=demo_texts.PLAYGROUNDS_V1,
        note="",
        user=people["editor"],
    )
    page = ConsultationPage.objects.get(pk=page.pk)
    comments = _discussion(
        page,
        PLAYGROUND_COMMENTS,
        people,
        organisation=None,
        official=people["communal"],
        start=now - timedelta(days=43),
        end=now - timedelta(days=25),
        rng=rng,
    )
    second = services.draft_act_version_create_from_text(
        act=first.act,
        text=demo_texts.PLAYGROUNDS_V2,
        note=(
            "Dłuższe godziny otwarcia latem, wyjątki dla psów asystujących "
            "i rowerków biegowych, zakaz e-papierosów, tablice z numerem "
            "alarmowym — po uwagach mieszkańców."
        ),
        user=people["editor"],
    )
    services.version_publish(version=second, user=people["editor"])
    # Move the story into the past: version 1 at the opening, version 2 after
    # the closing, the answers in between (after every reply).
    second_published = now - timedelta(days=8)
    type(first).objects.filter(pk=first.pk).update(published_at=opens_at)
    type(second).objects.filter(pk=second.pk).update(published_at=second_published)
    # Its followers were told back then (no one is mailed about it now).
    ConsultationNotice.objects.filter(version=second).update(
        sent_at=second_published, delivered_at=second_published
    )
    OfficialResponse.objects.filter(comment__in=comments).update(
        created_at=now - timedelta(days=18), updated_at=now - timedelta(days=18)
    )
    page = ConsultationPage.objects.get(pk=page.pk)
    page.closes_at = now - timedelta(days=21)
    page.save_revision().publish()
    _say(stdout, f"  created  consultation {slug} ({len(comments)} comments, closed)")


def seed(stdout=None) -> None:
    """The consultations section and its three demo consultations."""
    _say(stdout, "Consultations:")
    now = demo_now()
    rng = random.Random(2027)
    # The story happened in the past: no one is mailed about its comments,
    # replies and answers (tasks_held: the services enqueue no e-mail).
    with transaction.atomic(), tasks_held():
        index = _index(stdout)
        if index is None:
            return
        people = _people(stdout)
        if people is None:
            _say(stdout, "  skipped  demo consultations: demo users are missing")
            return
        organisation = _organisation(people)
        _programme(index, people, organisation, stdout, now, rng)
        _square(index, people, organisation, stdout, now, rng)
        _playgrounds(index, people, organisation, stdout, now, rng)
