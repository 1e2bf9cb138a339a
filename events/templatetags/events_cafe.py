"""The café box of an event page (``events/includes/cafe_box.html``): the
event page includes one file and passes the page; the box reads its own
selectors (a fixed number of queries whatever the number of tables, rounds
and ideas). Nothing for events that are not cafés."""

from django import template
from django.utils import timezone

from cms.live.selectors import stream_last_seq
from participation.models import FlagCategory

from .. import permissions, selectors
from ..models.cafe import HIDE_REASON_MAX_LENGTH

register = template.Library()


@register.inclusion_tag("events/includes/cafe_box_content.html", takes_context=True)
def cafe_box(context, event):
    if not permissions.is_cafe(event):
        return {"cafe": None}
    request = context.get("request")
    user = getattr(request, "user", None)
    stream = event.live_stream()
    live = {"stream": stream, "seq": stream_last_seq(stream)}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "event": event,
        "cafe": selectors.cafe_view(event, user),
        "live": live,
        "now": timezone.now(),
    }


@register.inclusion_tag("events/includes/cafe_idea_actions.html", takes_context=True)
def cafe_idea_actions(context, event, idea_id, *, hideable, deletable):
    """An idea's hide form (a preset reason and words) and its author's delete
    button, both posting without JavaScript and coming back to this page.
    ``idea_id`` 0: the blank that cafe.js fills for an idea that arrives live."""
    request = context.get("request")
    return {
        "csrf_token": context.get("csrf_token"),
        "event": event,
        "idea_id": idea_id,
        "hideable": hideable,
        "deletable": deletable,
        "reasons": FlagCategory.choices,
        "reason_max_length": HIDE_REASON_MAX_LENGTH,
        "next": request.get_full_path() if request else "",
    }
