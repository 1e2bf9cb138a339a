"""The café's ideas: written at a table, hidden by a facilitator or the
table's host (moderation log), deleted by their author."""

from __future__ import annotations

import bleach
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.ratelimit import check_write_rate
from participation.models import FlagCategory, ModerationAction, ModerationLogEntry

from ... import cafe_live_events as live
from ... import permissions
from ...models import (
    CafeIdea,
    CafeIdeaStatus,
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
)
from ...models.cafe import HIDE_REASON_MAX_LENGTH, IDEA_MAX_LENGTH
from ...selectors.cafe import current_round, idea_payload


def clean_idea_text(text: str) -> str:
    """What a person typed, as an idea is stored: plain text, any markup
    stripped by bleach, at most IDEA_MAX_LENGTH characters."""
    cleaned = bleach.clean(text or "", tags=[], strip=True)
    # bleach escapes what it keeps; ideas are stored as plain text and escaped
    # once, where they are shown.
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise ValidationError(
            {"text": ValidationError(_("Write the idea."), code="required")}
        )
    if len(cleaned) > IDEA_MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Write at most %(limit)d characters (you wrote %(count)d).")
                    % {"limit": IDEA_MAX_LENGTH, "count": len(cleaned)},
                    code="max_length",
                )
            }
        )
    return cleaned


# --- ideas ----------------------------------------------------------------------------
@transaction.atomic
def cafe_idea_add(*, user, table: CafeTable, text: str) -> CafeIdea:
    """Records an idea at ``table``: by its host, a facilitator, or a
    participant sitting at it in the running round. Every screen shows it at
    once, with its dot button."""
    event = table.event
    if not permissions.is_cafe(event):
        raise PermissionDenied(_("This event is not a citizen café."))
    running = CafeRound.objects.filter(
        event=event, status=CafeRoundStatus.RUNNING
    ).first()
    seat_table_id = None
    if running is not None:
        seat_table_id = (
            CafeSeat.objects.filter(round=running, user_id=user.pk)
            .values_list("table_id", flat=True)
            .first()
        )
    reason = permissions.cafe_idea_denied_reason(
        user, table, seat_table_id=seat_table_id
    )
    if reason is not None:
        raise PermissionDenied(reason)
    text = clean_idea_text(text)
    check_write_rate("cafe_idea", user=user)
    if running is None:
        # Between rounds, hosts and facilitators add to the last round's notes.
        running = current_round(list(CafeRound.objects.filter(event=event)))
    idea = CafeIdea.objects.create(
        event=event,
        table=table,
        round=running,
        text=text,
        author=user,
        by_host=permissions.is_table_host(user, table),
    )
    publish(event.live_stream(), live.IDEA_CREATED, {"idea": idea_payload(idea)})
    return idea


def hide_reason_text(category: str, words: str) -> str:
    """The reason as the moderation log and the console show it: the preset
    (the same ones as for reporting a comment) and the moderator's words;
    "other" needs words. ValidationError keyed ``category`` / ``reason``."""
    if category not in FlagCategory.values:
        raise ValidationError(
            {"category": ValidationError(_("Choose a reason."), code="invalid")}
        )
    words = " ".join(bleach.clean(words or "", tags=[], strip=True).split())
    if category == FlagCategory.OTHER:
        if not words:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        _("Say in a few words why the idea is hidden."),
                        code="required",
                    )
                }
            )
        text = words
    else:
        label = str(FlagCategory(category).label)
        text = f"{label[:1].upper()}{label[1:]}" + (f": {words}" if words else "")
    if len(text) > HIDE_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write at most %(limit)d characters.")
                    % {"limit": HIDE_REASON_MAX_LENGTH},
                    code="max_length",
                )
            }
        )
    return text


def _removed(idea: CafeIdea) -> None:
    publish(
        idea.event.live_stream(),
        live.IDEA_REMOVED,
        {"idea": idea.pk, "table": idea.table_id},
    )


@transaction.atomic
def cafe_idea_hide(
    *, user, idea: CafeIdea, category: str, reason: str = ""
) -> CafeIdea:
    """Hides an idea from every screen (the phones, the host's view, the
    wall), with a preset reason and the moderator's words, in the moderation
    log: a facilitator any idea, a table's host those of their table. Its dots
    stop counting (their givers get them back) and it cannot be harvested.
    Hiding twice changes nothing."""
    idea = (
        CafeIdea.objects.select_for_update(of=("self",))
        .select_related("event", "table")
        .get(pk=idea.pk)
    )
    if not permissions.can_hide_cafe_idea(user, idea):
        raise PermissionDenied(
            _("Only the café's facilitators and the table's host hide ideas.")
        )
    if idea.status == CafeIdeaStatus.HIDDEN:
        return idea
    if idea.harvested_comment_id is not None:
        raise ValidationError(
            _(
                "This idea has been sent to the consultation: moderate the "
                "comment there."
            ),
            code="harvested",
        )
    text = hide_reason_text(category, reason)
    check_write_rate("cafe_idea_hide", user=user)
    idea.status = CafeIdeaStatus.HIDDEN
    idea.hidden_reason = text
    idea.save(update_fields=["status", "hidden_reason"])
    ModerationLogEntry.objects.create(
        target_type=ContentType.objects.get_for_model(CafeIdea),
        target_id=idea.pk,
        moderator=user,
        action=ModerationAction.HIDE,
        reason=text,
    )
    _removed(idea)
    return idea


@transaction.atomic
def cafe_idea_delete(*, user, idea: CafeIdea) -> None:
    """The author takes back their own idea while its round runs: it goes,
    with its dots, from every screen."""
    idea = (
        CafeIdea.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk=idea.pk)
        .first()
    )
    if idea is None:
        return  # deleted a moment ago from another phone
    running = (
        CafeRound.objects.filter(event=idea.event, status=CafeRoundStatus.RUNNING)
        .values_list("pk", flat=True)
        .first()
    )
    reason = permissions.cafe_idea_delete_denied_reason(
        user, idea, running_round_id=running
    )
    if reason is not None:
        raise PermissionDenied(reason)
    check_write_rate("cafe_idea_delete", user=user)
    _removed(idea)
    idea.delete()
