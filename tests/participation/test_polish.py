"""What Polish readers see, word for word.

These tests need the Polish catalogue compiled from locale/pending/participation.po
(the lead merges and compiles the fragments); before that they fail, by design.
"""

import pytest
from django.utils import translation

from participation import services
from participation.models import Decision

from .html import article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]

JSON = {"HTTP_ACCEPT": "application/json"}


def test_decisions_have_the_polish_legal_labels():
    with translation.override("pl"):
        assert [str(label) for label in Decision.labels] == [
            "uwzględniona",
            "częściowo uwzględniona",
            "nieuwzględniona",
            "nie dotyczy",
        ]


def test_anonymous_reader_is_told_to_sign_in(client, target):
    html = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    assert "Zaloguj się, aby komentować." in html


def test_placeholders_marks_and_plural_support_counts(
    client, target, resident, neighbour, ngo, make_user, moderator
):
    hidden = services.comment_create(author=resident, target=target, text="Ukryj")
    deleted = services.comment_create(author=resident, target=target, text="Usuń")
    edited = services.comment_create(author=resident, target=target, text="Stara")
    services.comment_edit(user=resident, comment=edited, text="Nowa")
    services.comment_hide(moderator=moderator, comment=hidden, reason="Spam")
    services.comment_delete(user=resident, comment=deleted)
    for supporter in (neighbour, ngo):
        services.comment_support(user=supporter, comment=edited, support=True)

    html = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    assert "Ukryty przez moderatora: Spam" in article(html, hidden.pk)
    assert "Usunięty przez autora." in article(html, deleted.pk)
    assert "edytowany" in article(html, edited.pk)
    assert "2 poparcia" in article(html, edited.pk)


def test_support_counts_use_the_three_polish_plural_forms():
    from django.utils.translation import ngettext

    with translation.override("pl"):
        labels = [
            ngettext("%(counter)s support", "%(counter)s supports", n) % {"counter": n}
            for n in (1, 2, 5, 22, 25)
        ]

    assert labels == [
        "1 poparcie",
        "2 poparcia",
        "5 poparć",
        "22 poparcia",
        "25 poparć",
    ]


def test_form_errors_are_in_polish(client, target, resident):
    from participation.commentable import target_key

    client.force_login(resident)

    response = client.post(
        "/udzial/komentarze/dodaj/",
        {"target": target_key(target), "text": "", "justification": "x" * 5001},
        **JSON,
    )

    fields = response.json()["fields"]
    assert fields["text"] == ["Wpisz treść uwagi."]
    assert fields["justification"] == [
        "Ten tekst jest za długi: może mieć najwyżej 5000 znaków (ma 5001)."
    ]


def test_moderation_mail_is_in_polish(
    target, resident, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = services.comment_create(author=resident, target=target, text="Tekst")

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(moderator=moderator, comment=comment, reason="Reklama")

    [mail] = mailoutbox
    assert mail.subject == "Moderator ukrył Twój komentarz"
    assert "Dzień dobry, Anna Mieszkanka!" in mail.body
    assert "Powód: Reklama" in mail.body
