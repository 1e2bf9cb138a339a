"""The harvest: chosen ideas sent to the consultation the café feeds, as
comments on behalf of the café."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.live.publisher import publish
from participation.services import comment_create

from ... import cafe_live_events as live
from ...models import CafeIdea, CafeIdeaStatus, EventPage
from ._common import check_runs, lock_event


# --- harvest --------------------------------------------------------------------------
def harvest_text(idea: CafeIdea) -> str:
    """The comment an idea becomes: the idea, then where it came from."""
    origin = ngettext(
        "Table %(number)s — %(topic)s; %(dots)d dot.",
        "Table %(number)s — %(topic)s; %(dots)d dots.",
        idea.dot_count,
    ) % {"number": idea.table.number, "topic": idea.table.topic, "dots": idea.dot_count}
    return f"{idea.text}\n\n*{origin}*"


def behalf_label(event: EventPage) -> str:
    # Polish puts the group in the genitive after "w imieniu".
    return _("the citizen café “%(name)s”") % {"name": event.title}


def _path(event: EventPage) -> str:
    url = event.get_url() or ""
    parts = urlsplit(url)
    return parts.path or "/"


@transaction.atomic
def cafe_harvest(*, user, event: EventPage, ideas) -> list:
    """Sends the chosen ideas to the consultation the café feeds, one comment
    each, "on behalf of the citizen café <name>" and linking back to the
    event; the office answers them like any comment. Ideas sent before are
    skipped. Returns the comments made."""
    event = lock_event(event)
    check_runs(user, event)
    consultation = event.consultation
    if consultation is None:
        raise ValidationError(
            _("This café feeds no consultation: choose one in the event's page."),
            code="no_consultation",
        )
    ids = {getattr(idea, "pk", idea) for idea in ideas}
    chosen = list(
        CafeIdea.objects.select_for_update(of=("self",))
        .filter(
            event=event,
            pk__in=ids,
            harvested_comment__isnull=True,
            status=CafeIdeaStatus.VISIBLE,
        )
        .select_related("table")
        .order_by("table__number", "-dot_count", "pk")
    )
    if not chosen:
        raise ValidationError(
            {"ideas": ValidationError(_("Choose the ideas to send."), "required")}
        )
    now = timezone.now()
    label, url = behalf_label(event), _path(event)
    comments = []
    for idea in chosen:
        try:
            comment = comment_create(
                author=user,
                target=consultation.specific,
                text=harvest_text(idea),
                behalf_label=label,
                behalf_url=url,
            )
        except PermissionDenied as error:
            # The consultation is closed, say: the facilitator's form error.
            raise ValidationError(str(error), code="closed") from None
        idea.harvested_comment = comment
        idea.harvested_at = now
        idea.save(update_fields=["harvested_comment", "harvested_at"])
        comments.append(comment)
    publish(
        event.live_stream(),
        live.HARVESTED,
        {"ideas": [idea.pk for idea in chosen]},
    )
    return comments
