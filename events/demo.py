"""Demo events of "Gmina Przykładowo" (called by ``manage.py seed_demo`` after
the consultations): the events section at /wydarzenia/ and

- an upcoming citizen café on the 2027 cooperation programme, with an agenda
  and materials, run by the demo facilitator;
- a past citizen café on the same consultation (its tables and harvest come
  from the café's own demo);
- an upcoming citizen breakfast with few places, which the demo registrations
  fill, with a waiting list;
- a past open meeting on the playgrounds rules, with its minutes and their
  document, and its attendance.

Without the demo users (``seed_demo --no-users``) only the section is made.
Dates are relative to today and agree with the consultations' (the café falls
while the programme is open for comments). Idempotent: an event that exists
(by slug) is kept. Sends no e-mail: pages are published for the first time
(nothing to announce) and registrations go through ``notify=False``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cms.demo import take_placeholder, tiny_pdf
from cms.models import DocumentKind, PublicDocument
from consultations.models import ConsultationPage

from .demo_cafe import seed_cafes
from .demo_common import at, say
from .demo_jury import seed_jury
from .demo_registrations import FACILITATOR_EMAIL, seed_registrations
from .models import (
    EventAgendaItem,
    EventFacilitator,
    EventFormat,
    EventIndexPage,
    EventKind,
    EventPage,
)

INDEX_SLUG = "wydarzenia"
PROGRAMME_SLUG = "program-wspolpracy-2027"
PLAYGROUNDS_SLUG = "regulamin-placow-zabaw"


@dataclass(frozen=True)
class Venue:
    """Where an event takes place: the page's place fields, in one piece."""

    place_name: str
    address: str
    district: str
    accessibility: str


CULTURE_CENTRE = Venue(
    "Gminne Centrum Kultury, sala widowiskowa",
    "ul. Rynek 5, 12-345 Przykładowo",
    "Śródmieście",
    "Wejście od Rynku bez schodów, winda na piętro, toaleta dostępna dla osób "
    "na wózku. W sali działa pętla indukcyjna. Tłumacza PJM zapewnimy, jeśli "
    "zgłosisz to przy zapisie.",
)
SCHOOL_CANTEEN = Venue(
    "Szkoła Podstawowa nr 2, stołówka",
    "ul. Szkolna 2, 12-345 Przykładowo",
    "Osiedle Kwiatowe",
    "Wejście bez schodów od boiska; toaleta na parterze.",
)
LIPNIK_HALL = Venue(
    "Świetlica wiejska w Lipniku",
    "Lipnik 14, 12-346 Przykładowo",
    "sołectwo Lipnik",
    "Świetlica na parterze, jeden niski próg przy wejściu.",
)
TOWN_HALL = Venue(
    "Urząd Gminy, sala sesyjna",
    "ul. Rynek 1, 12-345 Przykładowo",
    "Śródmieście",
    "Sala na parterze, pętla indukcyjna.",
)


def _document(title: str, filename: str, lines: list[str]) -> PublicDocument:
    existing = PublicDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = PublicDocument(
        title=title,
        kind=DocumentKind.OTHER,
        year=None,
        description="Dokument przykładowy do wydarzeń w serwisie.",
        file=ContentFile(tiny_pdf(["Gmina Przykladowo", title, "", *lines]), filename),
    )
    document._set_document_file_metadata()
    document.save()
    return document


def _index(stdout) -> EventIndexPage:
    existing = EventIndexPage.objects.first()
    if existing is not None:
        say(stdout, f"  kept     {existing.url_path}")
        return existing
    home = take_placeholder(INDEX_SLUG)
    index = EventIndexPage(
        title="Wydarzenia",
        slug=INDEX_SLUG,
        intro=(
            "<p>Kawiarenki obywatelskie, otwarte spotkania i śniadania "
            "z organizacjami: przyjdź, posłuchaj i powiedz, co myślisz. Zapisz "
            "się, a dostaniesz kod wejścia i przypomnienie w kalendarzu.</p>"
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    say(stdout, f"  created  {index.url_path}  {index.title}")
    return index


def _event(
    index,
    stdout,
    *,
    slug: str,
    venue: Venue,
    day,
    hours: tuple,
    agenda=(),
    facilitator=None,
    **fields,
):
    """The event ``slug`` (kept if it exists) at ``venue`` on ``day``, from
    ``hours[0]`` to ``hours[1]`` (an hour or an (hour, minute) pair)."""
    existing = EventPage.objects.filter(slug=slug).first()
    if existing is not None:
        say(stdout, f"  kept     event {slug}")
        return existing
    start, end = (h if isinstance(h, tuple) else (h,) for h in hours)
    page = EventPage(
        slug=slug,
        starts_at=at(day, *start),
        ends_at=at(day, *end),
        **asdict(venue),
        **fields,
    )
    page.agenda_items = [
        EventAgendaItem(sort_order=i, **item) for i, item in enumerate(agenda)
    ]
    if facilitator is not None:
        page.facilitators = [EventFacilitator(user=facilitator)]
    index = EventIndexPage.objects.get(pk=index.pk)
    index.add_child(instance=page)
    page.save_revision().publish()
    say(stdout, f"  created  event {slug}  {page.title}")
    return page


def _cafe_agenda(rules: PublicDocument, programme: PublicDocument | None):
    materials = [("document", rules)]
    if programme is not None:
        materials.append(("document", programme))
    return [
        {
            "title": "Powitanie, zasady kawiarenki i podział na stoliki",
            "planned_minutes": 15,
            "speaker": "Magdalena Zielińska, facylitatorka",
            "materials": materials,
        },
        {
            "title": "Runda 1: na co gmina powinna wydać najwięcej?",
            "planned_minutes": 25,
        },
        {
            "title": "Runda 2: lokale i sprzęt gminy dla organizacji",
            "planned_minutes": 25,
        },
        {
            "title": "Runda 3: jak zgłaszać pomysły na zadania publiczne",
            "planned_minutes": 25,
        },
        {
            "title": "Zbieramy pomysły ze stolików",
            "planned_minutes": 20,
            "speaker": "Gospodarze stolików",
        },
        {
            "title": "Co dalej: jak urząd odpowie na uwagi",
            "planned_minutes": 10,
            "speaker": "Katarzyna Nowak, Biuro Współpracy",
        },
    ]


def seed(stdout=None) -> None:
    """The events section, its four demo events and their registrations."""
    say(stdout, "Events:")
    today = timezone.localtime()
    now = timezone.now()
    facilitator = (
        get_user_model().objects.filter(email__iexact=FACILITATOR_EMAIL).first()
    )
    programme = ConsultationPage.objects.filter(slug=PROGRAMME_SLUG).first()
    playgrounds = ConsultationPage.objects.filter(slug=PLAYGROUNDS_SLUG).first()
    with transaction.atomic():
        index = _index(stdout)
        if facilitator is None:
            # As the consultations' demo: without the demo users (seed_demo
            # --no-users) there is no one to run or attend the events.
            say(stdout, "  skipped  demo events: demo users are missing")
            return
        rules = _document(
            "Zasady kawiarenki obywatelskiej",
            "zasady-kawiarenki.pdf",
            [
                "Rozmawiamy przy stolikach po 4-6 osob.",
                "Po kazdej rundzie zmieniamy stoliki; gospodarz zostaje.",
                "Gospodarz zapisuje najwazniejsze pomysly.",
            ],
        )
        programme_doc = PublicDocument.objects.filter(
            kind=DocumentKind.COOPERATION_PROGRAMME
        ).first()

        cafe_day = today + timedelta(days=6)
        _event(
            index,
            stdout,
            slug="kawiarenka-program-wspolpracy-2027",
            title="Kawiarenka obywatelska o programie współpracy na 2027 rok",
            kind=EventKind.CAFE,
            format=EventFormat.IN_PERSON,
            summary=(
                "<p>Porozmawiajmy przy kawie o tym, jak gmina ma w 2027 roku "
                "współpracować z organizacjami. Trzy rundy przy stolikach, "
                "każda o czym innym; pomysły ze stolików trafią jako uwagi do "
                "konsultacji programu, a urząd odpowie na każdą z nich.</p>"
                "<p>Nie trzeba się przygotowywać. Kawa, herbata i ciasto na "
                "miejscu; dla dzieci kącik z opiekunką.</p>"
            ),
            venue=CULTURE_CENTRE,
            day=cafe_day,
            hours=(17, 19),
            capacity=30,
            reserved_places=2,
            registration_opens_at=now - timedelta(days=10),
            registration_closes_at=at(cafe_day - timedelta(days=1), 20),
            ask_accessibility=True,
            ask_childcare=True,
            ask_dietary=True,
            consultation=programme,
            agenda=_cafe_agenda(rules, programme_doc),
            facilitator=facilitator,
        )

        past_cafe_day = today - timedelta(days=9)
        _event(
            index,
            stdout,
            slug="kawiarenka-priorytety-wspolpracy",
            title="Kawiarenka obywatelska: priorytety współpracy z organizacjami",
            kind=EventKind.CAFE,
            format=EventFormat.IN_PERSON,
            summary=(
                "<p>Pierwsza kawiarenka o programie współpracy na 2027 rok: "
                "przy trzech stolikach mieszkańcy i organizacje szukali "
                "zadań, które gmina powinna wspierać w pierwszej kolejności.</p>"
            ),
            venue=SCHOOL_CANTEEN,
            day=past_cafe_day,
            hours=(17, 19),
            capacity=24,
            registration_opens_at=now - timedelta(days=20),
            consultation=programme,
            agenda=_cafe_agenda(rules, None)[:5],
            facilitator=facilitator,
        )

        breakfast_day = today + timedelta(days=3)
        _event(
            index,
            stdout,
            slug="sniadanie-obywatelskie-lipnik",
            title="Śniadanie obywatelskie w Lipniku",
            kind=EventKind.BREAKFAST,
            format=EventFormat.IN_PERSON,
            summary=(
                "<p>Sołtys, radni i urzędnicy przy jednym stole z mieszkańcami "
                "sołectwa. Przy śniadaniu rozmawiamy o tym, czego w Lipniku "
                "brakuje najbardziej. Miejsc jest niewiele: gdy się zwolni, "
                "dostanie je pierwsza osoba z listy rezerwowej.</p>"
            ),
            venue=LIPNIK_HALL,
            day=breakfast_day,
            hours=(9, (10, 30)),
            capacity=8,
            registration_opens_at=now - timedelta(days=7),
            ask_accessibility=True,
            ask_dietary=True,
            agenda=[
                {"title": "Śniadanie i przedstawienie się", "planned_minutes": 20},
                {
                    "title": "Czego brakuje w Lipniku?",
                    "planned_minutes": 50,
                    "speaker": "Sołtys Lipnika",
                },
                {"title": "Podsumowanie i terminy", "planned_minutes": 20},
            ],
            facilitator=facilitator,
        )

        meeting_day = today - timedelta(days=30)
        minutes_doc = _document(
            "Protokół z otwartego spotkania o placach zabaw",
            "protokol-spotkanie-place-zabaw.pdf",
            [
                "Obecnych: 8 osob.",
                "Wnioski: godziny otwarcia 8-20, zakaz palenia, psy poza placem.",
            ],
        )
        _event(
            index,
            stdout,
            slug="spotkanie-otwarte-place-zabaw",
            title="Otwarte spotkanie o regulaminie placów zabaw",
            kind=EventKind.OPEN_MEETING,
            format=EventFormat.HYBRID,
            summary=(
                "<p>Spotkanie dla rodziców, opiekunów i sąsiadów placów zabaw "
                "o projekcie regulaminu. Można było przyjść do urzędu albo "
                "dołączyć online.</p>"
            ),
            venue=TOWN_HALL,
            day=meeting_day,
            hours=(18, 20),
            online_url="https://spotkania.przykladowo.example.org/place-zabaw",
            capacity=40,
            consultation=playgrounds,
            agenda=[
                {
                    "title": "Projekt regulaminu w pięć minut",
                    "planned_minutes": 15,
                    "speaker": "Marek Lewandowski, Wydział Gospodarki Komunalnej",
                },
                {"title": "Pytania i uwagi mieszkańców", "planned_minutes": 75},
                {"title": "Co urząd zrobi z uwagami", "planned_minutes": 15},
            ],
            minutes=(
                "<p>W spotkaniu wzięło udział osiem osób, w tym dwie online. "
                "Najczęstsze uwagi:</p><ul>"
                "<li>place otwarte od 8 do 20, latem do 21;</li>"
                "<li>zakaz palenia także e-papierosów;</li>"
                "<li>psy poza ogrodzeniem, ale z miejscem na smycz przy "
                "wejściu.</li></ul>"
                "<p>Uwagi zostały dopisane do konsultacji regulaminu; urząd "
                "odpowiedział na nie w raporcie.</p>"
            ),
            minutes_document=minutes_doc,
            facilitator=facilitator,
        )
        seed_registrations(stdout)
        # After the registrations: the upcoming café seats whoever registered.
        seed_cafes(stdout)
    # Its own transactions: the draw runs in a worker process, as the
    # background task runs it.
    seed_jury(
        stdout, index=index, facilitator=facilitator, venue=asdict(CULTURE_CENTRE)
    )
