"""The demo citizen jury (called by ``events.demo.seed``): "Panel obywatelski:
zieleń w Gminie Przykładowo", recruited, drawn and held in the recent past.

- 300 address points on the list, 120 letters drawn from it with the jury's
  seed, 74 residents applying with their letter's code and 6 in the marked open
  stream (two of them in a household that already applied: the draw seats at
  most one of each household);
- three strata (gender, age band, district) with population shares from the
  gmina's GUS figures, quotas derived from them for a panel of 24;
- the draw run for real by ``events.sortition`` from a published commitment, the
  secret and the numbers observers called out at the public draw: 24 jurors and
  6 reserves, with the protocol files that ``manage.py jury_verify`` checks;
- two expert hearings and the deliberation as the event's agenda; for the
  discussion in small groups the 24 jurors are split into four named groups of
  six, mixed across the strata, from a published seed;
- six recommendations drafted by jurors (one amended), each voted on in secret
  by the 24 jurors (four pass the 80 % threshold, two do not), and the mayor's
  response to each, entered by the demo official.

The applicants are demo accounts without a password (nobody signs in as them),
except the demo resident, who applied in the open stream and sees the
application in "Moje wydarzenia". Idempotent: an existing jury is kept.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .demo_common import at, say
from .models import (
    ApplicationStatus,
    ApplicationStream,
    DrawStatus,
    EventAgendaItem,
    EventFacilitator,
    EventFormat,
    EventKind,
    EventPage,
    JuryAnswer,
    JuryApplication,
    JuryDraw,
    JuryPanel,
    JuryStratum,
    JuryStratumValue,
)

SLUG = "panel-obywatelski-zielen"
TITLE = "Panel obywatelski: zieleń w Gminie Przykładowo"
QUESTION = (
    "Jak Gmina Przykładowo powinna chronić i rozwijać zieleń w miejscowościach, "
    "by służyła mieszkańcom i przyrodzie przez najbliższe dziesięć lat?"
)
PANEL_SIZE = 24
RESERVE_SIZE = 6
ADDRESS_COUNT = 300
LETTER_COUNT = 120
# The draw's public inputs, printed in the protocol: the organisers' secret
# (committed to before applications closed) and the numbers called out by the
# observers at the public draw.
SECRET = "zielen-przykladowo-2026-sekret-organizatorow"
PUBLIC_VALUE = "17 04 39 22 08"
# (feature, question, [(value, percent of the population)]): the gmina's GUS
# figures.
STRATA = (
    ("płeć", "Płeć", (("kobieta", "52"), ("mężczyzna", "48"))),
    (
        "wiek",
        "Wiek",
        (("18–34 lata", "28"), ("35–54 lata", "34"), ("55 lat i więcej", "38")),
    ),
    (
        "miejscowość",
        "Gdzie mieszkasz",
        (("Przykładowo", "45"), ("Lipnik", "25"), ("Zalesie", "30")),
    ),
)
FIRST_NAMES = {
    "kobieta": "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Zofia "
    "Krystyna Magdalena Joanna Aleksandra Monika Natalia Julia Helena".split(),
    "mężczyzna": "Piotr Krzysztof Andrzej Tomasz Paweł Marcin Michał Jan "
    "Stanisław Jakub Adam Łukasz Marek Grzegorz Wojciech Kacper".split(),
}
SURNAMES = (
    ("Nowak", "Nowak"),
    ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"),
    ("Kowalska", "Kowalski"),
    ("Wiśniewska", "Wiśniewski"),
    ("Kamińska", "Kamiński"),
    ("Lewandowska", "Lewandowski"),
    ("Zielińska", "Zieliński"),
    ("Szymańska", "Szymański"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowska", "Dąbrowski"),
    ("Kozłowska", "Kozłowski"),
    ("Jankowska", "Jankowski"),
    ("Mazur", "Mazur"),
    ("Krawczyk", "Krawczyk"),
    ("Piotrowska", "Piotrowski"),
)
STREETS = {
    "Przykładowo": ("ul. Rynek", "ul. Polna", "ul. Szkolna", "ul. Lipowa"),
    "Lipnik": ("Lipnik",),
    "Zalesie": ("Zalesie", "ul. Leśna, Zalesie"),
}
POSTAL_CODES = {"Przykładowo": "12-345", "Lipnik": "12-346", "Zalesie": "12-347"}


def _pick(rng: random.Random, shares) -> str:
    values = [value for value, _share in shares]
    weights = [float(share) for _value, share in shares]
    return rng.choices(values, weights)[0]


def _event(index, facilitator, *, venue, start) -> EventPage:
    page = EventPage(
        title=TITLE,
        slug=SLUG,
        kind=EventKind.JURY,
        format=EventFormat.IN_PERSON,
        starts_at=at(start, 10),
        ends_at=at(start + timedelta(days=7), 15),
        capacity=0,
        summary=(
            "<p>Dwudziestu czterech mieszkańców wylosowanych spośród tych, "
            "którzy zgłosili się na list od wójta, przez dwie soboty słuchało "
            "ekspertów, dyskutowało w małych grupach i głosowało nad "
            "rekomendacjami. Rekomendacje poparte przez co najmniej 80% "
            "głosujących wójt zobowiązał się wdrożyć.</p>"
        ),
        **venue,
    )
    hearings = [
        {
            "title": "Wysłuchanie: drzewa w mieście i na wsi",
            "planned_minutes": 60,
            "speaker": "dr inż. Ewa Grabowska",
            "speaker_affiliation": "Katedra Ekologii Krajobrazu, "
            "Uniwersytet Warmińsko-Mazurski",
            "recording_url": "https://przykladowo.example.org/nagrania/panel-zielen-1",
        },
        {
            "title": "Wysłuchanie: woda deszczowa i zieleń",
            "planned_minutes": 60,
            "speaker": "Jan Kruk",
            "speaker_affiliation": "Stowarzyszenie Zielone Przykładowo",
            "recording_url": "https://przykladowo.example.org/nagrania/panel-zielen-2",
        },
        {"title": "Pytania panelistów do ekspertów", "planned_minutes": 45},
        {"title": "Dyskusja w małych grupach", "planned_minutes": 90},
        {"title": "Głosowanie nad rekomendacjami", "planned_minutes": 60},
    ]
    page.agenda_items = [
        EventAgendaItem(sort_order=i, **item) for i, item in enumerate(hearings)
    ]
    page.facilitators = [EventFacilitator(user=facilitator)]
    index = type(index).objects.get(pk=index.pk)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _strata(jury: JuryPanel, organiser) -> dict[str, dict[str, JuryStratumValue]]:
    """The strata with their population shares; the quotas derived from them
    as an organiser's "derive" button does."""
    from .services.jury import jury_quotas_derive

    found = {}
    for position, (name, question, values) in enumerate(STRATA):
        stratum = JuryStratum.objects.create(
            jury=jury, name=name, question=question, position=position
        )
        found[name] = {
            value: JuryStratumValue.objects.create(
                stratum=stratum,
                name=value,
                population_share=share,
                position=value_position,
            )
            for value_position, (value, share) in enumerate(values)
        }
    jury_quotas_derive(jury=jury, user=organiser)
    return found


def _addresses_csv(rng: random.Random) -> bytes:
    lines = ["adres;kod_pocztowy;miejscowosc"]
    for n in range(ADDRESS_COUNT):
        town = _pick(rng, STRATA[2][2])
        street = rng.choice(STREETS[town])
        lines.append(f"{street} {n % 97 + 1};{POSTAL_CODES[town]};{town}")
    return "\n".join(lines).encode()


def _applicant(rng, User, n: int, gender: str):
    first = rng.choice(FIRST_NAMES[gender])
    surname = rng.choice(SURNAMES)[0 if gender == "kobieta" else 1]
    user = User(
        email=f"panelista{n:02d}@example.org",
        username=f"panelista{n:02d}",
        first_name=first,
        last_name=surname,
        display_name=f"{first} {surname[0]}.",
        is_active=True,
    )
    user.set_unusable_password()
    return user


def _town_of(address) -> str:
    return address.town or "Przykładowo"


def seed_jury(stdout=None, *, index, facilitator, venue) -> None:
    """The demo jury below ``index``, run by ``facilitator`` at ``venue``."""
    from .services.jury import (
        household_key_for,
        jury_addresses_upload,
        jury_invitations_sample,
    )
    from .services.jury_draw import jury_draw_run
    from .sortition import commitment, seed_from

    if EventPage.objects.filter(slug=SLUG).exists():
        say(stdout, f"  kept     event {SLUG}")
        return
    User = get_user_model()
    rng = random.Random("demo-jury")
    today = timezone.localtime()
    start = today - timedelta(days=10)
    with transaction.atomic():
        page = _event(index, facilitator, venue=venue, start=start)
        jury = JuryPanel.objects.create(
            event=page,
            question=QUESTION,
            panel_size=PANEL_SIZE,
            reserve_size=RESERVE_SIZE,
            applications_open_at=today - timedelta(days=45),
            applications_close_at=today - timedelta(days=18),
            open_applications=True,
            sample_seed="demo-zielen-listy-2026",
        )
        values = _strata(jury, facilitator)
        jury_addresses_upload(jury=jury, user=facilitator, data=_addresses_csv(rng))
        jury_invitations_sample(jury=jury, user=facilitator, size=LETTER_COUNT)
        jury.sampled_at = today - timedelta(days=50)
        jury.save(update_fields=["sampled_at"])

        invitations = list(
            jury.invitations.select_related("address").order_by("number")
        )
        resident = User.objects.filter(email__iexact="resident@example.org").first()
        people = []  # (user, invitation or None, address, town)
        for n, invitation in enumerate(invitations[:74], start=1):
            gender = _pick(rng, STRATA[0][2])
            people.append(
                (
                    _applicant(rng, User, n, gender),
                    gender,
                    invitation,
                    invitation.address,
                )
            )
        User.objects.bulk_create([user for user, *_rest in people])
        saved = {
            user.email: user
            for user in User.objects.filter(email__startswith="panelista")
        }
        rows = []
        pool_numbers = rng.sample(range(100_000, 1_000_000), 80)
        for user, gender, invitation, address in people:
            full_address = f"{address.street}, {address.postal_code} {address.town}"
            rows.append(
                (saved[user.email], gender, invitation, full_address, _town_of(address))
            )
        # The open stream: four newcomers (the demo resident among them), and
        # two who live where a letter went (the draw seats one person of a
        # household at most).
        for n in range(75, 79):
            gender = _pick(rng, STRATA[0][2])
            town = _pick(rng, STRATA[2][2])
            address = f"{STREETS[town][0]} {200 + n}, {town}"
            if n == 78 and resident is not None:
                user, gender = resident, "kobieta"
            else:
                user = _applicant(rng, User, n, gender)
                user.save()
            rows.append((user, gender, None, address, town))
        for n, shared in ((79, rows[3]), (80, rows[11])):
            gender = "kobieta" if shared[1] == "mężczyzna" else "mężczyzna"
            user = _applicant(rng, User, n, gender)
            user.save()
            rows.append((user, gender, None, shared[3].upper(), shared[4]))

        applied_at = today - timedelta(days=30)
        applications = []
        for (user, _gender, invitation, address, _town), number in zip(
            rows, pool_numbers, strict=True
        ):
            applications.append(
                JuryApplication(
                    jury=jury,
                    user=user,
                    number=str(number),
                    stream=ApplicationStream.CODE
                    if invitation
                    else ApplicationStream.OPEN,
                    invitation=invitation,
                    full_name=user.get_full_name() or user.display_name,
                    email=user.email,
                    address=address,
                    household_key=household_key_for(jury, address),
                    consent_given_at=applied_at,
                    created_at=applied_at,
                    status=ApplicationStatus.APPLIED,
                )
            )
        JuryApplication.objects.bulk_create(applications)
        answers = []
        for application, (_user, gender, _inv, _address, town) in zip(
            jury.applications.order_by("pk"), rows, strict=True
        ):
            age = _pick(rng, STRATA[1][2])
            for name, value in (("płeć", gender), ("wiek", age), ("miejscowość", town)):
                stratum_value = values[name][value]
                answers.append(
                    JuryAnswer(
                        application=application,
                        stratum_id=stratum_value.stratum_id,
                        value=stratum_value,
                    )
                )
        JuryAnswer.objects.bulk_create(answers)

        draw = JuryDraw.objects.create(
            jury=jury,
            commitment=commitment(SECRET),
            committed_at=today - timedelta(days=40),
            secret=SECRET,
            public_value=PUBLIC_VALUE,
            seed=seed_from(SECRET, PUBLIC_VALUE),
            status=DrawStatus.QUEUED,
            attempts=1,
            started_by=facilitator,
            started_at=today - timedelta(days=15),
        )
    # Outside the page's transaction, as the background task runs it: a few
    # seconds for 80 applicants.
    status = jury_draw_run(draw_id=draw.pk)
    # Dated as the public draw was held, not as the demo was made.
    drawn_at = draw.started_at + timedelta(minutes=3)
    JuryDraw.objects.filter(pk=draw.pk).update(finished_at=drawn_at)
    jury.seats.filter(seated_at__isnull=False).update(seated_at=drawn_at)
    if status == DrawStatus.DONE:
        _small_groups(jury, facilitator)
        _deliberation(jury, facilitator, day=start + timedelta(days=7))
    say(stdout, f"  created  event {SLUG}  {TITLE} (draw: {status})")


# The discussion in small groups: four groups of six, one per theme, split
# with this seed (the console shows it; splitting again with it gives the same
# groups).
GROUPS_ITEM = "Dyskusja w małych grupach"
GROUPS_SEED = "zielen-przykladowo-grupy"
GROUP_NAMES = ("Drzewa", "Woda deszczowa", "Łąki i trawniki", "Ogrody społeczne")


def _small_groups(jury, facilitator) -> None:
    """The panel split for the small-group discussion through the
    organisers' service, each group named after its theme."""
    from .services import jury_groups

    item = jury.event.agenda_items.get(title=GROUPS_ITEM)
    split = jury_groups.jury_groups_split(
        user=facilitator,
        jury=jury,
        agenda_item_id=item.pk,
        group_count=len(GROUP_NAMES),
        seed=GROUPS_SEED,
    )
    for number, name in enumerate(GROUP_NAMES, start=1):
        jury_groups.jury_group_rename(
            user=facilitator,
            jury=jury,
            split_id=split.pk,
            group_number=number,
            name=name,
        )


# (title, text, (yes, no, abstain) of the 24 jurors, the mayor's decision and
# reasoning). Abstentions count as votes (the jury's default): a recommendation
# passes with yes from 80 % of the jurors voting on it.
RECOMMENDATIONS = (
    (
        "Dwa nowe drzewa za każde wycięte",
        "Za każde drzewo wycięte na gruncie gminy gmina sadzi dwa nowe w tej samej "
        "miejscowości, w ciągu roku, i publikuje mapę nasadzeń.",
        (22, 1, 1),
        "accepted",
        "Wójt wprowadzi tę zasadę zarządzeniem od 2027 roku; mapa nasadzeń "
        "będzie w serwisie gminy.",
    ),
    (
        "Łąki kwietne zamiast części trawników",
        "Na poboczach dróg gminnych i w parkach co najmniej jedna piąta trawników "
        "staje się łąkami kwietnymi koszonymi dwa razy w roku.",
        (20, 3, 1),
        "partly",
        "Łąki powstaną w parkach i przy drogach poza miejscowościami; przy "
        "skrzyżowaniach trawa zostaje niska ze względu na widoczność.",
    ),
    (
        "Deszczówka przy szkołach i świetlicach",
        "Przy każdej szkole i świetlicy wiejskiej gmina stawia zbiorniki na "
        "deszczówkę, z której podlewa się zieleń.",
        (23, 0, 1),
        "accepted",
        "Zbiorniki staną przy trzech szkołach w 2027 roku i przy świetlicach "
        "w 2028; koszt jest w projekcie budżetu.",
    ),
    (
        "Zakaz parkowania na trawnikach w Przykładowie",
        "Straż gminna egzekwuje zakaz parkowania na trawnikach, a przy Rynku "
        "powstają słupki chroniące zieleń.",
        (17, 6, 1),
        "not_applicable",
        "Rekomendacja nie uzyskała wymaganego poparcia; wójt przekaże ją radzie "
        "osiedla jako głos części panelistów.",
    ),
    (
        "Gminny fundusz ogrodów społecznych",
        "Gmina co roku ogłasza konkurs małych grantów na ogrody społeczne "
        "zakładane przez mieszkańców i organizacje.",
        (20, 3, 1),
        "accepted",
        "Fundusz w wysokości 40 000 zł znajdzie się w programie współpracy "
        "z organizacjami na 2027 rok.",
    ),
    (
        "Bez koszenia od maja do lipca",
        "W parkach i na skwerach gmina nie kosi trawy od maja do końca lipca, "
        "poza ścieżkami i placami zabaw.",
        (12, 10, 2),
        "not_applicable",
        "Rekomendacja nie uzyskała wymaganego poparcia. Gmina ograniczy koszenie "
        "tam, gdzie powstaną łąki kwietne (rekomendacja 2).",
    ),
)


def _deliberation(jury, facilitator, *, day) -> None:
    """Six recommendations, drafted, voted and answered through the services
    (so the tallies and vote records are what a real vote leaves), then dated
    the last day of the jury."""
    from .models import (
        JuryDeliberation,
        JuryRecommendation,
        JuryRecommendationResponse,
        JuryRecommendationVersion,
        JuryVoteRecord,
    )
    from .services import jury_votes

    jurors = [
        seat.application.user
        for seat in jury.seats.filter(role="panel")
        .select_related("application__user")
        .order_by("application__number")
    ]
    official = (
        get_user_model().objects.filter(email__iexact="official@example.org").first()
    )
    jury_votes.jury_drafting_set(user=facilitator, jury=jury, open=True)
    recommendations = []
    for i, (title, text, *_rest) in enumerate(RECOMMENDATIONS):
        recommendations.append(
            jury_votes.recommendation_propose(
                user=jurors[i * 3], jury=jury, title=title, text=text
            )
        )
    # The second is amended in the small groups: the history shows both.
    first_title, first_text, *_rest = RECOMMENDATIONS[1]
    jury_votes.recommendation_amend(
        user=jurors[1],
        recommendation=recommendations[1],
        title=first_title,
        text=first_text + " Gmina oznacza je tablicami z opisem.",
    )
    jury_votes.jury_drafting_set(user=facilitator, jury=jury, open=False)
    for recommendation, (_t, _x, counts, decision, reasoning) in zip(
        recommendations, RECOMMENDATIONS, strict=True
    ):
        jury_votes.vote_open(user=facilitator, recommendation=recommendation)
        options = ["yes"] * counts[0] + ["no"] * counts[1] + ["abstain"] * counts[2]
        for juror, option in zip(jurors, options, strict=True):
            jury_votes.vote_cast(
                user=juror, recommendation=recommendation, option=option
            )
        jury_votes.vote_close(user=facilitator, recommendation=recommendation)
        if official is not None:
            jury_votes.recommendation_respond(
                user=official,
                recommendation=recommendation,
                decision=decision,
                reasoning=reasoning,
            )
    # Dated as the jury worked: drafting on its last Saturday morning, the
    # votes that afternoon, the mayor's responses a day later.
    morning, afternoon = at(day, 10), at(day, 13)
    JuryDeliberation.objects.filter(jury=jury).update(
        drafting_opened_at=morning, drafting_closed_at=at(day, 12)
    )
    JuryRecommendation.objects.filter(jury=jury).update(
        created_at=morning, vote_opened_at=afternoon, vote_closed_at=at(day, 14)
    )
    JuryRecommendationVersion.objects.filter(recommendation__jury=jury).update(
        created_at=at(day, 11)
    )
    JuryVoteRecord.objects.filter(recommendation__jury=jury).update(voted_on=day.date())
    JuryRecommendationResponse.objects.filter(recommendation__jury=jury).update(
        created_at=day + timedelta(days=1), updated_at=day + timedelta(days=1)
    )
