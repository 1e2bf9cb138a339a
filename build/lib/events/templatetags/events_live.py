"""Template helpers of the live session: the box the event page includes, the
texts live_session.js shows, and a poll's count of one option."""

from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..selectors import live as selectors

register = template.Library()


@register.filter
def count_of(counts, option_id) -> int:
    return (counts or {}).get(str(option_id), 0)


@register.filter
def clock_time(iso: str) -> str:
    """ "2026-12-03T09:20:00+00:00" as the site's local "10:20"."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    return timezone.localtime(moment).strftime("%H:%M")


@register.simple_tag
def live_labels() -> dict:
    """Texts of the live screens for live_session.js, in the page's language."""
    return {
        "status": {
            "not_started": _("Not started yet"),
            "running": _("Live now"),
            "paused": _("Break"),
            "ended": _("The session has ended"),
        },
        "poll_open": _("Voting is open"),
        "poll_closed": _("Voting closed"),
        "poll_draft": _("Draft (not shown to the room)"),
        "votes": _("Votes: %(n)s"),
        "upvotes": _("Upvotes: %(n)s"),
        "vote": _("Vote"),
        "voted": _("Your vote is counted."),
        "open": _("Open"),
        "close": _("Close"),
        "reveal": _("Show results"),
        "revealed": _("Results shown"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "pinned": _("Pinned"),
        "answered": _("Answered"),
        "mark_answered": _("Mark answered"),
        "hide": _("Hide"),
        "hidden": _("Hidden"),
        "reason": _("Reason for hiding"),
        "no_polls": _("No poll yet."),
        "no_questions": _("No questions yet."),
        "sent": _("Sent."),
        "time_up": _("Time is up"),
        "scan": _("Scan to join"),
    }


@register.inclusion_tag("events/includes/live_box_content.html", takes_context=True)
def live_box(context, event):
    """The event page's way into the live session: whether it is on, the
    participant view, and for its facilitators the console and projector.
    One or two queries."""
    request = context.get("request")
    user = getattr(request, "user", None)
    session = selectors.live_session_for(event)
    return {
        "event": event,
        "session": session,
        "live_url": reverse("events:live", args=[event.pk]),
        "is_facilitator": user is not None and permissions.can_run_session(user, event),
    }
