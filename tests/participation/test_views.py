"""The thread over HTTP: plain forms (no JavaScript) and fetch() with JSON."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.live.selectors import stream_last_seq
from participation import services
from participation.commentable import target_key
from participation.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    CommentSupport,
    Decision,
    OfficialResponse,
)

from .factories import comment_row
from .html import article, between, landmarks, parse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]

JSON = {"HTTP_ACCEPT": "application/json"}


def pl(msgid: str) -> str:
    """What a Polish page says for ``msgid`` (English until catalogues compile)."""
    with translation.override("pl"):
        return _(msgid)


@pytest.fixture
def page_url(target):
    return f"/watek-testowy/{target.pk}/"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def post_comment(client, thread_target, page_url, *, json=False, **data):
    payload = {
        "target": target_key(thread_target),
        "anchor": "",
        "text": "Więcej ławek w parku",
        "proposed_wording": "",
        "justification": "",
        "next": page_url,
        **data,
    }
    return client.post("/udzial/komentarze/dodaj/", payload, **(JSON if json else {}))


def comment_by(target, author, text="Uwaga", **kwargs):
    return services.comment_create(author=author, target=target, text=text, **kwargs)


# --- the thread as people see it --------------------------------------------------
def test_anonymous_sees_comments_and_a_login_link_instead_of_the_form(
    client, target, resident, page_url
):
    comment = comment_by(target, resident, "Ławki!")

    html = page(client, page_url)

    assert f'id="comment-{comment.pk}"' in html
    assert 'id="comment-form"' not in html
    assert pl("Log in to comment.") in html
    assert f"/konto/login/?next={page_url}" in html
    section = [a for t, a in parse(html).tags if t == "section" and "data-thread" in a]
    assert section[0]["data-live-stream"] == target.comment_stream()
    assert section[0]["data-live-seq"] == str(stream_last_seq(target.comment_stream()))
    assert section[0]["data-live-seq"] == "1"


def test_verified_resident_gets_the_full_comment_form(
    client, target, resident, page_url
):
    client.force_login(resident)

    html = page(client, page_url)

    tags = parse(html).tags
    names = {a.get("name") for t, a in tags if t in {"input", "textarea", "select"}}
    assert {"target", "anchor", "text", "proposed_wording", "justification"} <= names
    assert "on_behalf_of" not in names
    options = [a.get("value") for t, a in tags if t == "option"]
    assert {"", "p1", "p2"} <= set(options)
    labels = {a.get("for") for t, a in tags if t == "label"}
    assert {
        "id_comment_anchor",
        "id_comment_text",
        "id_comment_proposed_wording",
    } <= labels
    # The thread's assets are loaded once by base.html, not by each thread.
    assert html.count('src="/static/participation/thread.js"') == 1
    assert html.count('href="/static/participation/participation.css"') == 1
    head = html.split("</head>", 1)[0]
    assert 'href="/static/participation/participation.css"' in head


def test_representative_may_write_on_behalf_of_the_organisation(
    client, target, ngo, organisation, page_url
):
    client.force_login(ngo)

    html = page(client, page_url)

    assert 'name="on_behalf_of"' in html
    assert f'value="{organisation.pk}"' in html


def test_unverified_user_is_asked_to_confirm_the_address(
    client, target, unverified, page_url
):
    client.force_login(unverified)

    html = page(client, page_url)

    assert 'id="comment-form"' not in html
    assert pl("Confirm your e-mail address to comment.") in html
    assert "/konto/email/" in html


def test_closed_target_shows_its_reason(
    client, target, target_state, resident, page_url
):
    target_state.closed = True
    client.force_login(resident)

    html = page(client, page_url)

    assert 'id="comment-form"' not in html
    assert "Konsultacje są zamknięte." in html


def test_comment_shows_author_organisation_provision_date_and_edited_mark(
    client, target, ngo, organisation, page_url
):
    comment = comment_by(
        target, ngo, "Nasza uwaga", anchor="p2", on_behalf_of=organisation
    )
    services.comment_edit(user=ngo, comment=comment, text="Nasza poprawiona uwaga")

    html = article(page(client, page_url), comment.pk)

    assert "Piotr z Fundacji" in html
    with translation.override("pl"):
        assert (
            _("on behalf of %(organisation)s") % {"organisation": "Fundacja Razem"}
            in html
        )
    assert "§ 2" in html
    assert "<time datetime=" in html
    assert pl("edited") in html
    assert "Nasza poprawiona uwaga" in html


def test_comment_on_the_whole_document_uses_the_targets_own_name_for_it(
    client, target, resident, page_url
):
    comment = comment_by(target, resident, "Całość")

    html = article(page(client, page_url), comment.pk)

    # The target calls it "Cały projekt" in its form: the comment says the same.
    assert '<p class="comment-provision">Cały projekt</p>' in html


def test_sort_and_filters_come_from_the_query_string(
    client, target, resident, page_url
):
    whole = comment_by(target, resident, "Całość")
    p1 = comment_by(target, resident, "Paragraf", anchor="p1")

    only_p1 = page(client, f"{page_url}?anchor=p1&sort=oldest")
    only_whole = page(client, f"{page_url}?anchor=-")
    bogus = page(client, f"{page_url}?anchor=nope&sort=drop-table&answered=maybe")

    assert (
        f'id="comment-{p1.pk}"' in only_p1 and f'id="comment-{whole.pk}"' not in only_p1
    )
    assert 'data-thread-sort="oldest"' in only_p1
    assert (
        f'id="comment-{whole.pk}"' in only_whole
        and f'id="comment-{p1.pk}"' not in only_whole
    )
    assert f'id="comment-{whole.pk}"' in bogus and f'id="comment-{p1.pk}"' in bogus
    assert 'data-thread-sort="newest"' in bogus


# --- creating without JavaScript --------------------------------------------------
def test_posting_a_comment_redirects_back_to_it_with_a_message(
    client, target, resident, page_url
):
    client.force_login(resident)

    response = post_comment(client, target, page_url, anchor="p1")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url}#comment-{comment.pk}"
    assert comment.anchor == "p1" and comment.author == resident
    html = page(client, page_url)
    assert pl("Your comment has been published.") in html
    assert f'id="comment-{comment.pk}"' in html


def test_invalid_comment_shows_the_form_again_with_linked_errors(
    client, target, resident, page_url
):
    client.force_login(resident)

    response = post_comment(
        client, target, page_url, text="", proposed_wording="x" * 5001
    )

    assert response.status_code == 400
    html = response.content.decode()
    textarea = next(a for t, a in parse(html).tags if a.get("name") == "text")
    assert textarea["aria-invalid"] == "true"
    # Django's own ids, which Django 5.2 puts in the widget's aria-describedby.
    # The formatting help and the error, each once.
    assert textarea["aria-describedby"].split() == [
        "id_comment_text_helptext",
        "id_comment_text_error",
    ]
    assert 'id="id_comment_text_helptext"' in html
    assert 'id="id_comment_text_error"' in html
    assert 'id="id_comment_proposed_wording_error"' in html
    proposed = next(
        a for t, a in parse(html).tags if a.get("name") == "proposed_wording"
    )
    assert proposed["aria-describedby"].split() == [
        "id_comment_proposed_wording_helptext",
        "id_comment_proposed_wording_error",
    ]
    assert 'id="id_comment_proposed_wording_helptext"' in html
    # The summary at the top links to each field with errors.
    assert 'href="#id_comment_text"' in html
    assert 'href="#id_comment_proposed_wording"' in html
    assert "x" * 5001 in html  # what was typed is not lost
    assert not Comment.objects.exists()


def test_next_pointing_elsewhere_is_ignored(client, target, resident, page_url):
    client.force_login(resident)

    response = post_comment(client, target, "https://evil.example/")

    assert response.status_code == 302
    assert response["Location"].startswith(target.get_url())


# --- JSON for fetch() -------------------------------------------------------------
def test_json_create_answers_201_with_the_id(client, target, resident, page_url):
    client.force_login(resident)

    response = post_comment(client, target, page_url, json=True)

    assert response.status_code == 201
    assert response.json()["id"] == Comment.objects.get().pk


def test_json_bad_input_is_400_with_field_reasons(client, target, resident, page_url):
    client.force_login(resident)

    response = post_comment(client, target, page_url, json=True, text="", anchor="p9")

    assert response.status_code == 400
    body = response.json()
    assert body["error"]
    assert set(body["fields"]) == {"text", "anchor"}
    assert body["fields"]["text"] == [pl("Write your comment.")]


@pytest.mark.parametrize(
    "key",
    [
        "",
        "abc",
        "999999:1",
        "1:abc",
        "5:999999",
        "²:1",
        "USER",
        "PAGE_MISSING",
        "PAGE_HUGE",
        "PAGE_SUPERSCRIPT",
        "DRAFT",
    ],
)
def test_bad_target_is_400_never_500(client, target, resident, page_url, key):
    client.force_login(resident)
    page_type = ContentType.objects.get_for_model(target).pk
    if key == "PAGE_HUGE":
        # Bigger than any primary key column: the database must not be asked.
        key = f"{page_type}:{'9' * 25}"
    elif key == "PAGE_SUPERSCRIPT":
        # A digit to str.isdigit(), not to int().
        key = f"{page_type}:²"
    elif key == "USER":
        # A real object that is not Commentable.
        key = f"{ContentType.objects.get_for_model(resident).pk}:{resident.pk}"
    elif key == "PAGE_MISSING":
        key = f"{ContentType.objects.get_for_model(target).pk}:999999"
    elif key == "DRAFT":
        type(target).objects.filter(pk=target.pk).update(live=False)
        key = target_key(target)

    response = post_comment(client, target, page_url, json=True, target=key)

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Comment.objects.exists()


def test_anonymous_post_is_403_with_the_reason(client, target, page_url):
    response = post_comment(client, target, page_url, json=True)
    html_response = post_comment(client, target, page_url)

    assert response.status_code == 403
    assert response.json()["error"] == pl("Log in to comment.")
    assert html_response.status_code == 403
    assert pl("Log in to comment.") in html_response.content.decode()


def test_closed_target_post_is_403(client, target, target_state, resident, page_url):
    target_state.closed = True
    client.force_login(resident)

    response = post_comment(client, target, page_url, json=True)

    assert response.status_code == 403
    assert response.json()["error"] == "Konsultacje są zamknięte."


def test_rate_limited_comment_is_429(client, target, resident, page_url, write_limit):
    write_limit("comment", 1)
    client.force_login(resident)
    post_comment(client, target, page_url, json=True)

    response = post_comment(client, target, page_url, json=True)

    assert response.status_code == 429
    assert response.json()["error"] == pl(
        "You are doing that too often. Wait a minute and try again."
    )


def test_get_on_a_post_endpoint_is_405(client):
    assert client.get("/udzial/komentarze/dodaj/").status_code == 405


# --- replies, edits, deletion -----------------------------------------------------
def test_reply_without_javascript(client, target, resident, neighbour, page_url):
    top = comment_by(target, resident)
    client.force_login(neighbour)

    response = client.post(
        f"/udzial/komentarze/{top.pk}/odpowiedz/", {"text": "Racja", "next": page_url}
    )

    reply = Comment.objects.get(parent=top)
    assert response["Location"] == f"{page_url}#comment-{reply.pk}"
    html = article(page(client, page_url), reply.pk)
    assert "Racja" in html


def test_json_reply_to_a_reply_lands_under_the_top_level_comment(
    client, target, resident, neighbour
):
    top = comment_by(target, resident)
    reply = comment_by(target, neighbour, "Pierwsza odpowiedź", parent=top)
    client.force_login(resident)

    response = client.post(
        f"/udzial/komentarze/{reply.pk}/odpowiedz/", {"text": "Druga"}, **JSON
    )

    assert response.status_code == 201
    assert response.json()["parent_id"] == top.pk


def test_edit_form_is_prefilled_and_saves(client, target, resident, page_url):
    comment = comment_by(target, resident, "Pierwsza\n\nwersja", proposed_wording="P")
    client.force_login(resident)
    url = f"/udzial/komentarze/{comment.pk}/edytuj/"

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "text": "Druga wersja",
            "proposed_wording": "P2",
            "justification": "",
            "next": page_url,
        },
    )

    assert ">\nPierwsza\n\nwersja</textarea>" in form
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "<p>Druga wersja</p>" and comment.edited_at


def test_edit_page_says_until_when_editing_stays_open(
    client, target, resident, settings
):
    settings.COMMENT_EDIT_WINDOW_SECONDS = 15 * 60
    comment = comment_by(target, resident)
    created = timezone.now() - timedelta(minutes=5)
    Comment.objects.filter(pk=comment.pk).update(created_at=created)
    closes = (created + timedelta(minutes=15)).astimezone(ZoneInfo("Europe/Warsaw"))
    client.force_login(resident)

    form = client.get(f"/udzial/komentarze/{comment.pk}/edytuj/").content.decode()

    assert f"Możesz edytować do {closes:%H:%M}." in form


def test_someone_elses_comment_cannot_be_edited(client, target, resident, neighbour):
    comment = comment_by(target, resident)
    client.force_login(neighbour)

    response = client.get(f"/udzial/komentarze/{comment.pk}/edytuj/")
    posted = client.post(
        f"/udzial/komentarze/{comment.pk}/edytuj/", {"text": "x"}, **JSON
    )

    assert response.status_code == 403
    assert posted.status_code == 403


def test_delete_asks_first_then_leaves_a_placeholder(
    client, target, resident, neighbour, page_url
):
    comment = comment_by(target, resident, "Do usunięcia")
    comment_by(target, neighbour, "Odpowiedź zostaje", parent=comment)
    client.force_login(resident)
    url = f"/udzial/komentarze/{comment.pk}/usun/"

    confirm = client.post(url, {"next": page_url})
    assert confirm.status_code == 200
    assert 'name="confirm"' in confirm.content.decode()
    assert Comment.objects.get(pk=comment.pk).deleted_at is None

    response = client.post(url, {"next": page_url, "confirm": "1"})

    assert response.status_code == 302
    html = page(client, page_url)
    assert pl("Deleted by the author.") in html
    assert "Do usunięcia" not in html
    assert "Odpowiedź zostaje" in html


# --- support and flags ------------------------------------------------------------
def test_support_button_toggles_with_aria_pressed(
    client, target, resident, neighbour, page_url
):
    comment = comment_by(target, resident)
    client.force_login(neighbour)
    url = f"/udzial/komentarze/{comment.pk}/poparcie/"

    def button():
        html = article(page(client, page_url), comment.pk)
        return next(a for t, a in parse(html).tags if "aria-pressed" in a)

    assert button()["aria-pressed"] == "false"
    response = client.post(url, {"support": "1", "next": page_url})
    assert response.status_code == 302
    assert button()["aria-pressed"] == "true"

    data = client.post(url, {"support": "0"}, **JSON).json()
    assert (data["supported"], data["support_count"]) == (False, 0)
    assert data["label"]
    assert not CommentSupport.objects.exists()


def test_author_gets_no_support_button_and_cannot_post_one(
    client, target, resident, page_url
):
    comment = comment_by(target, resident)
    client.force_login(resident)

    html = article(page(client, page_url), comment.pk)
    response = client.post(
        f"/udzial/komentarze/{comment.pk}/poparcie/", {"support": "1"}, **JSON
    )

    assert "aria-pressed" not in html
    assert response.status_code == 403
    assert response.json()["error"]


def test_flag_form_and_duplicate_flag(client, target, resident, neighbour, page_url):
    comment = comment_by(target, resident)
    client.force_login(neighbour)
    url = f"/udzial/komentarze/{comment.pk}/zglos/"

    assert client.get(url).status_code == 200
    first = client.post(url, {"reason": "Wulgaryzmy", "next": page_url})
    second = client.post(url, {"reason": "Znowu"}, **JSON)

    assert first.status_code == 302
    assert second.status_code == 400
    assert second.json()["error"] == pl("You have already reported this comment.")
    assert CommentFlag.objects.get().reason == "Wulgaryzmy"


def test_report_control_is_not_offered_again_after_reporting(
    client, target, resident, neighbour, ngo, page_url
):
    comment = comment_by(target, resident)
    reply = comment_by(target, ngo, "Dopisek", parent=comment)
    services.comment_flag(user=neighbour, comment=comment, reason="Wulgaryzmy")
    flag_url = f"/udzial/komentarze/{comment.pk}/zglos/"
    reply_flag_url = f"/udzial/komentarze/{reply.pk}/zglos/"

    client.force_login(neighbour)
    html = page(client, page_url)
    top = article(html, comment.pk).split("data-replies")[0]  # without the reply
    assert 'data-control="flag"' not in top and flag_url not in top
    assert reply_flag_url in article(html, reply.pk)

    client.force_login(ngo)
    assert flag_url in article(page(client, page_url), comment.pk)


def test_anonymous_cannot_flag(client, target, resident):
    comment = comment_by(target, resident)

    response = client.post(
        f"/udzial/komentarze/{comment.pk}/zglos/", {"reason": "x"}, **JSON
    )

    assert response.status_code == 403


# --- moderation -------------------------------------------------------------------
def test_hidden_comment_shows_the_reason_and_moderators_still_see_the_text(
    client, target, resident, neighbour, moderator, page_url
):
    comment = comment_by(target, resident, "Nieładny tekst")
    client.force_login(moderator)

    response = client.post(
        f"/udzial/komentarze/{comment.pk}/ukryj/",
        {"reason": "Obraża innych", "next": page_url},
    )
    assert response.status_code == 302
    moderator_view = article(page(client, page_url), comment.pk)
    client.force_login(neighbour)
    public_view = article(page(client, page_url), comment.pk)

    placeholder = pl("Hidden by a moderator: %(reason)s") % {"reason": "Obraża innych"}
    assert placeholder in public_view
    assert "Nieładny tekst" not in public_view
    assert placeholder in moderator_view
    assert "Nieładny tekst" in moderator_view
    assert pl("Hidden — only moderators see this text") in moderator_view
    assert "/przywroc/" in moderator_view


def test_hide_without_reason_is_400_and_non_moderators_get_403(
    client, target, resident, neighbour, moderator
):
    comment = comment_by(target, resident)
    url = f"/udzial/komentarze/{comment.pk}/ukryj/"
    client.force_login(neighbour)
    assert client.post(url, {"reason": "x"}, **JSON).status_code == 403
    assert client.get(url).status_code == 403

    client.force_login(moderator)
    response = client.post(url, {"reason": ""}, **JSON)

    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert Comment.objects.get().status == CommentStatus.VISIBLE


def test_unhide_and_dismiss_without_javascript(
    client, target, resident, neighbour, moderator
):
    hidden = comment_by(target, resident, "A")
    flagged = comment_by(target, resident, "B")
    services.comment_hide(moderator=moderator, comment=hidden, reason="Spam")
    services.comment_flag(user=neighbour, comment=flagged, reason="Spam?")
    client.force_login(moderator)

    restored = client.post(f"/udzial/komentarze/{hidden.pk}/przywroc/", {})
    dismissed = client.post(f"/udzial/komentarze/{flagged.pk}/zgloszenia/odrzuc/", {})

    assert restored.status_code == 302 and dismissed.status_code == 302
    assert dismissed["Location"] == "/udzial/moderacja/"
    assert Comment.objects.get(pk=hidden.pk).status == CommentStatus.VISIBLE
    assert CommentFlag.objects.get().resolved


def test_moderation_queue_lists_reported_comments_first_with_reasons(
    client, target, resident, neighbour, ngo, moderator
):
    quiet = comment_by(target, resident, "Spokojny")
    reported = comment_by(target, resident, "Zgłoszony")
    services.comment_flag(user=neighbour, comment=reported, reason="Reklama sklepu")
    services.comment_flag(user=ngo, comment=reported, reason="Spam")
    hidden = comment_by(target, neighbour, "Ukryty")
    services.comment_hide(moderator=moderator, comment=hidden, reason="Off-topic")
    client.force_login(moderator)

    html = page(client, "/udzial/moderacja/")

    flagged = html[html.index('id="flagged"') : html.index('id="recent"')]
    assert f'id="flagged-{reported.pk}"' in flagged
    assert "Reklama sklepu" in flagged and "Spam" in flagged
    assert f"#comment-{quiet.pk}" not in flagged
    with translation.override("pl"):
        from django.utils.translation import ngettext

        assert (
            ngettext("%(counter)s report", "%(counter)s reports", 2) % {"counter": 2}
            in flagged
        )
    hidden_section = html[html.index('id="hidden"') : html.index('id="log"')]
    assert "Off-topic" in hidden_section
    log = html[html.index('id="log"') :]
    assert "Marta Moderatorka" in log


def test_moderation_queue_is_for_moderators_only(client, resident):
    assert client.get("/udzial/moderacja/").status_code == 302
    client.force_login(resident)
    assert client.get("/udzial/moderacja/").status_code == 403


# --- official responses -----------------------------------------------------------
def test_official_responds_and_the_thread_shows_the_signed_response(
    client, target, target_state, department, resident, official, page_url
):
    target_state.department = department
    comment = comment_by(target, resident)
    client.force_login(official)
    url = f"/udzial/komentarze/{comment.pk}/odpowiedz-urzedu/"

    form = client.get(url)
    assert form.status_code == 200
    radios = [
        a for t, a in parse(form.content.decode()).tags if a.get("type") == "radio"
    ]
    assert [a["value"] for a in radios] == [
        "accepted",
        "partly",
        "rejected",
        "not_applicable",
    ]
    assert '<fieldset class="radio-group"' in form.content.decode()
    response = client.post(
        url, {"decision": "partly", "reasoning": "Częściowo tak.", "next": page_url}
    )

    assert response.status_code == 302
    html = article(page(client, page_url), comment.pk)
    assert 'class="decision-badge decision-partly"' in html
    with translation.override("pl"):
        assert str(Decision.PARTLY.label) in html
    assert "Częściowo tak." in html
    assert department.name in html


def test_replying_and_answering_for_the_office_have_different_buttons(
    client, target, target_state, department, resident, official, page_url
):
    target_state.department = department
    comment = comment_by(target, resident)
    client.force_login(official)

    html = article(page(client, page_url), comment.pk)
    reply_form = between(html, 'class="reply-form"', "</form>")
    response_form = between(
        html, 'class="comment-action official-response-form"', "</form>"
    )
    reply_button = between(reply_form, "<button", "</button>").split(">", 1)[1]
    response_button = between(response_form, "<button", "</button>").split(">", 1)[1]

    assert reply_button == pl("Publish reply") == "Opublikuj odpowiedź"
    assert response_button == "Opublikuj odpowiedź urzędu"
    page_form = client.get(f"/udzial/komentarze/{comment.pk}/odpowiedz-urzedu/")
    assert "Opublikuj odpowiedź urzędu" in page_form.content.decode()


def test_every_landmark_of_a_thread_with_answers_has_a_unique_name(
    client, target, target_state, department, resident, neighbour, official, page_url
):
    """axe's landmark-unique: two answered comments must not make two regions
    both called "Odpowiedź urzędu"."""
    target_state.department = department
    answered = [comment_by(target, resident), comment_by(target, neighbour, "Druga")]
    for comment in answered:
        services.official_response_publish(
            official=official, comment=comment, decision="accepted", reasoning="Tak."
        )

    html = page(client, page_url)

    found = landmarks(html)
    assert len(found) == len(set(found)), found
    for comment in answered:
        assert pl("Response of the office") in article(html, comment.pk)


def test_official_of_another_department_gets_403(
    client, target, target_state, department, resident, other_official
):
    target_state.department = department
    comment = comment_by(target, resident)
    client.force_login(other_official)
    url = f"/udzial/komentarze/{comment.pk}/odpowiedz-urzedu/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"decision": "accepted", "reasoning": "x"}, **JSON)

    assert response.status_code == 403
    assert not OfficialResponse.objects.exists()


def test_invalid_response_is_400_json(client, target, resident, official):
    comment = comment_by(target, resident)
    client.force_login(official)

    response = client.post(
        f"/udzial/komentarze/{comment.pk}/odpowiedz-urzedu/",
        {"decision": "maybe", "reasoning": ""},
        **JSON,
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"decision", "reasoning"}


# --- the fragment live updates fetch ----------------------------------------------
def test_fragment_renders_one_comment_for_the_viewer(
    client, target, resident, neighbour
):
    comment = comment_by(target, resident, "Fragment")
    client.force_login(neighbour)

    response = client.get(f"/udzial/komentarze/{comment.pk}/fragment/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<article id="comment-{comment.pk}"')
    assert "Fragment" in html
    assert "aria-pressed" in html  # the neighbour may support it
    assert "<html" not in html


def test_fragment_of_a_hidden_comment_shows_only_the_placeholder_to_the_public(
    client, target, resident, moderator
):
    comment = comment_by(target, resident, "Tajne")
    services.comment_hide(moderator=moderator, comment=comment, reason="Dane osobowe")
    url = f"/udzial/komentarze/{comment.pk}/fragment/"

    public = client.get(url).content.decode()
    client.force_login(moderator)
    for_moderator = client.get(url).content.decode()

    assert "Dane osobowe" in public and "Tajne" not in public
    assert "Tajne" in for_moderator


def test_fragment_of_a_missing_comment_is_404(client):
    assert client.get("/udzial/komentarze/424242/fragment/").status_code == 404


# --- pages of the thread -----------------------------------------------------------
def test_thread_pages_keep_order_and_filters(client, target, resident, page_url):
    tops = Comment.objects.bulk_create(
        comment_row(target, resident, f"Uwaga {i}") for i in range(35)
    )
    comment_row(target, resident, "Odpowiedź", parent=tops[34]).save()
    client.force_login(resident)

    html = page(client, f"{page_url}?sort=oldest&answered=no&strona=2")
    tops_shown = [
        attrs["id"]
        for tag, attrs in parse(html).tags
        if tag == "article" and "comment-reply" not in attrs.get("class", "")
    ]
    assert tops_shown == [f"comment-{c.pk}" for c in tops[30:]]
    assert "Odpowiedź" in html  # replies come with their comment
    assert "31–35" in between(html, "data-thread-range", "</p>")
    kept = "?sort=oldest&amp;answered=no"
    assert f'href="{kept}#comments" rel="prev"' in html
    assert f'href="{kept}&amp;strona=2#comments" aria-current="page"' in html
    # A new comment goes to the first page, where it shows.
    assert f'name="next" value="{page_url}{kept}"' in html

    negative = page(client, page_url + "?sort=oldest&answered=no&strona=-1")
    # Out of range either way: the last page (Paginator.get_page), not an error.
    assert 'data-thread-page="2"' in negative
