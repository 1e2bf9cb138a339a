"""Reads of a jury's small groups: every split with its groups and members
for the console and the projector, and a juror's own groups for their phone
and "Moje wydarzenia". Three queries for any number of splits, groups and
jurors.

What a juror sees of the others is what the workroom already shows them: the
public name of each member. Pool numbers stay on the console (with a pool
number anyone could look up a member's strata answers in the published
protocol).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..models import (
    JuryGroup,
    JuryGroupMember,
    JuryGroupSplit,
    JuryPanel,
    JurySeat,
    SeatRole,
)


@dataclass
class MemberView:
    seat_id: int
    name: str
    number: str  # the pool number: console only
    is_me: bool = False


@dataclass
class GroupView:
    number: int
    name: str
    members: list[MemberView] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.name:
            return _("Group %(number)d: %(name)s") % {
                "number": self.number,
                "name": self.name,
            }
        return _("Group %(number)d") % {"number": self.number}


@dataclass
class SplitView:
    pk: int
    item_id: int
    item_title: str
    seed: str
    groups: list[GroupView]
    unassigned: list[MemberView] = field(default_factory=list)
    is_current: bool = False

    @property
    def mine(self) -> GroupView | None:
        return next((g for g in self.groups if any(m.is_me for m in g.members)), None)


def _member(place: JuryGroupMember, user) -> MemberView:
    application = place.seat.application
    person = application.user
    return MemberView(
        seat_id=place.seat_id,
        name=person.public_name if person is not None else _("a juror"),
        number=application.number,
        is_me=user is not None and person is not None and person.pk == user.pk,
    )


def _splits(jury_ids) -> list[JuryGroupSplit]:
    members = JuryGroupMember.objects.select_related(
        "seat__application__user"
    ).order_by("seat__application__number")
    return list(
        JuryGroupSplit.objects.filter(jury_id__in=jury_ids)
        .select_related("agenda_item")
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=JuryGroup.objects.prefetch_related(
                    Prefetch("members", queryset=members)
                ),
            )
        )
    )


def _view(split: JuryGroupSplit, user, current_item_id=None) -> SplitView:
    groups = [
        GroupView(
            number=group.number,
            name=group.name,
            # Only seats still on the panel (one who left without a
            # replacement drops out of the group).
            members=[
                _member(place, user)
                for place in group.members.all()
                if place.seat.role == SeatRole.PANEL and place.seat.left_at is None
            ],
        )
        for group in split.groups.all()
    ]
    return SplitView(
        pk=split.pk,
        item_id=split.agenda_item_id,
        item_title=split.agenda_item.title,
        seed=split.seed,
        groups=groups,
        is_current=split.agenda_item_id == current_item_id,
    )


def jury_group_splits(
    jury: JuryPanel, *, user=None, current_item_id=None, with_unassigned=False
) -> list[SplitView]:
    """Every split of ``jury``, in agenda order. ``with_unassigned`` (the
    console) adds the seated jurors in no group of a split (seated after it
    without replacing anyone): one query more."""
    views = [_view(s, user, current_item_id) for s in _splits([jury.pk])]
    if with_unassigned and views:
        seated = list(
            JurySeat.objects.filter(
                jury=jury, role=SeatRole.PANEL, left_at__isnull=True
            )
            .select_related("application__user")
            .order_by("application__number")
        )
        for view in views:
            placed = {m.seat_id for g in view.groups for m in g.members}
            view.unassigned = [
                MemberView(
                    seat_id=seat.pk,
                    name=(
                        seat.application.user.public_name
                        if seat.application.user
                        else _("a juror")
                    ),
                    number=seat.application.number,
                )
                for seat in seated
                if seat.pk not in placed
            ]
    return views


def my_jury_groups(user, jury: JuryPanel, *, current_item_id=None) -> list[SplitView]:
    """The splits of ``jury`` in which ``user`` has a group, each holding
    only that group."""
    if not getattr(user, "is_authenticated", False):
        return []
    views = jury_group_splits(jury, user=user, current_item_id=current_item_id)
    mine = []
    for view in views:
        group = view.mine
        if group is not None:
            view.groups = [group]
            mine.append(view)
    return mine


def my_groups_by_jury(user, jury_ids) -> dict[int, list[SplitView]]:
    """``{jury id: [split with only the user's group]}`` for "Moje
    wydarzenia": three queries for all of a person's juries."""
    result: dict[int, list[SplitView]] = {}
    if not getattr(user, "is_authenticated", False) or not jury_ids:
        return result
    for split in _splits(list(jury_ids)):
        view = _view(split, user)
        group = view.mine
        if group is not None:
            view.groups = [group]
            result.setdefault(split.jury_id, []).append(view)
    return result
