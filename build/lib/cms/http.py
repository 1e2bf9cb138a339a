"""Answers every app's views give: JSON to fetch() clients, a page or a redirect
with a message to everyone else, so each form works without JavaScript.

Apps keep their own templates (what a refusal page says, where a form is shown
again) and pass them in; the deciding of JSON or HTML, safe redirects and the
handling of a service's errors live here once.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# A service's ValidationError with this code means "too many attempts": the form
# is shown again with 429 instead of 400.
from cms.ratelimit import RATE_LIMITED


def wants_json(request: HttpRequest) -> bool:
    """Whether the request comes from our fetch() code rather than a form."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter (POST, then GET) if it points to this site, else
    ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return fallback or "/"


def _referer(request: HttpRequest) -> str:
    """The page the request came from, if it is on this site (else "")."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def reason_of(error: PermissionDenied) -> str:
    """The reason a service gave for refusing, or a generic one."""
    return str(error.args[0]) if error.args else _("You cannot do that.")


def refused(
    request: HttpRequest, reason, *, template: str, context: dict, status: int
) -> HttpResponse:
    """``{"error": reason, "fields": {}}`` to JSON clients, else ``template``
    with ``reason`` and ``context``."""
    if wants_json(request):
        return JsonResponse({"error": str(reason), "fields": {}}, status=status)
    return render(request, template, {"reason": reason, **context}, status=status)


def answers_denied(respond: Callable[[HttpRequest, str], HttpResponse]):
    """A view decorator turning PermissionDenied raised by a service into
    ``respond(request, reason)`` (the app's 403 page or JSON)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as error:
                return respond(request, reason_of(error))

        return wrapped

    return decorator


def is_rate_limited(error: ValidationError) -> bool:
    """Whether a service refused because a rate limit is spent (a non-field
    error with code RATE_LIMITED)."""
    return not hasattr(error, "error_dict") and any(
        item.code == RATE_LIMITED for item in error.error_list
    )


def answers_rate_limited(view):
    """A view decorator for writes without a form to show again (support,
    delete, follow): a service's RATE_LIMITED ValidationError becomes 429, as
    ``{"error": reason, "fields": {}}`` or the 429 page with a way back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as error:
            if not is_rate_limited(error):
                raise
            return refused(
                request,
                error.messages[0],
                template="429.html",
                context={"back_url": safe_next(request, _referer(request))},
                status=429,
            )

    return wrapped


def invalid(
    request: HttpRequest, form, *, template: str, context: dict, rate_limited=False
) -> HttpResponse:
    """Shows the form again with its errors (400, or 429 when rate limited), or
    the errors as JSON (``form.error_payload()``, see cms.forms)."""
    status = 429 if rate_limited else 400
    if wants_json(request):
        return JsonResponse(form.error_payload(), status=status)
    return render(request, template, {"form": form, **context}, status=status)


def done(
    request: HttpRequest, message, url: str, *, status: int = 200, **data
) -> HttpResponse:
    """Success: ``{"ok": true, "message": ..., **data}`` to JSON clients, else the
    message shown after a redirect to ``url``."""
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "message": str(message), **data}, status=status
        )
    messages.success(request, message)
    return redirect(url)


def run_service(form, call):
    """Runs a service call; returns (result, rate_limited). A ValidationError lands
    on the form (result None); PermissionDenied propagates to answers_denied."""
    try:
        return call(), False
    except ValidationError as error:
        form.add_service_error(error)
        return None, is_rate_limited(error)
