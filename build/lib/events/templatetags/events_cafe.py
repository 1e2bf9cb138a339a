"""The café box of an event page (``events/includes/cafe_box.html``): the
event page includes one file and passes the page; the box reads its own
selectors (a fixed number of queries whatever the number of tables, rounds
and ideas). Nothing for events that are not cafés."""

from django import template
from django.utils import timezone

from cms.live.selectors import stream_last_seq

from .. import permissions, selectors

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
