"""The registration box of an event page: places left, the visitor's own
registration and what they can do. An inclusion tag, so the page template
(events' page helper) only includes one file and passes nothing: the box asks
its own selectors (three queries, whatever the number of registrations)."""

from django import template
from django.utils import timezone

from .. import permissions, selectors
from ..registration_codes import code_display

register = template.Library()


@register.inclusion_tag(
    "events/includes/registration_box_content.html", takes_context=True
)
def registration_box(context, event):
    request = context.get("request")
    user = getattr(request, "user", None)
    registration = selectors.registration_for(user, event) if user else None
    if registration is not None:
        registration.code_display = code_display(registration.code)
    now = timezone.now()
    return {
        "request": request,
        "event": event,
        "registration": registration,
        "places": selectors.event_places(event) if event.takes_registration else None,
        "is_open": event.registration_is_open(now),
        "not_yet": bool(
            event.registration_opens_at and now < event.registration_opens_at
        ),
        "past": event.is_past(now),
        "denied_reason": permissions.registration_denied_reason(user, event)
        if user is not None and user.is_authenticated
        else None,
        "is_facilitator": user is not None
        and permissions.can_see_registrations(user, event),
    }
