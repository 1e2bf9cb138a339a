"""Changing the office's decision keeps the earlier one, shown publicly."""

import pytest

from participation import selectors, services
from participation.models import Decision, OfficialResponse, OfficialResponseRevision

from .html import article, between

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]


def answer(official, comment, decision, reasoning):
    return services.official_response_publish(
        official=official, comment=comment, decision=decision, reasoning=reasoning
    )


@pytest.fixture
def comment(target, resident):
    return services.comment_create(author=resident, target=target, text="Lipy")


def test_changing_a_decision_keeps_the_earlier_one(comment, official, department):
    first = answer(official, comment, Decision.REJECTED, "Brak środków.")

    answer(official, comment, Decision.ACCEPTED, "Znaleźliśmy środki.")

    response = OfficialResponse.objects.get()
    assert response.decision == Decision.ACCEPTED
    [earlier] = response.revisions.all()
    assert earlier.decision == Decision.REJECTED
    assert earlier.reasoning_as_typed == "Brak środków."
    assert earlier.official == official
    assert earlier.department == department
    assert earlier.created_at == first.updated_at


def test_publishing_the_same_response_again_adds_no_history(comment, official):
    answer(official, comment, Decision.PARTLY, "Częściowo.")

    answer(official, comment, Decision.PARTLY, "Częściowo.")

    assert not OfficialResponseRevision.objects.exists()


def test_public_comment_says_changed_and_lists_earlier_decisions(
    client, target, comment, official
):
    answer(official, comment, Decision.REJECTED, "Brak środków.")
    answer(official, comment, Decision.ACCEPTED, "Znaleźliśmy środki.")

    html = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    shown = article(html, comment.pk)
    assert "zmieniono" in between(shown, "official-response-changed", "</span>")
    history = between(shown, "<details", "</details>")
    assert "Wcześniejsze decyzje i ich uzasadnienia" in history
    assert "Brak środków." in history
    assert "Znaleźliśmy środki." not in history


def test_unchanged_response_shows_no_history(client, target, comment, official):
    answer(official, comment, Decision.ACCEPTED, "Tak.")

    html = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    assert "official-response-history" not in html
    assert "official-response-changed" not in html


def test_export_carries_the_earlier_decisions(comment, resident, official):
    answer(official, comment, Decision.REJECTED, "Brak środków.")
    answer(official, comment, Decision.ACCEPTED, "Znaleźliśmy środki.")

    [exported] = selectors.comments_for_user_export(resident)

    response = exported["official_response"]
    assert response["decision"] == "accepted"
    [earlier] = response["earlier_decisions"]
    assert earlier["decision"] == "rejected"
    assert earlier["reasoning"] == "Brak środków."
