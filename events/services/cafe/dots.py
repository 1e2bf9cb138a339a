"""Dots: each participant's votes on ideas, a few per round, counted in
coalesced snapshots."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.live.tallies import tally_changed
from cms.ratelimit import check_write_rate

from ... import cafe_live_events as live
from ... import permissions
from ...models import (
    CafeDot,
    CafeIdea,
    CafeIdeaStatus,
    CafeRound,
    Registration,
    RegistrationStatus,
)
from ...selectors.cafe import current_round, dots_label


# --- dots -----------------------------------------------------------------------------
def dots_snapshot(stream: str, keys: set) -> dict:
    """The ``cafe.dots`` payload: current dot counts of the ideas in ``keys``,
    each with its label in every language."""
    ids = sorted(int(key) for key in keys)
    counts = CafeIdea.objects.filter(pk__in=ids).values_list("pk", "dot_count")
    return {
        "dots": {
            str(pk): {"count": count, "label": dots_label(count)}
            for pk, count in counts
        }
    }


@transaction.atomic
def cafe_dot_toggle(*, user, idea: CafeIdea, on: bool) -> dict:
    """Gives (``on``) or takes back a dot on ``idea``. One dot per idea (a
    database constraint) and ``settings.CAFE_DOTS_PER_ROUND`` per round;
    taking one back frees it. Returns {"dotted", "dots", "dots_left"}."""
    event = idea.event
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, user_id=user.pk, status=RegistrationStatus.CONFIRMED)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if registration is None or not permissions.is_cafe(event):
        raise PermissionDenied(_("Only the café's participants give dots."))
    round_ = current_round(list(CafeRound.objects.filter(event=event)))
    if round_ is None:
        raise ValidationError(
            _("Dots can be given once the first round has started."),
            code="not_started",
        )
    idea.refresh_from_db(fields=["status"])
    if idea.status != CafeIdeaStatus.VISIBLE:
        raise ValidationError(_("This idea has been hidden."), code="hidden")
    check_write_rate("cafe_dot", user=user)
    limit = settings.CAFE_DOTS_PER_ROUND
    mine = CafeDot.objects.filter(user_id=user.pk, idea=idea).first()
    # Dots on hidden ideas no longer count: their givers have them back.
    spent = CafeDot.objects.filter(
        user_id=user.pk, round=round_, idea__status=CafeIdeaStatus.VISIBLE
    )
    if on and mine is None:
        used = spent.count()
        if used >= limit:
            raise ValidationError(
                ngettext(
                    "You have given your %(limit)d dot in this round: take it "
                    "back from another idea first.",
                    "You have given your %(limit)d dots in this round: take one "
                    "back from another idea first.",
                    limit,
                )
                % {"limit": limit},
                code="no_dots_left",
            )
        try:
            with transaction.atomic():
                CafeDot.objects.create(idea=idea, round=round_, user=user)
        except IntegrityError:
            pass  # the same dot from another phone a moment ago
        else:
            CafeIdea.objects.filter(pk=idea.pk).update(dot_count=F("dot_count") + 1)
            tally_changed(event.live_stream(), live.DOTS, idea.pk)
    elif not on and mine is not None:
        mine.delete()
        CafeIdea.objects.filter(pk=idea.pk).update(dot_count=F("dot_count") - 1)
        tally_changed(event.live_stream(), live.DOTS, idea.pk)
    used = spent.count()
    idea.refresh_from_db(fields=["dot_count"])
    return {
        "idea": idea.pk,
        "dotted": CafeDot.objects.filter(user_id=user.pk, idea=idea).exists(),
        "dots": idea.dot_count,
        "dots_left": max(limit - used, 0),
    }
