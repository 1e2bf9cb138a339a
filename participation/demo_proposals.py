"""Demo policy proposals (``manage.py seed_demo``, from participation.demo):
six proposals, one in each stage of the workflow from filed to implemented,
with co-signatures (one past the organisations' threshold), comments and the
office's opinions, and a draft the demo NGO is still writing. Made through
the services, as people would. Idempotent: skipped once the first exists."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from cms.accounts.models import Department
from cms.tasks import tasks_held


def say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


NGO_EMAIL = "ngo@example.org"
RESIDENT_EMAIL = "resident@example.org"
OFFICIAL_EMAIL = "official@example.org"
# Co-signing residents among the demo users (they take part as residents too).
OTHER_RESIDENTS = (
    "moderator@example.org",
    "facilitator@example.org",
    "editor@example.org",
)

# Organisations that co-sign, each with one demo representative. The registry
# engineer's demo adds the full directory; these are found by slug if it has.
ORGANISATIONS = [
    ("stowarzyszenie-zielony-przykladowo", "Stowarzyszenie Zielony Przykładowo"),
    ("klub-sportowy-orzel", "Klub Sportowy Orzeł Przykładowo"),
    ("kgw-dabrowa", "Koło Gospodyń Wiejskich w Dąbrowie"),
    ("fundacja-seniorzy-razem", "Fundacja Seniorzy Razem"),
]

FIRST_TITLE = "Dłuższe godziny otwarcia świetlic środowiskowych"


def _organisations(stdout) -> list:
    from .models import Organisation, OrganisationMembership

    users = get_user_model().objects
    result = []
    for slug, name in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "verified": True}
        )
        email = f"rep-{slug}@example.org"
        rep = users.filter(email=email).first()
        if rep is None:
            rep = users.create_user(
                email=email, display_name=f"{name} — przedstawiciel", password=None
            )
        # Co-signing needs a confirmed address, as for everyone.
        EmailAddress.objects.get_or_create(
            user=rep, email=email, defaults={"verified": True, "primary": True}
        )
        OrganisationMembership.objects.get_or_create(
            user=rep, organisation=org, defaults={"verified": True}
        )
        result.append((org, rep))
    return result


def _file(author, organisation, **texts):
    from . import services

    proposal = services.proposal_create(user=author, on_behalf_of=organisation, **texts)
    return services.proposal_submit(proposal=proposal, user=author)


def seed_proposals(stdout=None) -> None:
    # In one transaction, and without the e-mail of each step (tasks_held): the
    # demo people did not really sign anything.
    with transaction.atomic(), tasks_held():
        _seed(stdout)


def _seed(stdout) -> None:
    from . import services
    from .models import Organisation, Proposal

    say(stdout, "Proposals:")
    users = get_user_model().objects
    ngo = users.filter(email=NGO_EMAIL).first()
    resident = users.filter(email=RESIDENT_EMAIL).first()
    official = users.filter(email=OFFICIAL_EMAIL).first()
    if ngo is None or resident is None or official is None:
        say(stdout, "  skipped  demo proposals: demo users are missing")
        return
    if Proposal.objects.filter(title=FIRST_TITLE).exists():
        say(stdout, "  kept     demo proposals")
        return
    razem = Organisation.objects.get(slug="fundacja-razem")
    (
        (zielony, zielony_rep),
        (orzel, orzel_rep),
        (kgw, kgw_rep),
        (seniorzy, seniorzy_rep),
    ) = _organisations(stdout)
    others = list(users.filter(email__in=OTHER_RESIDENTS))
    department = official.department or Department.objects.order_by("pk").first()

    def comment(proposal, author, text, on_behalf_of=None):
        proposal = Proposal.objects.get(pk=proposal.pk)
        return services.comment_create(
            author=author, target=proposal, text=text, on_behalf_of=on_behalf_of
        )

    # 1. Filed, past the organisations' threshold (3 of 3): the office must act.
    first = _file(
        ngo,
        razem,
        title=FIRST_TITLE,
        problem="Świetlice środowiskowe zamykają się o 15:00, zanim rodzice "
        "wrócą z pracy.",
        proposed_change="Otwarcie świetlic do 18:00 od poniedziałku do piątku, "
        "wpisane do **Programu współpracy na 2027 rok** jako zadanie publiczne.",
        justification="W ankiecie fundacji 64 z 90 rodzin wskazało godziny 15–18 "
        "jako czas bez opieki.",
        sphere="children_youth",
        concerns="policy",
        concerns_title="Program współpracy z organizacjami pozarządowymi na 2027 rok",
    )
    for org, rep in ((zielony, zielony_rep), (kgw, kgw_rep), (seniorzy, seniorzy_rep)):
        services.proposal_sign(proposal=first, user=rep, organisation=org)
    for person in [resident, *others]:
        services.proposal_sign(proposal=first, user=person)
    comment(first, resident, "Popieram, moja córka chodzi do świetlicy na Zielonej.")
    comment(
        first,
        seniorzy_rep,
        "Nasi wolontariusze mogą pomagać w odrabianiu lekcji.",
        on_behalf_of=seniorzy,
    )

    # 2. Under review in the department.
    second = _file(
        zielony_rep,
        zielony,
        title="Fundusz wkładu własnego dla organizacji",
        problem="Małe organizacje rezygnują z grantów unijnych, bo nie mają "
        "10% wkładu własnego.",
        proposed_change="Coroczna pula 50 000 zł na pożyczki wkładu własnego.",
        justification="Tak działa fundusz w Białymstoku od 2019 roku.",
        sphere="ngo_support",
        concerns="resolution",
        concerns_title="Uchwała budżetowa na 2027 rok",
    )
    services.proposal_sign(proposal=second, user=ngo, organisation=razem)
    services.proposal_sign(proposal=second, user=resident)
    services.proposal_take_up(
        proposal=second,
        user=official,
        department=department,
        reason="Wniosek dotyczy budżetu: opinię przygotuje wydział.",
    )
    comment(
        second, ngo, "Chętnie podzielimy się doświadczeniem z takim funduszem.", razem
    )

    # 3. Opinion published (partly positive), awaiting the decision.
    third = _file(
        resident,
        None,
        title="Spotkania konsultacyjne także w soboty",
        problem="Spotkania odbywają się w dni robocze o 16:00; pracujący nie "
        "mogą przyjść.",
        proposed_change="Co najmniej jedno spotkanie każdej konsultacji w sobotę.",
        justification="Frekwencja na spotkaniach to średnio 8 osób.",
        sphere="communities",
        concerns="policy",
        concerns_title="Regulamin konsultacji społecznych",
    )
    services.proposal_sign(proposal=third, user=orzel_rep, organisation=orzel)
    for person in others:
        services.proposal_sign(proposal=third, user=person)
    services.proposal_take_up(proposal=third, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=third,
        user=official,
        verdict="partly",
        reasoning="Sobotnie spotkania są możliwe przy konsultacjach trwających "
        "dłużej niż 30 dni; przy krótszych zapewnimy spotkanie online wieczorem.",
    )
    comment(third, kgw_rep, "Sobota to dobry pomysł dla sołectw.", kgw)

    # 4. Accepted after a positive opinion.
    fourth = _file(
        kgw_rep,
        kgw,
        title="Mikrogranty dla kół gospodyń wiejskich",
        problem="Koła nie startują w otwartych konkursach: formularz ma 14 stron.",
        proposed_change="Tryb mikrograntów do 5 000 zł z uproszczonym wnioskiem.",
        justification="Art. 19a ustawy pozwala na tryb pozakonkursowy do 10 000 zł.",
        sphere="culture",
        concerns="policy",
        concerns_title="Program współpracy z organizacjami pozarządowymi na 2027 rok",
    )
    services.proposal_sign(proposal=fourth, user=ngo, organisation=razem)
    services.proposal_take_up(proposal=fourth, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=fourth,
        user=official,
        verdict="positive",
        reasoning="Wydział popiera wniosek; tryb art. 19a zostanie wpisany do "
        "programu.",
    )
    services.proposal_accept(
        proposal=fourth,
        user=official,
        reason="Wpisany do projektu programu na 2027 rok.",
    )

    # 5. Rejected after a negative opinion.
    fifth = _file(
        orzel_rep,
        orzel,
        title="Bezpłatne boiska dla klubów przez cały rok",
        problem="Kluby płacą za boiska tyle samo co firmy.",
        proposed_change="Zwolnienie klubów sportowych z opłat za boiska gminne.",
        justification="Kluby szkolą 300 dzieci.",
        sphere="sport",
        concerns="resolution",
        concerns_title="Uchwała w sprawie opłat za obiekty sportowe",
    )
    services.proposal_take_up(proposal=fifth, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=fifth,
        user=official,
        verdict="negative",
        reasoning="Pełne zwolnienie wyklucza dotacja z programu „Sportowa Polska”; "
        "proponujemy 50% zniżki na treningi dzieci.",
    )
    services.proposal_reject(
        proposal=fifth,
        user=official,
        reason="Zwolnienie niemożliwe; zniżka dla dzieci zostanie "
        "zaproponowana osobno.",
    )

    # 6. Implemented.
    sixth = _file(
        resident,
        None,
        title="Ławki przy przystankach na osiedlu Zielonym",
        problem="Przy czterech przystankach nie ma gdzie usiąść.",
        proposed_change="Ławki z oparciem przy przystankach Zielona 1–4.",
        justification="Z autobusów korzysta tu wielu seniorów.",
        sphere="seniors",
        concerns="policy",
        concerns_title="Plan zrównoważonego transportu",
    )
    services.proposal_sign(proposal=sixth, user=seniorzy_rep, organisation=seniorzy)
    services.proposal_take_up(proposal=sixth, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=sixth, user=official, verdict="positive", reasoning="Zasadny."
    )
    services.proposal_accept(proposal=sixth, user=official, reason="Ujęte w budżecie.")
    services.proposal_implement(
        proposal=sixth, user=official, reason="Ławki stanęły we wrześniu."
    )

    # A draft the demo NGO is still writing: only its representatives see it.
    services.proposal_create(
        user=ngo,
        on_behalf_of=razem,
        title="Lokal dla organizacji w dawnej szkole",
        problem="Organizacje nie mają gdzie się spotykać.",
        proposed_change="Centrum organizacji w budynku dawnej szkoły.",
        justification="Budynek stoi pusty od 2024 roku.",
        sphere="ngo_support",
        concerns="resolution",
    )
    say(stdout, "  created  6 demo proposals and a draft")
