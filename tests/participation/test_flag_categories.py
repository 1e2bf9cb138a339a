"""Reports carry a preset reason (spam, offensive, off topic, personal data)
and the reporter's own words; moderators see both."""

import pytest
from django.core.exceptions import ValidationError

from participation import services
from participation.models import CommentFlag, FlagCategory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]


@pytest.fixture
def comment(target, resident):
    return services.comment_create(author=resident, target=target, text="Kup teraz")


def test_preset_reason_and_words_are_stored(comment, neighbour):
    services.comment_flag(
        user=neighbour,
        comment=comment,
        category=FlagCategory.SPAM,
        reason="Reklama sklepu",
    )

    flag = CommentFlag.objects.get()
    assert flag.category == "spam"
    assert flag.reason == "Reklama sklepu"


def test_preset_reason_needs_no_words(comment, neighbour):
    services.comment_flag(
        user=neighbour, comment=comment, category=FlagCategory.PERSONAL_DATA
    )

    assert CommentFlag.objects.get().category == "personal_data"


def test_something_else_needs_words(comment, neighbour):
    with pytest.raises(ValidationError) as error:
        services.comment_flag(
            user=neighbour, comment=comment, category=FlagCategory.OTHER, reason=" "
        )

    assert "reason" in error.value.message_dict
    assert not CommentFlag.objects.exists()


def test_unknown_category_is_refused(comment, neighbour):
    with pytest.raises(ValidationError) as error:
        services.comment_flag(
            user=neighbour, comment=comment, category="boring", reason="Nudne"
        )

    assert "category" in error.value.message_dict


def test_flag_form_posts_the_preset_reason(client, comment, neighbour):
    client.force_login(neighbour)

    response = client.post(
        f"/udzial/komentarze/{comment.pk}/zglos/",
        {"category": "offensive", "reason": ""},
    )

    assert response.status_code == 302
    assert CommentFlag.objects.get().category == "offensive"


def test_thread_offers_the_preset_reasons(client, target, comment, neighbour):
    client.force_login(neighbour)

    html = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    for value in FlagCategory.values:
        assert f'name="category" value="{value}"' in html
    assert "poza tematem" in html


def test_moderation_queue_shows_the_preset_reason_and_words(
    client, comment, neighbour, moderator
):
    services.comment_flag(
        user=neighbour, comment=comment, category=FlagCategory.SPAM, reason="Sklep"
    )
    client.force_login(moderator)

    html = client.get("/udzial/moderacja/").content.decode()

    assert "Spam lub reklama</strong>: Sklep" in html
