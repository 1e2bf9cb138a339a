from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.live.models import StreamEvent
from participation import services
from participation.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    CommentSupport,
    Decision,
    ModerationAction,
    ModerationLogEntry,
    OfficialResponse,
    Organisation,
)

from .conftest import CLOSED_REASON, NGO_ONLY_REASON

pytestmark = pytest.mark.django_db


def events(target, event_type=None):
    rows = StreamEvent.objects.filter(stream__name=target.comment_stream())
    if event_type:
        rows = rows.filter(type=event_type)
    return list(rows.order_by("seq"))


def nothing_saved(target):
    return not Comment.objects.exists() and not events(target)


def create(target, author, text="Proszę o więcej drzew.", **kwargs):
    return services.comment_create(author=author, target=target, text=text, **kwargs)


# --- creating ---------------------------------------------------------------------
def test_comment_on_the_whole_target(target, resident):
    comment = create(target, resident, "Więcej zieleni\n\nna osiedlu")

    assert comment.anchor == ""
    assert comment.parent is None
    assert comment.target == target
    assert comment.text == "<p>Więcej zieleni</p><p>na osiedlu</p>"
    assert comment.status == CommentStatus.VISIBLE
    [event] = events(target)
    assert event.type == "comment.created"
    html = event.payload.pop("html")
    assert "Więcej zieleni" in html["pl"]
    assert event.payload == {
        "id": comment.pk,
        "parent_id": None,
        "anchor": "",
        "counts": {"anchors": {"": 1}, "answered": 0, "top_level": 1},
    }


def test_comment_on_a_provision_with_proposed_wording(target, resident):
    comment = create(
        target,
        resident,
        anchor="p2",
        proposed_wording="§ 2. Drzewa sadzi się wiosną.",
        justification="Bo jesienią marzną.",
    )

    assert comment.anchor == "p2"
    assert comment.proposed_wording == "<p>§ 2. Drzewa sadzi się wiosną.</p>"
    assert comment.justification == "<p>Bo jesienią marzną.</p>"
    assert events(target)[0].payload["counts"]["anchors"] == {"p2": 1}


def test_unknown_provision_is_rejected_and_nothing_saved(target, resident):
    with pytest.raises(ValidationError) as error:
        create(target, resident, anchor="p99")

    assert "anchor" in error.value.error_dict
    assert nothing_saved(target)


def test_reply_attaches_to_the_comment_and_takes_its_provision(
    target, resident, neighbour
):
    top = create(target, resident, anchor="p1")

    reply = create(target, neighbour, "Zgadzam się", parent=top, anchor="p2")

    assert reply.parent == top
    assert reply.anchor == "p1"
    created = events(target, "comment.created")[-1]
    assert created.payload["parent_id"] == top.pk
    # Replies are discussion, not submissions: the provision count stays at 1.
    assert created.payload["counts"]["anchors"] == {"p1": 1}


def test_reply_to_a_reply_attaches_to_the_top_level_comment(
    target, resident, neighbour, ngo
):
    top = create(target, resident)
    reply = create(target, neighbour, "Odpowiedź", parent=top)

    nested = create(target, ngo, "Odpowiedź na odpowiedź", parent=reply)

    assert nested.parent == top
    assert list(top.replies.order_by("pk")) == [reply, nested]


def test_reply_to_a_comment_of_another_target_is_rejected(
    make_target, resident, neighbour
):
    first, second = make_target("Pierwszy"), make_target("Drugi")
    foreign = create(first, resident)

    with pytest.raises(ValidationError):
        create(second, neighbour, parent=foreign)

    assert Comment.objects.count() == 1


def test_reply_to_a_hidden_comment_is_denied(target, resident, neighbour, moderator):
    top = create(target, resident)
    services.comment_hide(moderator=moderator, comment=top, reason="Obraźliwy")

    with pytest.raises(PermissionDenied):
        create(target, neighbour, parent=top)


def test_closed_target_denies_comments_with_its_reason(target, target_state, resident):
    target_state.closed = True

    with pytest.raises(PermissionDenied) as error:
        create(target, resident)

    assert str(error.value) == CLOSED_REASON
    assert nothing_saved(target)


def test_unverified_user_cannot_comment(target, unverified):
    with pytest.raises(PermissionDenied) as error:
        create(target, unverified)

    assert str(error.value) == _("Confirm your e-mail address to comment.")
    assert nothing_saved(target)


def test_anonymous_user_cannot_comment(target, anonymous):
    with pytest.raises(PermissionDenied) as error:
        create(target, anonymous)

    assert str(error.value) == _("Log in to comment.")


def test_ngo_only_target_admits_organisation_representatives(
    target, target_state, resident, ngo
):
    target_state.ngo_only = True

    with pytest.raises(PermissionDenied) as error:
        create(target, resident)
    comment = create(target, ngo)

    assert str(error.value) == NGO_ONLY_REASON
    assert Comment.objects.get() == comment


def test_comment_on_behalf_of_an_organisation(target, ngo, organisation):
    comment = create(target, ngo, on_behalf_of=organisation)

    assert comment.on_behalf_of == organisation


def test_writing_for_an_organisation_one_does_not_represent_is_rejected(
    target, resident, organisation
):
    with pytest.raises(ValidationError) as error:
        create(target, resident, on_behalf_of=organisation)

    assert "on_behalf_of" in error.value.error_dict
    assert nothing_saved(target)


def test_unverified_organisation_cannot_be_written_for(target, ngo, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(verified=False)
    ngo.refresh_from_db()

    with pytest.raises(ValidationError):
        create(target, ngo, on_behalf_of=organisation)


def test_rate_limit_stops_the_fourth_comment_in_a_minute(target, resident, write_limit):
    write_limit("comment", 3)
    for n in range(3):
        create(target, resident, f"Uwaga {n}")

    with pytest.raises(ValidationError) as error:
        create(target, resident, "Uwaga 4")

    assert error.value.code == services.RATE_LIMITED
    assert Comment.objects.count() == 3
    assert len(events(target)) == 3


def test_replies_have_their_own_rate_limit(target, resident, neighbour, write_limit):
    write_limit("reply", 1)
    write_limit("comment", 1)
    top = create(target, neighbour)
    create(target, resident, parent=top)

    with pytest.raises(ValidationError):
        create(target, resident, "Jeszcze raz", parent=top)
    # A reply does not spend the budget of top-level comments.
    create(target, resident, "Osobna uwaga")


@pytest.mark.parametrize(
    ("field", "limit"),
    [("text", 5000), ("proposed_wording", 5000), ("justification", 5000)],
)
def test_too_long_fields_are_rejected_and_nothing_saved(target, resident, field, limit):
    values = {"text": "Uwaga", "proposed_wording": "", "justification": ""}
    values[field] = "x" * (limit + 1)

    with pytest.raises(ValidationError) as error:
        services.comment_create(author=resident, target=target, **values)

    [message] = error.value.error_dict[field]
    assert message.code == "max_length"
    assert nothing_saved(target)


def test_text_of_exactly_the_limit_is_accepted(target, resident):
    assert create(target, resident, "x" * 5000).pk


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_comment_is_rejected(target, resident, text):
    with pytest.raises(ValidationError) as error:
        create(target, resident, text)

    assert "text" in error.value.error_dict
    assert nothing_saved(target)


# --- editing and deleting ---------------------------------------------------------
def test_author_edits_within_the_window_and_comment_is_marked_edited(target, resident):
    comment = create(target, resident, "Pierwsza wersja")

    edited = services.comment_edit(
        user=resident,
        comment=comment,
        text="Druga wersja",
        proposed_wording="Nowe brzmienie",
        justification="",
    )

    edited.refresh_from_db()
    assert edited.text == "<p>Druga wersja</p>"
    assert edited.proposed_wording == "<p>Nowe brzmienie</p>"
    assert edited.edited_at is not None
    assert events(target)[-1].type == "comment.updated"
    assert events(target)[-1].payload["id"] == comment.pk


def test_edit_after_the_window_is_denied(target, resident, settings):
    comment = create(target, resident, "Pierwsza wersja")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now()
        - timedelta(seconds=settings.COMMENT_EDIT_WINDOW_SECONDS + 1)
    )

    with pytest.raises(PermissionDenied):
        services.comment_edit(
            user=resident,
            comment=comment,
            text="Za późno",
            proposed_wording="",
            justification="",
        )

    comment.refresh_from_db()
    assert comment.text == "<p>Pierwsza wersja</p>"
    assert comment.edited_at is None


def test_only_the_author_can_edit(target, resident, neighbour, moderator):
    comment = create(target, resident)

    for user in (neighbour, moderator):
        with pytest.raises(PermissionDenied):
            services.comment_edit(
                user=user, comment=comment, text="Nie moje", proposed_wording=""
            )


def test_answered_comment_can_no_longer_be_edited(target, resident, official):
    comment = create(target, resident)
    services.official_response_publish(
        official=official,
        comment=comment,
        decision=Decision.ACCEPTED,
        reasoning="Uwzględniamy.",
    )

    with pytest.raises(PermissionDenied):
        services.comment_edit(user=resident, comment=comment, text="Zmiana po fakcie")


def test_invalid_edit_changes_nothing(target, resident):
    comment = create(target, resident, "Pierwsza wersja")
    count = len(events(target))

    with pytest.raises(ValidationError):
        services.comment_edit(user=resident, comment=comment, text="x" * 5001)

    comment.refresh_from_db()
    assert comment.text == "<p>Pierwsza wersja</p>"
    assert comment.edited_at is None
    assert len(events(target)) == count


def test_soft_delete_keeps_the_row_and_replies(target, resident, neighbour):
    comment = create(target, resident)
    reply = create(target, neighbour, "Odpowiedź", parent=comment)

    services.comment_delete(user=resident, comment=comment)

    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert Comment.objects.filter(pk=reply.pk, parent=comment).exists()
    last = events(target)[-1]
    assert last.type == "comment.updated"
    assert last.payload["counts"]["top_level"] == 0


def test_only_the_author_deletes_and_only_once(target, resident, neighbour):
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.comment_delete(user=neighbour, comment=comment)
    services.comment_delete(user=resident, comment=comment)
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=resident, comment=comment)


# --- supporting and flagging ------------------------------------------------------
def test_support_counts_once_per_person_and_can_be_withdrawn(
    target, resident, neighbour, ngo, django_capture_on_commit_callbacks
):
    comment = create(target, resident)

    def support(user, value):
        with django_capture_on_commit_callbacks(execute=True):
            return services.comment_support(user=user, comment=comment, support=value)

    assert support(neighbour, True) == 1
    assert support(neighbour, True) == 1
    assert support(ngo, True) == 2
    assert support(neighbour, False) == 1

    comment.refresh_from_db()
    assert comment.support_count == 1
    assert list(CommentSupport.objects.values_list("user", flat=True)) == [ngo.pk]
    # A snapshot per change (no delay in tests); the repeated support changed
    # nothing and sent nothing.
    supported = events(target, "comment.tallies")
    key = str(comment.pk)
    assert [e.payload["supports"][key]["count"] for e in supported] == [1, 2, 1]


def test_own_comment_cannot_be_supported(target, resident):
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.comment_support(user=resident, comment=comment, support=True)


def test_support_is_closed_with_the_target(target, target_state, resident, neighbour):
    comment = create(target, resident)
    target_state.closed = True

    with pytest.raises(PermissionDenied):
        services.comment_support(user=neighbour, comment=comment, support=True)
    assert not CommentSupport.objects.exists()


def test_unverified_user_cannot_support(target, resident, unverified):
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.comment_support(user=unverified, comment=comment, support=True)


def test_flag_once_per_person(target, resident, neighbour):
    comment = create(target, resident)

    flag = services.comment_flag(user=neighbour, comment=comment, reason="Spam")
    with pytest.raises(ValidationError):
        services.comment_flag(user=neighbour, comment=comment, reason="Znowu spam")

    assert flag.reason == "Spam"
    assert not flag.resolved
    assert CommentFlag.objects.count() == 1


def test_flag_needs_a_reason_of_at_most_500_characters(target, resident, neighbour):
    comment = create(target, resident)

    for reason in ("", "  ", "x" * 501):
        with pytest.raises(ValidationError) as error:
            services.comment_flag(user=neighbour, comment=comment, reason=reason)
        assert "reason" in error.value.error_dict
    assert not CommentFlag.objects.exists()


def test_own_comment_cannot_be_flagged(target, resident):
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.comment_flag(user=resident, comment=comment, reason="Ups")


def test_flags_are_rate_limited(target, resident, neighbour, write_limit):
    comments = [create(target, resident, f"Uwaga {n}") for n in range(3)]
    write_limit("flag", 2)

    services.comment_flag(user=neighbour, comment=comments[0], reason="Spam")
    services.comment_flag(user=neighbour, comment=comments[1], reason="Spam")
    with pytest.raises(ValidationError) as error:
        services.comment_flag(user=neighbour, comment=comments[2], reason="Spam")

    assert error.value.code == services.RATE_LIMITED
    assert CommentFlag.objects.count() == 2


# --- moderation -------------------------------------------------------------------
def test_hide_logs_resolves_flags_and_mails_the_author_the_reason(
    target,
    resident,
    neighbour,
    moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    comment = create(target, resident, "Tekst łamiący regulamin")
    services.comment_flag(user=neighbour, comment=comment, reason="Obraża")

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(
            moderator=moderator, comment=comment, reason="Narusza regulamin, pkt 3"
        )

    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert comment.hidden_reason == "Narusza regulamin, pkt 3"
    assert comment.hidden_by == moderator
    assert comment.hidden_at is not None
    assert not CommentFlag.objects.filter(resolved=False).exists()
    [entry] = ModerationLogEntry.objects.all()
    assert (entry.moderator, entry.action, entry.reason) == (
        moderator,
        ModerationAction.HIDE,
        "Narusza regulamin, pkt 3",
    )
    assert events(target)[-1].type == "comment.updated"
    [mail] = mailoutbox
    assert mail.to == ["resident@example.org"]
    with translation.override("pl"):
        assert mail.subject == _("A moderator hid your comment")
    assert "Narusza regulamin, pkt 3" in mail.body
    assert "Tekst łamiący regulamin" in mail.body
    assert f"#comment-{comment.pk}" in mail.body
    assert mail.body.count("http://") == 1


def test_hide_needs_a_moderator_and_a_reason(target, resident, neighbour, moderator):
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.comment_hide(moderator=neighbour, comment=comment, reason="Nie")
    with pytest.raises(ValidationError):
        services.comment_hide(moderator=moderator, comment=comment, reason="  ")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert not ModerationLogEntry.objects.exists()


def test_unhide_restores_logs_and_tells_the_author(
    target, resident, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = create(target, resident)
    services.comment_hide(moderator=moderator, comment=comment, reason="Sprawdzam")

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_unhide(moderator=moderator, comment=comment)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert comment.hidden_reason == ""
    assert list(
        ModerationLogEntry.objects.order_by("pk").values_list("action", flat=True)
    ) == [ModerationAction.HIDE, ModerationAction.UNHIDE]
    [mail] = mailoutbox
    with translation.override("pl"):
        assert mail.subject == _("Your comment is visible again")
    with pytest.raises(ValidationError):
        services.comment_unhide(moderator=moderator, comment=comment)


def test_dismissing_flags_logs_and_keeps_the_comment(
    target, resident, neighbour, moderator
):
    comment = create(target, resident)
    services.comment_flag(user=neighbour, comment=comment, reason="Nie podoba mi się")

    dismissed = services.comment_flags_dismiss(moderator=moderator, comment=comment)

    assert dismissed == 1
    assert CommentFlag.objects.get().resolved
    assert ModerationLogEntry.objects.get().action == ModerationAction.DISMISS_FLAGS
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    with pytest.raises(ValidationError):
        services.comment_flags_dismiss(moderator=moderator, comment=comment)


# --- official responses -----------------------------------------------------------
def test_official_of_the_right_department_responds_and_author_is_mailed(
    target,
    target_state,
    resident,
    official,
    department,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    target_state.department = department
    comment = create(target, resident, "Posadźcie lipy")

    with django_capture_on_commit_callbacks(execute=True):
        response = services.official_response_publish(
            official=official,
            comment=comment,
            decision=Decision.PARTLY,
            reasoning="Lipy tak,\nkasztany nie.",
        )

    assert response.department == department
    assert response.official == official
    assert response.reasoning == "<p>Lipy tak,<br>kasztany nie.</p>"
    event = events(target)[-1]
    assert event.type == "response.published"
    assert event.payload["comment_id"] == comment.pk
    assert event.payload["counts"]["answered"] == 1
    [mail] = mailoutbox
    assert mail.to == ["resident@example.org"]
    with translation.override("pl"):
        assert mail.subject == _("The office responded to your comment")
        assert str(Decision.PARTLY.label) in mail.body
    assert "Lipy tak,\nkasztany nie." in mail.body
    assert department.name in mail.body
    assert f"#comment-{comment.pk}" in mail.body


def test_response_can_be_corrected_and_keeps_one_row(
    target, resident, official, mailoutbox, django_capture_on_commit_callbacks
):
    comment = create(target, resident)
    services.official_response_publish(
        official=official, comment=comment, decision="rejected", reasoning="Nie."
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.official_response_publish(
            official=official, comment=comment, decision="accepted", reasoning="Tak."
        )

    response = OfficialResponse.objects.get()
    assert response.decision == "accepted"
    assert response.updated_at >= response.created_at
    with translation.override("pl"):
        assert mailoutbox[-1].subject == _(
            "The office changed its response to your comment"
        )


def test_official_of_another_department_cannot_respond(
    target, target_state, resident, other_official, department
):
    target_state.department = department
    comment = create(target, resident)

    with pytest.raises(PermissionDenied):
        services.official_response_publish(
            official=other_official,
            comment=comment,
            decision="accepted",
            reasoning="Nie mój wydział",
        )
    assert not OfficialResponse.objects.exists()
    assert events(target)[-1].type == "comment.created"


def test_non_officials_and_replies_get_no_official_response(
    target, resident, neighbour, moderator, official
):
    comment = create(target, resident)
    reply = create(target, neighbour, "Odpowiedź", parent=comment)

    with pytest.raises(PermissionDenied):
        services.official_response_publish(
            official=moderator, comment=comment, decision="accepted", reasoning="x"
        )
    with pytest.raises(PermissionDenied):
        services.official_response_publish(
            official=official, comment=reply, decision="accepted", reasoning="x"
        )


@pytest.mark.parametrize(
    ("decision", "reasoning", "field"),
    [
        ("maybe", "Uzasadnienie", "decision"),
        ("accepted", "", "reasoning"),
        ("accepted", "x" * 5001, "reasoning"),
    ],
)
def test_invalid_response_saves_nothing(
    target, resident, official, decision, reasoning, field, mailoutbox
):
    comment = create(target, resident)

    with pytest.raises(ValidationError) as error:
        services.official_response_publish(
            official=official, comment=comment, decision=decision, reasoning=reasoning
        )

    assert field in error.value.error_dict
    assert not OfficialResponse.objects.exists()
    assert not mailoutbox


# --- e-mail preferences -----------------------------------------------------------
def test_reply_mails_the_parent_author_unless_they_opted_out_or_replied_themselves(
    target, resident, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    top = create(target, resident)

    with django_capture_on_commit_callbacks(execute=True):
        reply = create(target, neighbour, "Dobry pomysł", parent=top)
        create(target, resident, "Dziękuję", parent=top)

    [mail] = mailoutbox
    assert mail.to == ["resident@example.org"]
    assert "Dobry pomysł" in mail.body
    assert "Bartek Sąsiad" in mail.body
    assert f"#comment-{reply.pk}" in mail.body

    resident.notify_replies = False
    resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        create(target, neighbour, "Jeszcze jedno", parent=top)
    assert len(mailoutbox) == 1


def test_response_mail_respects_notify_responses(
    target, resident, official, mailoutbox, django_capture_on_commit_callbacks
):
    resident.notify_responses = False
    resident.save()
    comment = create(target, resident)

    with django_capture_on_commit_callbacks(execute=True):
        services.official_response_publish(
            official=official, comment=comment, decision="accepted", reasoning="Tak"
        )

    assert mailoutbox == []


def test_no_mail_is_sent_when_the_write_rolls_back(
    target, resident, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    top = create(target, resident)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            create(target, neighbour, "Odpowiedź", parent=top)
            raise RuntimeError("boom")

    assert callbacks == []
    assert mailoutbox == []
    assert Comment.objects.count() == 1


def test_link_to_a_comment_uses_the_public_site_address(target, monkeypatch, settings):
    from participation.notifications import comment_url

    settings.SITE_URL = "https://gmina.example.org"
    monkeypatch.setattr(type(target), "get_url", lambda self, request=None: "/x/")
    comment = Comment(pk=7)

    assert (
        comment_url(target, comment)
        == "https://gmina.example.org/x/?komentarz=7#comment-7"
    )

    # With several Wagtail sites, get_url is already absolute and names the site.
    monkeypatch.setattr(
        type(target), "get_url", lambda self, request=None: "https://other.example/y/"
    )
    assert (
        comment_url(target, comment) == "https://other.example/y/?komentarz=7#comment-7"
    )


def test_account_deletion_keeps_comments_and_ends_memberships(target, ngo):
    from cms.accounts.services import user_delete

    comment = create(target, ngo)

    user_delete(user=ngo)

    comment.refresh_from_db()
    assert comment.author.deleted_at is not None
    assert comment.author.public_name == _("Deleted user")
    assert not ngo.organisation_memberships.exists()
