"""Rules the database itself enforces, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction

from participation.models import (
    CommentFlag,
    CommentStatus,
    CommentSupport,
    OfficialResponse,
)

from .factories import make_comment

pytestmark = pytest.mark.django_db


def fails(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_hidden_comment_must_have_a_reason(target, resident):
    assert fails(lambda: make_comment(target, resident, status=CommentStatus.HIDDEN))
    assert make_comment(
        target, resident, status=CommentStatus.HIDDEN, hidden_reason="Spam"
    ).pk


def test_status_must_be_one_of_the_choices(target, resident):
    assert fails(lambda: make_comment(target, resident, status="deleted"))


def test_one_support_and_one_flag_per_person(target, resident, neighbour):
    comment = make_comment(target, resident)
    CommentSupport.objects.create(comment=comment, user=neighbour)
    CommentFlag.objects.create(comment=comment, user=neighbour, reason="x")

    assert fails(lambda: CommentSupport.objects.create(comment=comment, user=neighbour))
    assert fails(
        lambda: CommentFlag.objects.create(comment=comment, user=neighbour, reason="y")
    )


def test_response_decision_must_be_one_of_the_choices(target, resident, official):
    comment = make_comment(target, resident)

    assert fails(
        lambda: OfficialResponse.objects.create(
            comment=comment, decision="maybe", reasoning="x", official=official
        )
    )
    assert OfficialResponse.objects.create(
        comment=comment, decision="not_applicable", reasoning="x", official=official
    ).pk


def test_authors_of_comments_cannot_be_deleted_outright(target, resident):
    from django.db.models import ProtectedError

    make_comment(target, resident)

    with pytest.raises(ProtectedError):
        resident.delete()
