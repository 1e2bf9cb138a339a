"""The editors' "Cancel the event" screen in the Wagtail admin: GET asks to
confirm (with how many people will be e-mailed), POST cancels through the
service and returns to the page's edit screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import EventPage, Registration, RegistrationStatus
from .services.changes import can_cancel_event, event_cancel


@require_http_methods(["GET", "POST"])
def cancel_event(request, page_id: int):
    event = get_object_or_404(EventPage, id=page_id)
    if not can_cancel_event(request.user, event):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    if event.is_cancelled:
        messages.info(request, _("This event was already cancelled."))
        return redirect(edit_url)
    if request.method == "POST":
        event_cancel(event=event, user=request.user)
        messages.success(
            request,
            _("The event is cancelled; everyone registered is being e-mailed."),
        )
        return redirect(edit_url)
    registered = Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
    ).count()
    return TemplateResponse(
        request,
        "events/admin/cancel_confirm.html",
        {
            "page_title": _("Cancel the event"),
            "page_subtitle": event.title,
            "header_icon": "date",
            "event": event,
            "registered": registered,
            "edit_url": edit_url,
        },
    )
