"""Co-signatures and thresholds, the visibility of drafts, the pages and their
query counts, attachments and the comment thread under a proposal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from wagtail.models import Site

from cms.visibility import Viewer
from participation import services
from participation.models import (
    Comment,
    Proposal,
    ProposalSettings,
    ProposalSignature,
    ProposalState,
)
from participation.selectors.proposals import (
    proposal_settings,
    proposal_with_counts,
    threshold_for,
)

from .proposal_factories import draft, organisation_with_rep, submitted

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def thresholds(db):
    settings = ProposalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisations_threshold = 2
    settings.residents_threshold = 3
    settings.save()
    return settings


def _threshold(proposal):
    return threshold_for(proposal_with_counts(proposal.pk), proposal_settings())


# --- co-signatures and the threshold --------------------------------------------
def test_threshold_counts_each_signer_once_and_not_withdrawn_ones(
    ngo, organisation, make_user, thresholds
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    other_org, rep = organisation_with_rep(make_user, "Stowarzyszenie Most", "m@x.pl")
    residents = [make_user(f"r{i}@example.org") for i in range(3)]
    services.proposal_sign(proposal=proposal, user=residents[0])
    services.proposal_sign(proposal=proposal, user=residents[0])  # again: no-op
    services.proposal_sign(proposal=proposal, user=residents[1])
    services.proposal_sign(proposal=proposal, user=rep, organisation=other_org)
    services.proposal_sign(proposal=proposal, user=rep, organisation=other_org)
    threshold = _threshold(proposal)
    assert (threshold.organisations, threshold.residents) == (1, 2)
    assert not threshold.reached
    services.proposal_sign(proposal=proposal, user=residents[2])
    assert _threshold(proposal).reached
    services.proposal_unsign(proposal=proposal, user=residents[2])
    threshold = _threshold(proposal)
    assert threshold.residents == 2 and not threshold.reached
    # Signing again reopens the same row: still one per person.
    services.proposal_sign(proposal=proposal, user=residents[2])
    assert _threshold(proposal).residents == 3
    assert ProposalSignature.objects.filter(user=residents[2]).count() == 1


def test_rep_signs_for_the_organisation_and_for_themselves_separately(
    ngo, organisation, make_user, thresholds
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    other_org, rep = organisation_with_rep(make_user, "Klub Orzeł", "k@x.pl")
    services.proposal_sign(proposal=proposal, user=rep, organisation=other_org)
    services.proposal_sign(proposal=proposal, user=rep)
    threshold = _threshold(proposal)
    assert (threshold.organisations, threshold.residents) == (1, 1)


def test_database_refuses_a_second_row_for_one_organisation(
    ngo, organisation, resident
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    other_org, _rep = organisation_with_rep(lambda *a, **k: resident, "Fundacja Y", "")
    ProposalSignature.objects.create(
        proposal=proposal, user=resident, organisation=other_org
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSignature.objects.create(
            proposal=proposal, user=ngo, organisation=other_org
        )
    ProposalSignature.objects.create(proposal=proposal, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSignature.objects.create(proposal=proposal, user=resident)


def test_signing_is_refused_to_the_filer_to_non_reps_and_when_closed(
    ngo, organisation, resident, official, department, make_user
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    with pytest.raises(PermissionDenied, match="złożyła wniosek"):
        services.proposal_sign(proposal=proposal, user=ngo, organisation=organisation)
    other_org, _rep = organisation_with_rep(make_user, "Fundacja Z", "z@x.pl")
    with pytest.raises(PermissionDenied, match="reprezentujesz"):
        services.proposal_sign(proposal=proposal, user=resident, organisation=other_org)
    mine = submitted(resident)
    with pytest.raises(PermissionDenied, match="Twój podpis"):
        services.proposal_sign(proposal=mine, user=resident)
    services.proposal_take_up(proposal=proposal, user=official, department=department)
    services.proposal_opinion_publish(
        proposal=proposal, user=official, verdict="negative", reasoning="Nie."
    )
    with pytest.raises(PermissionDenied, match="zamknięte"):
        services.proposal_sign(proposal=proposal, user=resident)
    d = draft(resident)
    with pytest.raises(PermissionDenied, match="zamknięte"):
        services.proposal_sign(proposal=d, user=ngo)
    assert not ProposalSignature.objects.exists()


def test_page_shows_progress_and_the_threshold_reached(
    ngo, organisation, make_user, thresholds
):
    proposal = submitted(ngo, on_behalf_of=organisation)
    for name in ("Fundacja A", "Fundacja B"):
        org, rep = organisation_with_rep(make_user, name, f"{name[-1]}@x.pl")
        services.proposal_sign(proposal=proposal, user=rep, organisation=org)
    html = _client().get(proposal.get_url()).content.decode()
    assert "Organizacje: 2 z 2" in html
    assert "Mieszkańcy: 0 z 3" in html
    assert "Próg został osiągnięty" in html
    assert "Fundacja A" in html and "Fundacja B" in html


def test_residents_names_are_not_on_the_public_page(ngo, organisation, resident):
    proposal = submitted(ngo, on_behalf_of=organisation)
    services.proposal_sign(proposal=proposal, user=resident)
    html = _client().get(proposal.get_url()).content.decode()
    assert resident.public_name not in html
    assert resident.email not in html


# --- visibility -------------------------------------------------------------------
def test_a_draft_is_visible_to_its_authors_only(
    ngo, organisation, resident, official, make_user
):
    from participation.models import OrganisationMembership

    proposal = draft(ngo, on_behalf_of=organisation)
    colleague = make_user("colleague@example.org")
    OrganisationMembership.objects.create(
        user=colleague, organisation=organisation, verified=True
    )
    assert _client(ngo).get(proposal.get_url()).status_code == 200
    assert _client(colleague).get(proposal.get_url()).status_code == 200
    for outsider in (None, resident, official):
        client = _client(outsider)
        assert client.get(proposal.get_url()).status_code == 404
        assert client.get(f"/wnioski/{proposal.pk}/stan/").status_code == 404
        assert "Dłuższe godziny" not in client.get("/wnioski/").content.decode()
    assert not proposal.visible_to(Viewer(resident))
    from cms.live.registry import resolve

    check, key = resolve(proposal.comment_stream())
    assert not check(Viewer(resident), key)
    assert check(Viewer(ngo), key)
    services.proposal_submit(proposal=proposal, user=ngo)
    assert _client().get(proposal.get_url()).status_code == 200
    assert check(Viewer(resident), key)


def test_a_draft_takes_no_comments_and_a_filed_one_does(ngo, organisation, resident):
    proposal = draft(ngo, on_behalf_of=organisation)
    with pytest.raises(PermissionDenied):
        services.comment_create(author=resident, target=proposal, text="Hej")
    services.proposal_submit(proposal=proposal, user=ngo)
    proposal = Proposal.objects.get(pk=proposal.pk)
    comment = services.comment_create(author=resident, target=proposal, text="Popieram")
    assert comment.target == proposal
    html = _client().get(proposal.get_url()).content.decode()
    assert "Popieram" in html


# --- the list: filters and query counts -------------------------------------------
def test_list_filters_by_state_sphere_and_organisation(ngo, organisation, resident):
    a = submitted(ngo, on_behalf_of=organisation, title="Wniosek A")
    submitted(resident, title="Wniosek B", sphere="ecology")
    Proposal.objects.filter(pk=a.pk).update(state=ProposalState.UNDER_REVIEW)

    def titles(query):
        html = _client().get("/wnioski/" + query).content.decode()
        return {t for t in ("Wniosek A", "Wniosek B") if t in html}

    assert titles("") == {"Wniosek A", "Wniosek B"}
    assert titles("?stan=under_review") == {"Wniosek A"}
    assert titles("?sfera=ecology") == {"Wniosek B"}
    assert titles(f"?organizacja={organisation.pk}") == {"Wniosek A"}
    assert titles("?stan=nonsense&sfera=%00") == {"Wniosek A", "Wniosek B"}


def _grow(ngo, organisation, make_user, n, start):
    for i in range(start, start + n):
        proposal = submitted(ngo, on_behalf_of=organisation, title=f"W{i}")
        org, rep = organisation_with_rep(make_user, f"Org {i}", f"o{i}@x.pl")
        services.proposal_sign(proposal=proposal, user=rep, organisation=org)
        services.proposal_sign(
            proposal=proposal, user=make_user(f"s{i}@x.pl"), organisation=None
        )


def test_list_and_page_queries_do_not_grow_with_proposals_and_signatures(
    ngo, organisation, make_user, django_assert_max_num_queries, write_limit
):
    write_limit("proposal", 100)
    write_limit("proposal_signature", 100)
    _grow(ngo, organisation, make_user, 2, 0)
    client = _client(ngo)
    client.get("/wnioski/")  # warm the site and settings caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/wnioski/")
    proposal = Proposal.objects.first()
    with CaptureQueriesContext(connection) as page_small:
        client.get(proposal.get_url())
    _grow(ngo, organisation, make_user, 8, 2)
    for i in range(10):
        org, rep = organisation_with_rep(make_user, f"Extra {i}", f"e{i}@x.pl")
        services.proposal_sign(proposal=proposal, user=rep, organisation=org)
    with django_assert_max_num_queries(len(small)):
        response = client.get("/wnioski/")
    assert response.content.decode().count('class="proposal-card"') == 10
    with django_assert_max_num_queries(len(page_small)):
        response = client.get(proposal.get_url())
    assert "Extra 9" in response.content.decode()


# --- filing through the form --------------------------------------------------------
def test_filing_as_an_organisation_with_an_attachment(ngo, organisation):
    client = _client(ngo)
    page = client.get("/wnioski/nowy/").content.decode()
    assert "W imieniu: Fundacja Razem" in page
    response = client.post(
        "/wnioski/nowy/",
        {
            "on_behalf_of": str(organisation.pk),
            "title": "Budżet na wolontariat",
            "problem": "Brak środków.",
            "proposed_change": "Nowa pozycja.",
            "justification": "<img src=x onerror=alert(1)>Ważne",
            "sphere": "volunteering",
            "concerns": "resolution",
            "attachments": [SimpleUploadedFile("uzasadnienie.pdf", b"%PDF-1.4 x")],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Budżet na wolontariat")
    assert proposal.on_behalf_of == organisation
    assert proposal.state == ProposalState.DRAFT
    assert "<img" not in proposal.justification
    attachment = proposal.attachments.get()
    download = client.get(f"/wnioski/{proposal.pk}/zalaczniki/{attachment.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        _client().get(f"/wnioski/{proposal.pk}/zalaczniki/{attachment.pk}/").status_code
        == 404
    )


def test_filing_refuses_bad_input_with_polish_field_errors(resident):
    response = _client(resident).post(
        "/wnioski/nowy/",
        {
            "title": "Zły plik",
            "problem": "x",
            "proposed_change": "y",
            "justification": "z",
            "sphere": "volunteering",
            "concerns": "policy",
            "attachments": [SimpleUploadedFile("zly.html", b"<script>")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nie jest akceptowany" in html
    assert not Proposal.objects.exists()


def test_steps_through_the_page_without_javascript(
    ngo, organisation, official, department, resident
):
    proposal = draft(ngo, on_behalf_of=organisation)
    assert _client(ngo).post(f"/wnioski/{proposal.pk}/krok/submit/").status_code == 302
    refused = _client(resident).post(f"/wnioski/{proposal.pk}/krok/take_up/")
    assert refused.status_code == 403
    response = _client(official).post(
        f"/wnioski/{proposal.pk}/krok/take_up/", {"department": department.pk}
    )
    assert response.status_code == 302
    response = _client(official).post(
        f"/wnioski/{proposal.pk}/krok/publish_opinion/",
        {"verdict": "", "reasoning": ""},
    )
    assert response.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.UNDER_REVIEW
    _client(official).post(
        f"/wnioski/{proposal.pk}/krok/publish_opinion/",
        {"verdict": "positive", "reasoning": "Popieramy."},
    )
    html = _client().get(proposal.get_url()).content.decode()
    assert "Popieramy." in html and department.name in html
    assert (
        _client(resident).post(f"/wnioski/{proposal.pk}/krok/bogus/").status_code == 404
    )


# --- demo ---------------------------------------------------------------------------
def test_demo_has_six_proposals_in_distinct_states_one_over_its_threshold(
    ngo, resident, official, moderator, facilitator, editor
):
    from participation.demo_proposals import seed_proposals

    seed_proposals()
    seed_proposals()  # idempotent
    filed = Proposal.objects.exclude(state=ProposalState.DRAFT)
    # Every state but draft and withdrawn, once each.
    assert set(filed.values_list("state", flat=True)) == set(ProposalState.values) - {
        ProposalState.DRAFT,
        ProposalState.WITHDRAWN,
    }
    assert filed.count() == 6
    assert len(set(filed.values_list("state", flat=True))) == 6
    settings = proposal_settings()
    over = [
        p for p in filed if threshold_for(proposal_with_counts(p.pk), settings).reached
    ]
    assert len(over) == 1
    assert filed.exclude(opinion_verdict="").count() == 4
    assert Comment.objects.filter(target_id__in=filed.values("pk")).count() >= 4
    assert Proposal.objects.filter(state=ProposalState.DRAFT).count() == 1
