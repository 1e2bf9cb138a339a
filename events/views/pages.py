"""The event pages' contexts (the index with its filters, one event), their
calendar files and the home page's section. Thin: read the GET parameters,
ask the selectors and the permissions, paginate."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.pagination import page_links, page_url
from cms.visibility import viewer_for_request

from .. import permissions, selectors
from ..calendar import CONTENT_TYPE, calendar_for, event_ics, ics_filename
from ..models import EventIndexPage, EventPage
from ..selectors.pages import PAST, UPCOMING

PER_PAGE = 10
HOME_EVENTS = 4
FEED_LIMIT = 500


def event_index_context(request: HttpRequest, index: EventIndexPage) -> dict:
    params = request.GET
    when = PAST if params.get("when") == PAST else UPCOMING
    options = selectors.event_filter_options(index=index, when=when)
    filters = selectors.event_filters(params, options=options)
    paginator = Paginator(
        selectors.events_listed(index=index, filters=filters), PER_PAGE
    )
    events = paginator.get_page(params.get("page"))
    # The tabs keep the filters but not the page number or the month (the
    # other tab has other months).
    tab_query = params.copy()
    for name in ("page", "month", "when"):
        tab_query.pop(name, None)
    past_query = tab_query.copy()
    past_query["when"] = PAST
    return {
        "events": events,
        "page_links": page_links(events, query=params),
        "filters": filters,
        "options": options,
        "upcoming_url": page_url(1, query=tab_query),
        "past_url": page_url(1, query=past_query),
        "feed_url": reverse("events:feed"),
    }


def jury_page_context(request: HttpRequest, page: EventPage) -> dict:
    """The public jury section: question, composition, protocol; plus the
    viewer's own application and whether they organise it. Nothing here
    carries an applicant's name, contact details or address."""
    from ..jury_charts import composition_svg, probability_svg
    from ..selectors import jury as jury_selectors

    jury = jury_selectors.jury_for(page) if page.pk else None
    if jury is None:
        return {"jury": None}
    user = getattr(request, "user", None)
    view = jury_selectors.jury_public_view(jury)
    panel_total = len(view.panel) if view.drawn else 0
    for n, row in enumerate(view.strata):
        row.chart = composition_svg(row, panel_total=panel_total, chart_id=f"jury-c{n}")
        for value_row in row.values:
            value_row.panel_percent = (
                100 * value_row.panel / panel_total if panel_total else None
            )
    return {
        "jury": jury,
        "jury_view": view,
        "jury_probability_chart": probability_svg(
            [p for _n, p in view.probability_rows], chart_id="jury-p"
        ),
        "jury_application": jury_selectors.application_for(user, jury),
        "jury_apply_reason": permissions.jury_application_denied_reason(user, jury),
        "jury_organiser": permissions.can_organise_jury(user, page),
    }


def event_page_context(request: HttpRequest, page: EventPage) -> dict:
    user = getattr(request, "user", None)
    return {
        **(jury_page_context(request, page) if permissions.is_jury(page) else {}),
        **selectors.event_page_facts(page),
        "online_link_visible": bool(page.pk)
        and permissions.can_see_online_link(user, page),
        "ics_url": reverse("events:ics", args=[page.pk]) if page.pk else "",
        "is_facilitator": bool(page.pk)
        and permissions.can_see_registrations(user, page),
    }


def home_section_context(request: HttpRequest) -> dict:
    """The home page's "upcoming events" section."""
    index = EventIndexPage.objects.live().first()
    return {
        "events": selectors.events_upcoming(limit=HOME_EVENTS),
        "index_url": index.get_url(request) if index is not None else "",
    }


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One event's ``.ics``: for whoever may see its page."""
    event = get_object_or_404(EventPage, id=pk)
    if not permissions.can_view(viewer_for_request(request), event):
        raise Http404
    return _calendar_response(event_ics(event), ics_filename(event))


@require_GET
def events_feed(request: HttpRequest) -> HttpResponse:
    """The feed of upcoming public events, to subscribe to in a calendar app."""
    events = selectors.events_upcoming(limit=FEED_LIMIT)
    calendar = calendar_for(events, name=_("Events"))
    return _calendar_response(calendar.to_ical(), "wydarzenia.ics")
