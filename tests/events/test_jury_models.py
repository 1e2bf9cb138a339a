"""The database's own rules for juries: what a race or a careless write must
never produce."""

import pytest
from django.db import IntegrityError, transaction

from events.models import (
    ApplicationStatus,
    JuryAnswer,
    JuryInvitation,
    JurySeat,
    JuryStratumValue,
    SeatRole,
)

from .jury_factories import make_application, make_invitation, make_jury

pytestmark = pytest.mark.django_db


def _fails(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_live_application_per_person_and_jury(resident):
    jury = make_jury()
    first = make_application(jury, resident)
    _fails(lambda: make_application(jury, resident, number="9999"))
    first.status = ApplicationStatus.WITHDRAWN
    first.save()
    # Withdrawn: the person may apply again.
    make_application(jury, resident, number="9999")


def test_a_letters_code_is_used_by_one_live_application(resident, neighbour):
    jury = make_jury()
    invitation = make_invitation(jury)
    make_application(jury, resident, invitation=invitation)
    _fails(lambda: make_application(jury, neighbour, invitation=invitation, number="2"))


def test_personal_codes_are_unique_across_juries():
    first, second = make_jury(), make_jury("Drugi panel")
    invitation = make_invitation(first)
    assert len(invitation.code) == 10
    address = second.addresses.create(number=1, street="ul. Polna 1")
    _fails(
        lambda: JuryInvitation.objects.create(
            jury=second, address=address, number=1, code=invitation.code
        )
    )


def test_pool_numbers_are_unique_per_jury(resident, neighbour):
    jury = make_jury()
    make_application(jury, resident, number="0001")
    _fails(lambda: make_application(jury, neighbour, number="0001"))


def test_one_seat_per_applicant_and_one_reserve_per_rank(resident, neighbour):
    jury = make_jury()
    first = make_application(jury, resident)
    second = make_application(jury, neighbour)
    JurySeat.objects.create(
        jury=jury, application=first, role=SeatRole.RESERVE, reserve_rank=1
    )
    _fails(lambda: JurySeat.objects.create(jury=jury, application=first))
    _fails(
        lambda: JurySeat.objects.create(
            jury=jury, application=second, role=SeatRole.RESERVE, reserve_rank=1
        )
    )
    _fails(
        lambda: JurySeat.objects.create(
            jury=jury, application=second, role=SeatRole.RESERVE
        )
    )


def test_quota_minimum_cannot_exceed_maximum():
    jury = make_jury()
    value = JuryStratumValue.objects.filter(stratum__jury=jury).first()
    value.min_seats, value.max_seats = 5, 4
    _fails(value.save)


def test_one_answer_per_feature(resident):
    jury = make_jury()
    application = make_application(jury, resident)
    answer = application.answers.first()
    _fails(
        lambda: JuryAnswer.objects.create(
            application=application, stratum=answer.stratum, value=answer.value
        )
    )


def test_deleting_the_event_takes_the_jury_with_it(resident):
    jury = make_jury()
    make_application(jury, resident, invitation=make_invitation(jury))
    jury.event.delete()
    assert not JuryInvitation.objects.exists()
