"""Writes of a jury's deliberation in small groups: the organisers split the
seated jurors into groups for an agenda item, move a juror by hand, and a
replacement hands the leaving juror's places to the newcomer.

Each service checks that the user organises the jury (its facilitators and
editors, ``permissions.can_organise_jury``), counts the organisers' write
limit, writes under the jury's row lock and publishes ``jury.groups`` on the
event's stream (no names in the frame: each screen fetches its own view).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.ratelimit import check_write_rate

from .. import jury_votes_live_events as live
from .. import permissions
from ..jury_grouping import plan_groups
from ..models import (
    JuryAnswer,
    JuryGroup,
    JuryGroupMember,
    JuryGroupSplit,
    JuryPanel,
    JurySeat,
    SeatRole,
)
from ..models.jury_groups import GROUP_NAME_MAX_LENGTH, MAX_GROUPS


def _organising(user, jury: JuryPanel) -> JuryPanel:
    """The jury, locked, once ``user`` may organise it and has budget left."""
    if not permissions.can_organise_jury(user, jury.event):
        raise PermissionDenied(_("Only the jury's organisers can do that."))
    check_write_rate("jury_organise", user=user)
    return (
        JuryPanel.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=jury.pk)
    )


def _published(jury: JuryPanel, split: JuryGroupSplit) -> None:
    publish(
        jury.event.live_stream(),
        live.GROUPS,
        {"item": split.agenda_item_id, "groups": split.group_count},
    )


def seated_jurors(jury: JuryPanel) -> list[tuple[int, tuple[str, ...]]]:
    """``[(seat id, (value of each stratum in the strata's order))]`` of the
    panel's seated jurors, by pool number: the split's stable input. Two
    queries."""
    seats = list(
        JurySeat.objects.filter(jury=jury, role=SeatRole.PANEL, left_at__isnull=True)
        .order_by("application__number")
        .values_list("pk", "application_id")
    )
    strata = list(jury.strata.order_by("position", "pk").values_list("pk", flat=True))
    answers: dict[int, dict[int, str]] = {application: {} for _s, application in seats}
    for application, stratum, value in JuryAnswer.objects.filter(
        application_id__in=answers
    ).values_list("application_id", "stratum_id", "value__name"):
        answers[application][stratum] = value
    return [
        (seat, tuple(answers[application].get(s, "") for s in strata))
        for seat, application in seats
    ]


@transaction.atomic
def jury_groups_split(
    *, user, jury: JuryPanel, agenda_item_id: int, group_count: int, seed: str = ""
) -> JuryGroupSplit:
    """Splits the panel's seated jurors into ``group_count`` small groups for
    an agenda item of the jury's event, mixed across the strata
    (``events.jury_grouping.plan_groups``). An empty ``seed`` draws a random
    one; the seed is kept, so the same jurors and seed give the same groups.
    Splitting an item again replaces its groups (and the moves made by
    hand)."""
    jury = _organising(user, jury)
    item = jury.event.agenda_items.filter(pk=agenda_item_id).first()
    if item is None:
        raise ValidationError({"item": _("Choose an item of this event's agenda.")})
    jurors = seated_jurors(jury)
    if not jurors:
        raise ValidationError(_("The panel has no seated jurors yet."), code="invalid")
    if not 1 <= group_count <= min(MAX_GROUPS, len(jurors)):
        raise ValidationError(
            {
                "groups": _("Give 1 to %(max)d groups.")
                % {"max": min(MAX_GROUPS, len(jurors))}
            }
        )
    seed = " ".join((seed or "").split())[:64] or secrets.token_hex(8)
    plan = plan_groups(jurors, group_count, seed=seed)
    JuryGroupSplit.objects.filter(jury=jury, agenda_item=item).delete()
    now = timezone.now()
    split = JuryGroupSplit.objects.create(
        jury=jury,
        agenda_item=item,
        group_count=group_count,
        seed=seed,
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    groups = JuryGroup.objects.bulk_create(
        JuryGroup(split=split, number=n) for n in range(1, group_count + 1)
    )
    JuryGroupMember.objects.bulk_create(
        JuryGroupMember(split=split, group=group, seat_id=seat)
        for group, seats in zip(groups, plan, strict=True)
        for seat in seats
    )
    _published(jury, split)
    return split


def _split_of(jury: JuryPanel, split_id: int) -> JuryGroupSplit:
    split = (
        JuryGroupSplit.objects.select_for_update()
        .filter(pk=split_id, jury=jury)
        .first()
    )
    if split is None:
        raise ValidationError({"split": _("Choose a split of this jury.")})
    return split


@transaction.atomic
def jury_group_move(
    *, user, jury: JuryPanel, split_id: int, seat_id: int, group_number: int
) -> JuryGroupMember:
    """Moves a seated juror to another group of a split (or into one, if
    they took their seat after the split without replacing anyone)."""
    jury = _organising(user, jury)
    split = _split_of(jury, split_id)
    group = split.groups.filter(number=group_number).first()
    if group is None:
        raise ValidationError({"group": _("Choose a group of this split.")})
    seated = JurySeat.objects.filter(
        pk=seat_id, jury=jury, role=SeatRole.PANEL, left_at__isnull=True
    ).exists()
    if not seated:
        raise ValidationError({"seat": _("Choose a juror seated on the panel.")})
    member, _created = JuryGroupMember.objects.update_or_create(
        split=split, seat_id=seat_id, defaults={"group": group}
    )
    split.updated_at = timezone.now()
    split.save(update_fields=["updated_at"])
    _published(jury, split)
    return member


@transaction.atomic
def jury_group_rename(
    *, user, jury: JuryPanel, split_id: int, group_number: int, name: str
) -> JuryGroup:
    """Names a group ("Zieleń przy szkołach"); an empty name shows its
    number."""
    jury = _organising(user, jury)
    split = _split_of(jury, split_id)
    group = split.groups.filter(number=group_number).first()
    if group is None:
        raise ValidationError({"group": _("Choose a group of this split.")})
    group.name = " ".join((name or "").split())[:GROUP_NAME_MAX_LENGTH]
    group.save(update_fields=["name"])
    _published(jury, split)
    return group


def groups_follow_replacement(*, leaving: JurySeat, newcomer: JurySeat) -> int:
    """The reserve who takes ``leaving``'s seat takes their place in every
    small group too. Called inside the replacement's transaction
    (``jury_draw.jury_replace``); returns the places handed over."""
    moved = JuryGroupMember.objects.filter(seat=leaving).update(seat=newcomer)
    if moved:
        jury = JuryPanel.objects.select_related("event").get(pk=leaving.jury_id)
        for split in JuryGroupSplit.objects.filter(members__seat=newcomer):
            _published(jury, split)
    return moved
