"""Demo content of the site shell for "Gmina Przykładowo" (``manage.py seed_demo``).

Everything here is idempotent: a page, document, department or user that already
exists (found by slug, title, name or e-mail) is kept as it is, so a second run
changes nothing and an editor's changes to the demo survive a re-seed.

Apps add their own demo content in ``<app>/demo.py`` with ``seed(stdout)``; the
command runs them after this module. An app whose index page lives at one of the
placeholder slugs below (e.g. ``konsultacje``) calls :func:`take_placeholder` to
remove the placeholder page before adding its own.
"""

import unicodedata
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page, Site

from cms.accounts import roles
from cms.accounts.models import Department

from .models import (
    DocumentKind,
    DocumentsHubPage,
    HomePage,
    LegalKind,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    PrivacySettings,
    PublicDocument,
    StandardPage,
    WhatsNewItem,
)

DEMO_PASSWORD = "wspolnie-demo"
SITE_NAME = "Gmina Przykładowo"
HOME_TITLE = "Gmina Przykładowo — Wspólnie"
HOME_SLUG = "gmina-przykladowo"
CONTACT = (
    "Biuro Współpracy z Organizacjami Pozarządowymi, Urząd Gminy Przykładowo, "
    "ul. Rynek 1, 00-000 Przykładowo, pokój 12, tel. 12 345 67 89, "
    "e-mail: wspolpraca@przykladowo.example.org"
)


# The demo's story is told from the day it is seeded. The consultation of the
# cooperation programme 2027 (consultations.demo) and the news and announcement
# about it (here) take their dates from these, so the deadline in the news is
# the consultation's closing date and the meeting is the consultation's event.
PROGRAMME_OPENED_AGO = timedelta(days=12)
PROGRAMME_CLOSES_IN = timedelta(days=16)
PROGRAMME_MEETING_IN = timedelta(days=5)
PROGRAMME_MEETING_AT = time(17, 0)


def demo_now() -> datetime:
    """Now in the site's time zone, to the hour: whole hours read better in the
    demo's dates."""
    return timezone.localtime().replace(minute=0, second=0, microsecond=0)


def programme_dates(now: datetime) -> dict[str, datetime]:
    """Opening, closing and meeting of the programme's consultation."""
    meeting_day = (now + PROGRAMME_MEETING_IN).date()
    return {
        "opens_at": now - PROGRAMME_OPENED_AGO,
        "closes_at": now + PROGRAMME_CLOSES_IN,
        "meeting_at": timezone.make_aware(
            datetime.combine(meeting_day, PROGRAMME_MEETING_AT)
        ),
    }


def polish_date(moment) -> str:
    """ "19 grudnia 2026" (a date or a moment in the site's time zone)."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    with translation.override("pl"):
        return date_format(moment, "j E Y")


def p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def heading(text: str) -> list[dict]:
    return [{"type": "heading", "value": text}]


def callout(title: str, text: str) -> list[dict]:
    return [{"type": "callout", "value": {"title": title, "text": f"<p>{text}</p>"}}]


PRIVACY = {
    "controller_name": "Wójt Gminy Przykładowo",
    "controller_address": "Urząd Gminy Przykładowo, ul. Rynek 1, 00-000 Przykładowo",
    "controller_email": "urzad@przykladowo.example.org",
    "dpo_name": "Inspektor ochrony danych Urzędu Gminy Przykładowo",
    "dpo_email": "iod@przykladowo.example.org",
}


# --- pages ----------

HOME_INTRO = (
    "<p>Witamy na platformie <b>Wspólnie</b> Gminy Przykładowo. Tu mieszkanki, "
    "mieszkańcy i organizacje pozarządowe opiniują projekty uchwał i programów, "
    "zapisują się na spotkania i sprawdzają, co urząd zrobił z ich uwagami.</p>"
)

PLACEHOLDER_PAGES = [
    {
        "slug": "konsultacje",
        "title": "Konsultacje",
        "intro": "Projekty uchwał, programów i planów, które możesz zaopiniować.",
        "body": p(
            "Ta część serwisu jest w przygotowaniu. Wkrótce znajdziesz tu wszystkie "
            "otwarte konsultacje społeczne: projekt dokumentu podzielony na "
            "paragrafy, miejsce na uwagi do każdego z nich i odpowiedzi urzędu.",
            "Do tego czasu uwagi do projektów przyjmujemy pisemnie w Biurze "
            "Obsługi Mieszkańców oraz pocztą elektroniczną.",
        )
        + callout("Kontakt", CONTACT),
    },
    {
        "slug": "wydarzenia",
        "title": "Wydarzenia",
        "intro": (
            "Kawiarenki obywatelskie, panele obywatelskie, spotkania otwarte "
            "i śniadania z organizacjami."
        ),
        "body": p(
            "Kalendarz wydarzeń jest w przygotowaniu. Już niedługo zapiszesz się "
            "tu na spotkanie konsultacyjne, sprawdzisz wolne miejsca i dodasz "
            "termin do swojego kalendarza.",
            "Najbliższe spotkania ogłaszamy na razie w aktualnościach i na "
            "tablicy ogłoszeń w urzędzie.",
        )
        + callout("Zapisy na spotkania", CONTACT),
    },
    {
        "slug": "organizacje",
        "title": "Organizacje pozarządowe",
        "intro": "Fundacje, stowarzyszenia i kluby działające w gminie.",
        "body": p(
            "Przygotowujemy bazę organizacji pozarządowych z Gminy Przykładowo: "
            "obszary działania, dane kontaktowe i status organizacji pożytku "
            "publicznego. Organizacje będą mogły same aktualizować swoje wpisy "
            "i zgłaszać wspólne inicjatywy.",
            "Dokumenty potrzebne do współpracy z gminą są już dostępne "
            "w jednym okienku dla organizacji.",
        ),
    },
    {
        "slug": "wyniki",
        "title": "Wyniki",
        "intro": "Raporty z konsultacji i sprawozdania ze współpracy.",
        "body": p(
            "Tu będziemy publikować raporty z zakończonych konsultacji: każdą "
            "zgłoszoną uwagę wraz z decyzją urzędu i jej uzasadnieniem, a także "
            "roczne sprawozdania z realizacji programu współpracy z organizacjami "
            "pozarządowymi.",
            "Pierwsze raporty pojawią się po zakończeniu konsultacji programu "
            "współpracy na 2027 rok.",
        ),
    },
]

ACCESSIBILITY_STATEMENT = {
    "slug": "deklaracja-dostepnosci",
    "title": "Deklaracja dostępności",
    "intro": (
        "Gmina Przykładowo zobowiązuje się zapewnić dostępność swojej strony "
        "internetowej zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności "
        "cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych."
    ),
    "body": p(
        "Deklaracja dostępności dotyczy serwisu konsultacyjnego Wspólnie Gminy "
        "Przykładowo. Data publikacji strony internetowej: 2026-01-15. "
        "Data ostatniej istotnej aktualizacji: 2026-10-19."
    )
    + heading("Stan dostępności cyfrowej")
    + p(
        "Strona internetowa jest zgodna z ustawą o dostępności cyfrowej. Serwis "
        "można obsługiwać w całości z klawiatury, działa bez JavaScriptu, ma "
        "widoczny fokus i poprawnie wyświetla się na ekranach o szerokości od "
        "360 pikseli.",
        "Wyjątek stanowią dokumenty PDF opublikowane przed 2026 rokiem, które "
        "mogą nie być w pełni dostępne. Na prośbę udostępnimy je w formie "
        "dostępnej.",
    )
    + heading("Przygotowanie deklaracji")
    + p(
        "Deklarację sporządzono 2026-01-15 na podstawie samooceny przeprowadzonej "
        "przez podmiot publiczny. Deklarację zaktualizowano 2026-10-19.",
    )
    + heading("Informacje zwrotne i dane kontaktowe")
    + p(
        "Problemy z dostępnością możesz zgłosić koordynatorowi do spraw "
        "dostępności: Janina Przykładowa, e-mail: dostepnosc@przykladowo.example.org, "
        "tel. 12 345 67 00. Tą samą drogą możesz złożyć wniosek o udostępnienie "
        "informacji niedostępnej albo o zapewnienie dostępności.",
    )
    + heading("Procedura wnioskowo-skargowa")
    + p(
        "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej "
        "strony internetowej lub jej elementu. Zrealizujemy żądanie niezwłocznie, "
        "nie później niż w ciągu 7 dni. Jeżeli nie będzie to możliwe, "
        "zaproponujemy alternatywny sposób dostępu do informacji. Po "
        "wyczerpaniu tej procedury można złożyć wniosek do Rzecznika Praw "
        "Obywatelskich.",
    )
    + heading("Dostępność architektoniczna")
    + p(
        "Urząd Gminy Przykładowo mieści się przy ul. Rynek 1. Do budynku "
        "prowadzi wejście z podjazdem od strony parkingu; na parterze znajduje "
        "się Biuro Obsługi Mieszkańców i toaleta dostosowana do potrzeb osób "
        "z niepełnosprawnościami. Do budynku można wejść z psem asystującym. "
        "W Biurze Obsługi Mieszkańców działa pętla indukcyjna.",
    ),
}

NEWS_INDEX = {
    "slug": "aktualnosci",
    "title": "Aktualności",
    "intro": (
        "Wiadomości o współpracy gminy z organizacjami pozarządowymi "
        "i o konsultacjach społecznych."
    ),
}

# Oldest first: publishing them in this order fills "what's new" newest on top.
NEWS = [
    {
        "slug": "rozstrzygniecie-konkursu-ofert-2026",
        "title": "Rozstrzygnięto otwarty konkurs ofert na 2026 rok",
        "date": date(2026, 3, 2),
        "lead": (
            "Wójt Gminy Przykładowo przyznał dotacje 14 organizacjom pozarządowym "
            "na łączną kwotę 486 000 zł. Najwięcej środków trafi na zajęcia "
            "sportowe dla dzieci i na wsparcie seniorów."
        ),
        "body": p(
            "Na konkurs wpłynęło 23 oferty. Komisja konkursowa, w której zasiadali "
            "także przedstawiciele organizacji, oceniła je według kryteriów "
            "ogłoszonych w zarządzeniu nr 12/2026.",
            "Dofinansowanie otrzymały m.in. zajęcia z hipoterapii dla dzieci "
            "z niepełnosprawnościami, Klub Seniora „Pogodna Jesień” i letnie "
            "półkolonie w świetlicach wiejskich. Umowy z organizacjami podpiszemy "
            "do końca marca.",
        )
        + callout(
            "Nie otrzymaliście dotacji?",
            "Zapraszamy na konsultacje indywidualne w Biurze Współpracy: omówimy "
            "ocenę oferty i możliwości w konkursie na małe granty.",
        ),
    },
    {
        "slug": "jedno-okienko-dla-organizacji",
        "title": "Jedno okienko dla organizacji: wszystkie dokumenty w jednym miejscu",
        "date": date(2026, 4, 14),
        "lead": (
            "Uchwały, zarządzenia, programy współpracy i ogłoszenia konkursowe "
            "znajdziesz teraz w zakładce „Dokumenty dla organizacji”. W urzędzie "
            "działa też punkt konsultacyjny dla organizacji pozarządowych."
        ),
        "body": p(
            "Organizacje prosiły o to podczas ubiegłorocznego forum: dokumenty "
            "potrzebne do współpracy z gminą były rozproszone po kilku serwisach. "
            "Teraz można je przeglądać w jednym miejscu i filtrować według "
            "rodzaju oraz roku.",
            "Punkt konsultacyjny w pokoju 12 jest czynny we wtorki w godzinach "
            "10–18 i w czwartki w godzinach 8–15. Pomożemy przygotować ofertę, "
            "sprawozdanie i rozliczenie dotacji.",
        ),
    },
    {
        "slug": "forum-organizacji-2026",
        "title": "Forum Organizacji Pozarządowych Gminy Przykładowo 2026",
        "date": date(2026, 6, 3),
        "lead": (
            "Ponad 60 osób z 35 organizacji rozmawiało w Gminnym Ośrodku Kultury "
            "o wsparciu lokalowym, małych grantach i wolontariacie. Wnioski "
            "z forum trafią do projektu programu współpracy na 2027 rok."
        ),
        "body": p(
            "Uczestnicy pracowali w czterech grupach tematycznych. Najwięcej "
            "głosów zebrały postulaty: udostępnienie sal w szkołach po godzinach "
            "zajęć, uproszczenie rozliczeń małych grantów i wspólny kalendarz "
            "wydarzeń organizacji.",
            "Notatkę z forum wraz z listą wszystkich postulatów opublikujemy "
            "w zakładce Wyniki.",
        ),
    },
]


def programme_news(now: datetime) -> dict:
    """The news of the programme's consultation, published the day it opened."""
    dates = programme_dates(now)
    meeting = timezone.localtime(dates["meeting_at"])
    return {
        "slug": "konsultacje-programu-wspolpracy-2027",
        "title": "Konsultacje projektu Programu współpracy na 2027 rok",
        "date": timezone.localtime(dates["opens_at"]).date(),
        "lead": (
            f"Do {polish_date(dates['closes_at'])} r. organizacje pozarządowe "
            "i mieszkańcy mogą zgłaszać uwagi do projektu rocznego programu "
            "współpracy. Uwagi można składać przez platformę Wspólnie lub "
            "w Biurze Współpracy."
        ),
        "body": p(
            "Projekt uwzględnia wnioski z czerwcowego forum organizacji. Po raz "
            "pierwszy przewiduje regranting dla grup nieformalnych oraz wieloletnie "
            "umowy na zadania realizowane co roku.",
            f"Spotkanie konsultacyjne odbędzie się {polish_date(meeting)} "
            f"o {meeting:%H:%M} w sali sesyjnej urzędu. Zapraszamy także osoby, "
            "które nie działają w organizacjach.",
        ),
    }


DOCUMENTS_HUB = {
    "slug": "dokumenty",
    "title": "Dokumenty dla organizacji — jedno okienko",
    "intro": (
        "W jednym miejscu: uchwały, zarządzenia, programy współpracy i ogłoszenia "
        "konkursowe. Wybierz rodzaj dokumentu lub rok, aby zawęzić listę."
    ),
}

DOCUMENTS = [
    {
        "title": (
            "Program współpracy Gminy Przykładowo z organizacjami pozarządowymi "
            "na rok 2026"
        ),
        "kind": DocumentKind.COOPERATION_PROGRAMME,
        "year": 2025,
        "filename": "program-wspolpracy-2026.pdf",
        "description": (
            "Załącznik do uchwały nr XIV/112/2025 Rady Gminy Przykładowo "
            "z dnia 27 listopada 2025 r."
        ),
    },
    {
        "title": (
            "Uchwała nr XIV/112/2025 w sprawie przyjęcia Programu współpracy "
            "z organizacjami pozarządowymi na rok 2026"
        ),
        "kind": DocumentKind.RESOLUTION,
        "year": 2025,
        "filename": "uchwala-XIV-112-2025.pdf",
        "description": "Uchwała Rady Gminy Przykładowo z dnia 27 listopada 2025 r.",
    },
    {
        "title": (
            "Uchwała nr XI/87/2025 w sprawie sposobu konsultowania "
            "z organizacjami pozarządowymi projektów aktów prawa miejscowego"
        ),
        "kind": DocumentKind.RESOLUTION,
        "year": 2025,
        "filename": "uchwala-XI-87-2025.pdf",
        "description": "Określa formy, terminy i tryb konsultacji z organizacjami.",
    },
    {
        "title": (
            "Zarządzenie nr 12/2026 Wójta Gminy Przykładowo w sprawie ogłoszenia "
            "otwartego konkursu ofert na realizację zadań publicznych w 2026 roku"
        ),
        "kind": DocumentKind.ORDER,
        "year": 2026,
        "filename": "zarzadzenie-12-2026.pdf",
        "description": "Zawiera ogłoszenie konkursowe, kryteria oceny i wzór oferty.",
    },
    {
        "title": (
            "Zarządzenie nr 27/2026 Wójta Gminy Przykładowo w sprawie powołania "
            "komisji konkursowej"
        ),
        "kind": DocumentKind.ORDER,
        "year": 2026,
        "filename": "zarzadzenie-27-2026.pdf",
        "description": "Skład komisji oceniającej oferty w konkursie na 2026 rok.",
    },
]


def programme_announcement(now: datetime) -> dict:
    """The announcement of the programme's consultation, with its deadline."""
    dates = programme_dates(now)
    return {
        "title": "Ogłoszenie o konsultacjach projektu Programu współpracy na rok 2027",
        "kind": DocumentKind.ANNOUNCEMENT,
        "year": timezone.localtime(dates["opens_at"]).year,
        "filename": "ogloszenie-konsultacje-programu-2027.txt",
        "description": (
            f"Termin zgłaszania uwag: {polish_date(dates['closes_at'])} r."
        ),
    }


PRIVACY_POLICY = {
    "slug": "polityka-prywatnosci",
    "title": "Polityka prywatności",
    "kind": LegalKind.PRIVACY,
    "version": "1.0",
    "effective_date": date(2026, 1, 15),
    "intro": (
        "Jak Gmina Przykładowo przetwarza dane osobowe osób korzystających "
        "z serwisu konsultacyjnego Wspólnie (art. 13 RODO)."
    ),
    "body": heading("Administrator danych")
    + p(
        "Administratorem danych jest Wójt Gminy Przykładowo, Urząd Gminy "
        "Przykładowo, ul. Rynek 1, 00-000 Przykładowo, "
        "e-mail: urzad@przykladowo.example.org.",
        "Z inspektorem ochrony danych skontaktujesz się pod adresem "
        "iod@przykladowo.example.org lub pisemnie na adres urzędu.",
    )
    + heading("Cele i podstawy przetwarzania")
    + p(
        "Przetwarzamy Twoje dane, aby umożliwić Ci udział w konsultacjach "
        "społecznych: założenie konta, zgłaszanie uwag, zapisy na spotkania "
        "i przygotowanie raportu z konsultacji. Podstawą jest art. 6 ust. 1 lit. e "
        "RODO (zadanie realizowane w interesie publicznym) w związku z ustawą "
        "o samorządzie gminnym i uchwałą w sprawie zasad konsultacji.",
        "Powiadomienia e-mail o odpowiedziach i obserwowanych konsultacjach "
        "wysyłamy na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO). Zgodę "
        "możesz wycofać w każdej chwili na stronie profilu; nie wpływa to na "
        "zgodność z prawem wcześniejszego przetwarzania.",
    )
    + heading("Jakie dane i jak długo")
    + p(
        "Przechowujemy adres e-mail, nazwę wyświetlaną, opcjonalnie osiedle "
        "lub sołectwo oraz treść Twoich uwag. Dane konta przechowujemy do jego "
        "usunięcia. Opublikowane uwagi pozostają w dokumentacji konsultacji, "
        "bez Twojego imienia, przez okres wynikający z przepisów o archiwizacji "
        "(kategoria archiwalna A).",
        "Dane mogą otrzymać wyłącznie podmioty, które na nasze zlecenie "
        "utrzymują serwis (hosting, wysyłka poczty). Nie przekazujemy danych "
        "poza Europejski Obszar Gospodarczy i nie podejmujemy wobec Ciebie "
        "zautomatyzowanych decyzji.",
    )
    + heading("Twoje prawa")
    + p(
        "Masz prawo dostępu do swoich danych i otrzymania ich kopii (przycisk "
        "„Pobierz moje dane” na stronie profilu), ich sprostowania, usunięcia "
        "lub ograniczenia przetwarzania, prawo sprzeciwu oraz prawo wniesienia "
        "skargi do Prezesa Urzędu Ochrony Danych Osobowych, ul. Stawki 2, "
        "00-193 Warszawa.",
        "Podanie danych jest dobrowolne, ale bez adresu e-mail i nazwy "
        "wyświetlanej nie założysz konta.",
    ),
}

TERMS = {
    "slug": "regulamin",
    "title": "Regulamin uczestnictwa",
    "kind": LegalKind.TERMS,
    "version": "1.0",
    "effective_date": date(2026, 1, 15),
    "intro": "Zasady korzystania z serwisu konsultacyjnego Wspólnie Gminy Przykładowo.",
    "body": heading("§ 1. Postanowienia ogólne")
    + p(
        "Serwis Wspólnie prowadzi Urząd Gminy Przykładowo. Służy do konsultacji "
        "społecznych projektów aktów prawa miejscowego, programów i planów oraz "
        "do współpracy z organizacjami pozarządowymi.",
    )
    + heading("§ 2. Konto")
    + p(
        "Konto może założyć każda osoba, która poda adres e-mail i zaakceptuje "
        "regulamin. Nazwa wyświetlana jest widoczna publicznie przy Twoich "
        "uwagach; adres e-mail pozostaje niejawny. Konto możesz w każdej chwili "
        "usunąć na stronie profilu.",
    )
    + heading("§ 3. Zasady udziału")
    + p(
        "Uwagi dotyczą konsultowanego dokumentu i są formułowane z szacunkiem dla "
        "innych uczestników. Niedozwolone są treści obraźliwe, naruszające prawo "
        "lub dobra osobiste, reklamy oraz podszywanie się pod inne osoby.",
        "Moderator może ukryć wpis naruszający regulamin, podając powód. Urząd "
        "odpowiada na uwagi w raporcie z konsultacji.",
    )
    + heading("§ 4. Postanowienia końcowe")
    + p(
        "O zmianie regulaminu informujemy w serwisie z siedmiodniowym "
        "wyprzedzeniem. Dane osobowe przetwarzamy zgodnie z polityką "
        "prywatności.",
    ),
}

DEPARTMENTS = [
    ("Wydział Organizacyjny", "OR", "organizacyjny@przykladowo.example.org"),
    (
        "Biuro Współpracy z Organizacjami Pozarządowymi",
        "BWO",
        "wspolpraca@przykladowo.example.org",
    ),
    ("Wydział Gospodarki Komunalnej", "GK", "komunalny@przykladowo.example.org"),
]

USERS = [
    {
        "email": "resident@example.org",
        "display_name": "Anna Mieszkanka",
        "district": "Osiedle Słoneczne",
    },
    {"email": "ngo@example.org", "display_name": "Fundacja Razem — Piotr"},
    {
        "email": "official@example.org",
        "display_name": "Katarzyna Nowak — Biuro Współpracy",
        "groups": [roles.OFFICIALS],
        "department": "Biuro Współpracy z Organizacjami Pozarządowymi",
    },
    {
        "email": "moderator@example.org",
        "display_name": "Tomasz Wiśniewski — moderator",
        "groups": [roles.MODERATORS],
    },
    {
        "email": "facilitator@example.org",
        "display_name": "Magdalena Zielińska — facylitatorka",
        "groups": [roles.FACILITATORS],
    },
    {
        "email": "editor@example.org",
        "display_name": "Paweł Kamiński — redakcja",
        "groups": [roles.EDITORS],
        "is_staff": True,
    },
]


# --- files ----------


def _ascii(text: str) -> str:
    """PDF's standard fonts lack ą, ę, ł...: spell them without diacritics."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("—", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "replace")
        .decode("ascii")
    )


def tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica text), with a correct cross-reference table."""
    text = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    for line in lines:
        escaped = (
            _ascii(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        )
        text.append(f"({escaped}) '")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _document_file(spec: dict) -> ContentFile:
    lines = [
        "Gmina Przykladowo",
        spec["title"],
        "",
        spec["description"],
        "Dokument przykladowy serwisu Wspolnie (dane demonstracyjne).",
    ]
    if spec["filename"].endswith(".pdf"):
        content = tiny_pdf(lines)
    else:
        content = "\n".join(["Gmina Przykładowo", *lines[1:]]).encode("utf-8") + b"\n"
    return ContentFile(content, name=spec["filename"])


# --- seeding ----------


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _child(parent: Page, page: Page, stdout) -> Page:
    """The child of ``parent`` with ``page.slug``, created and published if missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        _say(stdout, f"  kept     {existing.url_path}  {existing.title}")
        return existing.specific
    # Re-read the parent: treebeard needs its current path and child count.
    parent = Page.objects.get(pk=parent.pk)
    parent.add_child(instance=page)
    page.save_revision().publish()
    _say(stdout, f"  created  {page.url_path}  {page.title}")
    return page


def home_page() -> HomePage | None:
    return HomePage.objects.first()


def _seed_home(stdout) -> HomePage:
    home = home_page()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug=HOME_SLUG, intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
        _say(stdout, f"  created  home page  {home.title}")
    else:
        _say(stdout, f"  kept     home page  {home.title}")

    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname="localhost", port=80).first()
        or Site(hostname="localhost", port=80)
    )
    wanted = {
        "hostname": "localhost",
        "port": 80,
        "site_name": SITE_NAME,
        "root_page_id": home.pk,
        "is_default_site": True,
    }
    if site.pk is None or any(getattr(site, k) != v for k, v in wanted.items()):
        for key, value in wanted.items():
            setattr(site, key, value)
        site.save()
        _say(stdout, f"  site     {SITE_NAME} -> {home.title}")

    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page, no children,
    # no longer any site's root once the site points at the home page.
    for page in root.get_children().exact_type(Page):
        if page.numchild == 0 and not Site.objects.filter(root_page=page).exists():
            _say(stdout, f"  removed  Wagtail's default page  {page.title}")
            page.delete()
    return HomePage.objects.get(pk=home.pk)


def _seed_news(news_index: Page, now: datetime, stdout) -> None:
    for spec in [*NEWS, programme_news(now)]:
        created = not news_index.get_children().filter(slug=spec["slug"]).exists()
        news = _child(news_index, NewsPage(**spec), stdout)
        if created:
            # "What's new" says when the news came out, not when the demo was
            # seeded: the news' own date, in the morning.
            announced = timezone.make_aware(datetime.combine(news.date, time(9, 0)))
            WhatsNewItem.objects.filter(page=news).update(
                created_at=min(announced, timezone.now())
            )


def _seed_documents(now: datetime, stdout) -> None:
    for spec in [*DOCUMENTS, programme_announcement(now)]:
        if PublicDocument.objects.filter(title=spec["title"]).exists():
            continue
        document = PublicDocument(
            title=spec["title"],
            kind=spec["kind"],
            year=spec["year"],
            description=spec["description"],
            file=_document_file(spec),
        )
        # Size and hash now, so the documents hub never has to open the file.
        document._set_document_file_metadata()
        document.save()
        _say(stdout, f"  created  document  {document.filename}")


def _seed_privacy_settings(home: HomePage, stdout) -> None:
    site = Site.objects.get(root_page=home)
    if PrivacySettings.objects.filter(site=site).exists():
        return
    PrivacySettings.objects.create(site=site, **PRIVACY)
    _say(stdout, f"  created  personal data settings  {PRIVACY['controller_name']}")


def _seed_departments(stdout) -> None:
    for name, short_name, email in DEPARTMENTS:
        _department, created = Department.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "email": email}
        )
        if created:
            _say(stdout, f"  created  department  {name}")


@transaction.atomic
def seed(stdout=None) -> HomePage:
    """The site shell: home page, sections, news, legal pages, the controller's
    details, documents and departments."""
    _say(stdout, "Site shell (cms):")
    home = _seed_home(stdout)
    for spec in PLACEHOLDER_PAGES:
        _child(home, StandardPage(**spec), stdout)
    news_index = _child(home, NewsIndexPage(**NEWS_INDEX), stdout)
    now = demo_now()
    _seed_news(news_index, now, stdout)
    _child(home, DocumentsHubPage(**DOCUMENTS_HUB), stdout)
    _child(home, StandardPage(**ACCESSIBILITY_STATEMENT), stdout)
    _child(home, LegalPage(**PRIVACY_POLICY), stdout)
    _child(home, LegalPage(**TERMS), stdout)
    _seed_privacy_settings(home, stdout)
    _seed_documents(now, stdout)
    _seed_departments(stdout)
    return home


@transaction.atomic
def seed_users(stdout=None) -> None:
    """Demo accounts, one per role, all with the password ``wspolnie-demo``.

    Only for development: the caller checks ``settings.DEBUG``.
    """
    _say(stdout, f"Demo users (password: {DEMO_PASSWORD}):")
    User = get_user_model()
    for spec in USERS:
        email = spec["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            department = None
            if spec.get("department"):
                department = Department.objects.get(name=spec["department"])
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                display_name=spec["display_name"],
                district=spec.get("district", ""),
                department=department,
                is_staff=spec.get("is_staff", False),
            )
            user.groups.add(*Group.objects.filter(name__in=spec.get("groups", [])))
            _say(stdout, f"  created  {email}  {spec['display_name']}")
        else:
            _say(stdout, f"  kept     {email}")
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])


def take_placeholder(slug: str) -> HomePage:
    """For app seeders: remove the site shell's placeholder page at ``slug`` (if it
    is still the untouched placeholder) and return the home page to add the
    app's own index page under the same slug."""
    home = home_page()
    if home is None:
        raise RuntimeError("Run the site shell's seed first.")
    for page in home.get_children().filter(slug=slug).exact_type(StandardPage):
        if page.numchild == 0:
            page.delete()
    return HomePage.objects.get(pk=home.pk)
