"""A citizen jury's deliberation in small groups: for one agenda item, the
panel's seated jurors split into a few groups (``events.jury_grouping`` plans
the split, mixed across the strata and reproducible from its seed; the
facilitators may then move a juror by hand).

Members point at seats, not people: a juror replaced later (``events.services
.jury_draw.jury_replace``) hands their place in every group to the reserve who
took their seat, so the newcomer sits where the one they replaced sat. The
database allows one group per seat and split, and one group number per split.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jury import JuryPanel, JurySeat
from .pages import EventAgendaItem

MAX_GROUPS = 20
GROUP_NAME_MAX_LENGTH = 60


class JuryGroupSplit(models.Model):
    """The panel split into ``group_count`` groups for one agenda item of the
    jury's event. ``seed`` is what the plan was drawn with: the same jurors
    and seed give the same groups."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="group_splits",
    )
    agenda_item = models.ForeignKey(
        EventAgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    group_count = models.PositiveSmallIntegerField(_("number of groups"))
    seed = models.CharField(_("seed"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("split by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["jury", "agenda_item__sort_order", "pk"]
        verbose_name = _("split into small groups")
        verbose_name_plural = _("splits into small groups")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "agenda_item"],
                name="events_jurygroupsplit_one_per_item",
            ),
            models.CheckConstraint(
                condition=Q(group_count__gte=1, group_count__lte=MAX_GROUPS),
                name="events_jurygroupsplit_count_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jury_id} / {self.agenda_item_id}"


class JuryGroup(models.Model):
    """One small group of a split: its number (1 first) and an optional name
    ("Grupa 1" when empty)."""

    split = models.ForeignKey(
        JuryGroupSplit,
        verbose_name=_("split"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    number = models.PositiveSmallIntegerField(_("group number"))
    name = models.CharField(
        _("group name"), max_length=GROUP_NAME_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["split", "number"]
        verbose_name = _("small group")
        verbose_name_plural = _("small groups")
        constraints = [
            models.UniqueConstraint(
                fields=["split", "number"], name="events_jurygroup_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="events_jurygroup_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.number}"


class JuryGroupMember(models.Model):
    """A seat in a group. ``split`` repeats the group's split so the database
    can hold one group per seat and split."""

    split = models.ForeignKey(
        JuryGroupSplit,
        verbose_name=_("split"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    group = models.ForeignKey(
        JuryGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    seat = models.ForeignKey(
        JurySeat,
        verbose_name=_("seat"),
        on_delete=models.CASCADE,
        related_name="group_places",
    )

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["split", "seat"], name="events_jurygroupmember_one_per_split"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} in {self.group_id}"
