"""Demo organisations of "Gmina Przykładowo" (``manage.py seed_demo``): about
thirty NGOs of every legal form, some with public benefit status, in several
spheres and districts, with NIP and REGON numbers whose check digits are
valid (made up for the demo: computed from each name, so a re-seed gives the
same numbers). Idempotent: an organisation found by slug is kept as it is."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction
from django.db.models import Q

from .identifiers import nip_check_digit, regon9_check_digit
from .models import (
    LegalForm,
    Organisation,
    OrganisationAction,
    OrganisationLogEntry,
    OrganisationSphere,
    Register,
)
from .organisation_import import slug_base

# The districts of the events demo and the accounts' profiles.
DISTRICTS = [
    "Osiedle Słoneczne",
    "Osiedle Kwiatowe",
    "Śródmieście",
    "Sołectwo Dąbrowa",
    "Sołectwo Lipowa",
]

F, RA, OA, BR, SC, CO, CH, KGW, OT = (
    LegalForm.FOUNDATION,
    LegalForm.REGISTERED_ASSOCIATION,
    LegalForm.ORDINARY_ASSOCIATION,
    LegalForm.ASSOCIATION_BRANCH,
    LegalForm.SPORTS_CLUB,
    LegalForm.SOCIAL_COOPERATIVE,
    LegalForm.CHURCH_LEGAL_PERSON,
    LegalForm.RURAL_HOUSEWIVES_CIRCLE,
    LegalForm.OTHER,
)

# name, legal form, OPP since (or None), spheres, district index, founded, text
ORGANISATIONS = [
    (
        "Fundacja Razem",
        F,
        date(2016, 3, 1),
        ["1", "13", "33"],
        2,
        2009,
        "Wspiera mieszkańców i organizacje w działaniach na rzecz wspólnoty.",
    ),
    (
        "Fundacja Zielona Przykładowo",
        F,
        date(2019, 6, 12),
        ["18", "14"],
        0,
        2012,
        "Sadzi drzewa, prowadzi warsztaty ekologiczne dla szkół.",
    ),
    (
        "Fundacja Pomocy Seniorom „Złota Jesień”",
        F,
        None,
        ["10", "1"],
        1,
        2015,
        "Wolontariusze odwiedzają samotnych seniorów i pomagają w zakupach.",
    ),
    (
        "Fundacja Dzieciom „Promyk”",
        F,
        date(2014, 1, 20),
        ["15", "31"],
        2,
        2008,
        "Świetlica środowiskowa i kolonie letnie dla dzieci.",
    ),
    (
        "Fundacja Kultury Lokalnej",
        F,
        None,
        ["16", "4"],
        2,
        2018,
        "Festiwal pieśni ludowej i archiwum fotografii gminy.",
    ),
    (
        "Fundacja Równe Szanse",
        F,
        date(2021, 9, 1),
        ["7", "2", "8"],
        0,
        2017,
        "Aktywizacja zawodowa osób z niepełnosprawnościami.",
    ),
    (
        "Fundacja Nowe Technologie",
        F,
        None,
        ["12", "14"],
        2,
        2020,
        "Kursy programowania dla młodzieży i seniorów.",
    ),
    (
        "Stowarzyszenie Przyjaciół Przykładowa",
        RA,
        date(2012, 4, 2),
        ["13", "4", "16"],
        2,
        1995,
        "Dba o historię miasta i organizuje Dni Przykładowa.",
    ),
    (
        "Stowarzyszenie Rodzin Zastępczych",
        RA,
        None,
        ["1a", "31"],
        1,
        2011,
        "Grupa wsparcia i szkolenia dla rodzin zastępczych.",
    ),
    (
        "Stowarzyszenie Rowerowe Przykładowo",
        RA,
        None,
        ["17", "19", "18"],
        0,
        2014,
        "Rajdy rowerowe i kampania na rzecz dróg rowerowych.",
    ),
    (
        "Stowarzyszenie Ochotnicza Straż Pożarna w Dąbrowie",
        RA,
        date(2010, 5, 5),
        ["23", "20"],
        3,
        1921,
        "Ratownictwo, pokazy pierwszej pomocy, orkiestra dęta.",
    ),
    (
        "Stowarzyszenie Uniwersytet Trzeciego Wieku",
        RA,
        None,
        ["10", "14"],
        2,
        2007,
        "Wykłady, lektoraty i wycieczki dla seniorów.",
    ),
    (
        "Stowarzyszenie Pomocy Prawnej „Paragraf”",
        RA,
        date(2018, 2, 14),
        ["1b", "22"],
        2,
        2016,
        "Nieodpłatne porady prawne i edukacja prawna.",
    ),
    (
        "Stowarzyszenie Integracji Cudzoziemców „Most”",
        RA,
        None,
        ["5a", "26"],
        0,
        2022,
        "Kursy polskiego i pomoc w sprawach urzędowych.",
    ),
    (
        "Stowarzyszenie Trzeźwości „Nowa Droga”",
        RA,
        None,
        ["32"],
        1,
        2003,
        "Grupy wsparcia i profilaktyka uzależnień.",
    ),
    (
        "Stowarzyszenie Zwykłe „Sąsiedzi z Kwiatowej”",
        OA,
        None,
        ["13"],
        1,
        2021,
        "Sąsiedzkie pikniki i ogród społeczny.",
    ),
    (
        "Stowarzyszenie Zwykłe Miłośników Kolei",
        OA,
        None,
        ["16", "19"],
        2,
        2019,
        "Dokumentuje historię dawnej kolejki wąskotorowej.",
    ),
    (
        "Stowarzyszenie Zwykłe „Rodzice dla Szkoły”",
        OA,
        None,
        ["14", "15"],
        4,
        2023,
        "Rada rodziców działająca przy szkole w Lipowej.",
    ),
    (
        "Polski Związek Emerytów, Rencistów i Inwalidów — Koło w Przykładowie",
        BR,
        None,
        ["10", "7"],
        2,
        1978,
        "Spotkania, wycieczki i pomoc sąsiedzka.",
    ),
    (
        "Polski Czerwony Krzyż — Oddział Rejonowy",
        BR,
        date(2005, 1, 1),
        ["6", "24", "3"],
        2,
        1950,
        "Krwiodawstwo, pierwsza pomoc, pomoc doraźna.",
    ),
    (
        "Polskie Towarzystwo Turystyczno-Krajoznawcze — Oddział Przykładowo",
        BR,
        None,
        ["19", "17"],
        2,
        1960,
        "Wycieczki krajoznawcze i znakowanie szlaków.",
    ),
    (
        "Miejski Klub Sportowy „Przykładowo”",
        SC,
        None,
        ["17", "15"],
        0,
        1948,
        "Piłka nożna dzieci, młodzieży i seniorów.",
    ),
    (
        "Uczniowski Klub Sportowy „Orlik”",
        SC,
        None,
        ["17"],
        1,
        2010,
        "Lekkoatletyka i pływanie dla uczniów.",
    ),
    (
        "Ludowy Klub Sportowy „Dąbrowa”",
        SC,
        None,
        ["17", "13"],
        3,
        1972,
        "Drużyna piłkarska i turnieje sołeckie.",
    ),
    (
        "Spółdzielnia Socjalna „Smaki Przykładowa”",
        CO,
        None,
        ["2", "8"],
        2,
        2018,
        "Catering z lokalnych produktów, zatrudnia osoby po długim bezrobociu.",
    ),
    (
        "Spółdzielnia Socjalna „Zielony Serwis”",
        CO,
        None,
        ["2", "18"],
        0,
        2020,
        "Pielęgnacja zieleni i drobne naprawy.",
    ),
    (
        "Parafia św. Józefa w Przykładowie",
        CH,
        None,
        ["3", "1"],
        2,
        1905,
        "Parafialny zespół Caritas, jadłodajnia.",
    ),
    (
        "Koło Gospodyń Wiejskich w Dąbrowie",
        KGW,
        None,
        ["4", "13", "16"],
        3,
        1958,
        "Tradycje kulinarne, dożynki, rękodzieło.",
    ),
    (
        "Koło Gospodyń Wiejskich „Lipowianki”",
        KGW,
        None,
        ["4", "13"],
        4,
        2019,
        "Warsztaty rękodzieła i kiermasze świąteczne.",
    ),
    (
        "Lokalna Grupa Działania „Dolina Przykładówki”",
        OT,
        date(2017, 7, 7),
        ["11", "13", "32a"],
        2,
        2008,
        "Wspiera przedsiębiorczość i rewitalizację obszarów wiejskich.",
    ),
    (
        "Fundacja Weteranów Misji",
        F,
        None,
        ["22a", "29"],
        2,
        2013,
        "Pomoc weteranom działań poza granicami kraju.",
    ),
]


def _digits(name: str, salt: str, count: int) -> str:
    digest = hashlib.sha256(f"{salt}:{name}".encode()).hexdigest()
    return "".join(str(int(c, 16) % 10) for c in digest)[:count]


def demo_nip(name: str) -> str:
    """A NIP with a valid check digit, the same for the same name."""
    for attempt in range(20):
        first = _digits(name, f"nip{attempt}", 9)
        if first[0] == "0":
            continue
        check = nip_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise RuntimeError(name)  # pragma: no cover (20 misses of 1 in 11)


def demo_regon(name: str) -> str:
    first = _digits(name, "regon", 8)
    return f"{first}{regon9_check_digit(first)}"


def demo_krs(name: str) -> str:
    return "0000" + _digits(name, "krs", 6)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def seed(stdout=None) -> None:
    for name, form, opp_since, spheres, district, founded, text in ORGANISATIONS:
        slug = slug_base(name)
        if form == LegalForm.ORDINARY_ASSOCIATION:
            register, krs, number = Register.STAROSTA, "", f"SO.{founded}.{len(name)}"
        elif form == LegalForm.RURAL_HOUSEWIVES_CIRCLE:
            register, krs, number = (
                Register.HOUSEWIVES,
                "",
                f"KGW/{founded}/{len(name)}",
            )
        elif form == LegalForm.CHURCH_LEGAL_PERSON:
            register, krs, number = Register.CHURCH, "", ""
        else:
            register, krs, number = Register.KRS, demo_krs(name), ""
        fields = {
            "name": name,
            "legal_form": form,
            "register": register,
            "register_number": number,
            "krs": krs,
            "nip": demo_nip(name),
            "regon": demo_regon(name),
            "is_public_benefit": opp_since is not None,
            "public_benefit_since": opp_since,
            "district": DISTRICTS[district],
            "address": f"ul. Przykładowa {len(name) % 40 + 1}, 00-000 Przykładowo",
            "website": f"https://{slug[:40].strip('-')}.example.org",
            "year_founded": founded,
            "description": text,
        }
        # Found by slug, or by NIP if an editor renamed it.
        organisation = Organisation.objects.filter(
            Q(slug=slug) | Q(nip=fields["nip"])
        ).first()
        if organisation is None:
            organisation = Organisation(slug=slug, verified=True, **fields)
            # Two demo organisations wait for the office's verification.
            organisation.verified = name not in {
                "Stowarzyszenie Zwykłe Miłośników Kolei",
                "Koło Gospodyń Wiejskich „Lipowianki”",
            }
            organisation.full_clean()
            organisation.save()
            OrganisationLogEntry.objects.create(
                organisation=organisation, action=OrganisationAction.CREATED
            )
            _say(stdout, f"  created  {name}")
        elif not organisation.nip and not organisation.regon:
            # The thread's demo made Fundacja Razem with a name and KRS only.
            for key, value in fields.items():
                if key != "krs" or not organisation.krs:
                    setattr(organisation, key, value)
            organisation.full_clean()
            organisation.save()
            _say(stdout, f"  filled   {name}")
        else:
            _say(stdout, f"  kept     {name}")
            continue
        OrganisationSphere.objects.bulk_create(
            [OrganisationSphere(organisation=organisation, sphere=s) for s in spheres],
            ignore_conflicts=True,
        )
