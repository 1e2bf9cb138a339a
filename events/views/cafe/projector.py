"""The projector's harvest wall, with the QR code to the table page."""

from __future__ import annotations

import io

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ... import selectors
from ..registration import _event_url
from ._common import TEMPLATES, cafe_event, live_state


def join_qr(url: str) -> SafeString:
    """The table page's address as a QR code for the projector (inline SVG,
    black on white so it scans whatever the wall's colours)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=2,
        xmldecl=False,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="cafe-join-qr",
        title=_("QR code: my table"),
    )
    # segno writes the SVG itself and escapes the title, our only text in it.
    return mark_safe(buffer.getvalue().decode())  # noqa: S308


@require_GET
def wall(request: HttpRequest, pk: int) -> HttpResponse:
    """The harvest wall: every table's ideas, most dotted first, large type,
    following the stream. As public as the event's page."""
    event = cafe_event(request, pk)
    live = live_state(event)
    view = selectors.cafe_view(event, request.user)
    join_url = request.build_absolute_uri(reverse("events:cafe_table", args=[event.pk]))
    return render(
        request,
        f"{TEMPLATES}/wall.html",
        {
            "event": event,
            "cafe": view,
            "live": live,
            "now": timezone.now(),
            "event_url": _event_url(request, event),
            "join_url": join_url,
            "join_qr": None if event.is_past() else join_qr(join_url),
        },
    )
