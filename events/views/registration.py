"""Thin views of registration: register, cancel, "Moje wydarzenia", and the
facilitators' list with check-in and the CSV export. Every form works without
JavaScript (POST, then a redirect with a message)."""

from __future__ import annotations

import csv
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import answers_rate_limited, done, run_service, safe_next
from cms.visibility import viewer_for_request
from participation.permissions import organisations_for

from .. import permissions, selectors, services
from ..forms import CheckInForm, RegistrationForm
from ..models import EventPage, Registration, RegistrationStatus
from ..registration_codes import CODE_PARAM, code_display, qr_svg
from ..selectors import jury as jury_selectors
from ..selectors.jury_groups import my_groups_by_jury
from ..services.registration import normalise_code

TEMPLATES = "events/registration"


def _event(request: HttpRequest, pk: int) -> EventPage:
    """The event, if the request's viewer may see its page; else 404 (an
    unpublished or private event does not exist for them)."""
    event = get_object_or_404(EventPage, id=pk)
    if not permissions.can_view(viewer_for_request(request), event):
        raise Http404
    return event


def _event_url(request: HttpRequest, event: EventPage) -> str:
    return event.get_url(request) or "/"


def denied(request: HttpRequest, reason, *, event: EventPage | None = None):
    return http.refused(
        request,
        reason,
        template=f"{TEMPLATES}/denied.html",
        context={
            "event": event,
            "signed_in": is_signed_in(request.user),
            "back_url": _event_url(request, event) if event else "/",
        },
        status=403,
    )


answers_denied = http.answers_denied(denied)


# --- participants -------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@answers_denied
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    existing = selectors.registration_for(request.user, event)
    if existing is not None:
        return done(
            request, _("You are already registered for this event."), _my_events_url()
        )
    reason = permissions.registration_denied_reason(request.user, event)
    if reason is not None:
        return denied(request, reason, event=event)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        organisations=organisations_for(request.user),
        user=request.user,
    )
    context = {
        "event": event,
        "places": selectors.event_places(event),
        "retention_days": settings.EVENT_ANSWERS_RETENTION_DAYS,
        "back_url": _event_url(request, event),
    }
    if request.method == "GET":
        return render(request, f"{TEMPLATES}/register.html", {"form": form, **context})
    rate_limited = False
    if form.is_valid():
        registration, rate_limited = run_service(
            form,
            lambda: services.registration_create(
                event=event,
                user=request.user,
                answers=form.answers(),
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                viewer=viewer_for_request(request),
            ),
        )
        if registration is not None:
            if registration.status == RegistrationStatus.CONFIRMED:
                message = _(
                    "You are registered. Your code is %(code)s; we have e-mailed it."
                ) % {"code": code_display(registration.code)}
            else:
                message = _(
                    "The event is full: you are on the waiting list. We will "
                    "e-mail you if a place frees up."
                )
            return done(request, message, _my_events_url(), status=201)
    return http.invalid(
        request,
        form,
        template=f"{TEMPLATES}/register.html",
        context=context,
        rate_limited=rate_limited,
    )


def _my_events_url() -> str:
    return reverse("my_events")


@require_http_methods(["GET", "POST"])
@answers_denied
@answers_rate_limited
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (no JavaScript dialog needed); POST withdraws."""
    event = _event(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    registration = selectors.registration_for(request.user, event)
    back = safe_next(request, _my_events_url())
    if registration is None:
        return done(request, _("You are not registered for this event."), back)
    if request.method == "GET":
        return render(
            request,
            f"{TEMPLATES}/cancel_confirm.html",
            {"event": event, "registration": registration, "back_url": back},
        )
    try:
        services.registration_cancel(registration=registration, user=request.user)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return denied(request, error.messages[0], event=event)
    return done(request, _("Your registration has been cancelled."), back)


@require_GET
def my_events(request: HttpRequest) -> HttpResponse:
    """ "Moje wydarzenia": the person's places, waiting-list places and past
    attendance, each with its code and QR code."""
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    mine = selectors.my_events(request.user)
    for registration in mine.upcoming:
        registration.code_display = code_display(registration.code)
        registration.qr = qr_svg(registration)
    for registration in mine.past:
        registration.code_display = code_display(registration.code)
    applications = list(jury_selectors.applications_for_user(request.user))
    # A juror's small groups, beside their application (one read for all).
    groups = my_groups_by_jury(request.user, {a.jury_id for a in applications})
    for application in applications:
        application.group_splits = groups.get(application.jury_id, [])
    return render(
        request,
        f"{TEMPLATES}/my_events.html",
        {"mine": mine, "jury_applications": applications},
    )


# --- facilitators -------------------------------------------------------------------
def _facilitated_event(request: HttpRequest, pk: int) -> EventPage:
    """The event, for its facilitators: 404 to whoever may not see it, 403 to
    whoever may see it but does not run it."""
    event = _event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in as the event's facilitator."))
    if not permissions.can_see_registrations(request.user, event):
        raise PermissionDenied(
            _("Only the event's facilitators can see its registrations.")
        )
    return event


def _list_context(request: HttpRequest, event: EventPage, form=None) -> dict:
    rows = list(selectors.registrations_for_facilitators(event))
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITING]
    return {
        "event": event,
        "confirmed": confirmed,
        "waiting": waiting,
        "checked_in": sum(1 for r in confirmed if r.checked_in_at),
        "form": form or CheckInForm(),
        "event_url": _event_url(request, event),
        "asks": {
            "accessibility": event.ask_accessibility,
            "childcare": event.ask_childcare,
            "dietary": event.ask_dietary,
        },
    }


@require_GET
@answers_denied
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = _facilitated_event(request, pk)
    return render(
        request, f"{TEMPLATES}/facilitator_list.html", _list_context(request, event)
    )


@require_http_methods(["GET", "POST"])
@answers_denied
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """By code (typed, or from the QR code's link, which opens this page with
    the code filled in) or from the list (``registration``: its id)."""
    event = _facilitated_event(request, pk)
    list_url = reverse("events:registrations", args=[event.pk])
    if request.method == "GET":
        code = normalise_code(request.GET.get(CODE_PARAM, ""))
        found = (
            Registration.objects.filter(event=event, code=code)
            .select_related("user")
            .first()
            if code
            else None
        )
        return render(
            request,
            f"{TEMPLATES}/check_in.html",
            {
                "event": event,
                "form": CheckInForm(initial={"code": code_display(code)}),
                "found": found,
                "list_url": list_url,
            },
        )
    form = CheckInForm(request.POST)
    registration = None
    if "registration" in request.POST:
        registration = Registration.objects.filter(
            pk=_int(request.POST["registration"]), event=event
        ).first()
        if registration is None:
            raise Http404
        form = CheckInForm({"code": registration.code})
    undo = request.POST.get("undo") == "1"
    rate_limited = False
    if form.is_valid():
        result, rate_limited = run_service(
            form,
            lambda: (
                services.registration_check_in_undo(
                    event=event, user=request.user, registration=registration
                )
                if undo and registration is not None
                else services.registration_check_in(
                    event=event,
                    user=request.user,
                    code=form.cleaned_data["code"],
                    registration=registration,
                )
            ),
        )
        if result is not None:
            name = result.user.public_name
            message = (
                _("%(name)s: check-in taken back.")
                if undo
                else _("%(name)s is checked in.")
            ) % {"name": name}
            return done(
                request,
                message,
                f"{safe_next(request, list_url)}#registration-{result.pk}",
            )
    return http.invalid(
        request,
        form,
        template=f"{TEMPLATES}/facilitator_list.html",
        context=_list_context(request, event, form),
        rate_limited=rate_limited,
    )


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets
    a leading apostrophe (OWASP's advice against CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@require_GET
@answers_denied
def registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    event = _facilitated_event(request, pk)
    zone = ZoneInfo(settings.TIME_ZONE)

    def when(value):
        return (
            timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""
        )

    header = [
        _("Place"),
        _("Status"),
        _("Name"),
        _("E-mail"),
        _("On behalf of"),
        _("Code"),
        _("Registered at"),
        _("Checked in at"),
    ]
    questions = [
        (field, label)
        for field, label, asked in (
            ("accessibility_needs", _("Accessibility needs"), event.ask_accessibility),
            ("childcare", _("Childcare during the event"), event.ask_childcare),
            ("dietary_needs", _("Dietary needs"), event.ask_dietary),
        )
        if asked
    ]
    header += [label for _field, label in questions]
    filename = f"zapisy-{slugify(event.slug or event.pk)}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The BOM tells Excel the file is UTF-8 (else "Łódź" arrives garbled).
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for r in selectors.registrations_for_facilitators(event):
        row = [
            r.place or "",
            r.get_status_display(),
            r.user.get_full_name() or r.user.public_name,
            r.user.email,
            r.on_behalf_of.name if r.on_behalf_of else "",
            code_display(r.code),
            when(r.created_at),
            when(r.checked_in_at),
        ]
        row += [getattr(r, field) for field, _label in questions]
        writer.writerow([csv_cell(value) for value in row])
    return response


__all__ = [
    "cancel",
    "check_in",
    "my_events",
    "register",
    "registrations",
    "registrations_csv",
]
