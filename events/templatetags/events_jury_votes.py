"""``{% jury_votes_part "console" %}``: a live page's jury part (the votes on
recommendations), rendered from the page's ``event`` and ``request``; nothing
for an event that is not a jury. ``{% jury_recommendations_section %}``: the
public jury page's hearings, recommendations and responses."""

from django import template
from django.template.loader import render_to_string

from ..jury_votes_permissions import is_jury
from ..selectors.jury_votes import jury_votes_view
from ..views.jury_votes import PARTS, part_context

register = template.Library()


@register.simple_tag(takes_context=True)
def jury_votes_part(context, name: str) -> str:
    event, request = context.get("event"), context.get("request")
    if name not in PARTS or event is None or request is None or not is_jury(event):
        return ""
    data = part_context(request, event, name)
    if not data:
        return ""
    return render_to_string(f"events/jury/_{name}_part.html", data, request=request)


@register.simple_tag(takes_context=True)
def jury_recommendations_section(context) -> str:
    page = context.get("page") or context.get("event")
    request = context.get("request")
    if page is None or not page.pk or not is_jury(page):
        return ""
    view = jury_votes_view(page)
    if view is None:
        return ""
    return render_to_string(
        "events/jury/recommendations_section.html",
        {"event": page, "votes": view, "jury": view.jury},
        request=request,
    )
