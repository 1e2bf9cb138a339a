"""Helpers shared by the thread's views: JSON or HTML answers, safe redirects,
loading a comment with its target."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import permissions, services
from ..commentable import is_commentable, target_for
from ..models import Comment


# --- helpers ----------------------------------------------------------------------
def wants_json(request: HttpRequest) -> bool:
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return fallback or "/"


def target_url(request: HttpRequest, target) -> str:
    url = target.get_url(request) if target is not None else None
    return url or "/"


def comment_url(request: HttpRequest, comment: Comment, target) -> str:
    url = safe_next(request, target_url(request, target))
    return f"{url.split('#', 1)[0]}#comment-{comment.pk}"


def reason_of(error: PermissionDenied) -> str:
    return str(error.args[0]) if error.args else _("You cannot do that.")


def denied(request: HttpRequest, reason, *, target=None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": str(reason), "fields": {}}, status=403)
    return render(
        request,
        "participation/denied.html",
        {
            "reason": reason,
            "signed_in": permissions.is_signed_in(request.user),
            "back_url": safe_next(request, target_url(request, target)),
        },
        status=403,
    )


def bad_request(request: HttpRequest, reason) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": str(reason), "fields": {}}, status=400)
    return render(
        request,
        "participation/denied.html",
        {"reason": reason, "back_url": safe_next(request, "/"), "signed_in": True},
        status=400,
    )


def answers_denied(view):
    """Turns PermissionDenied raised by a service into a 403 page or JSON."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return denied(request, reason_of(error))

    return wrapped


def invalid(request, form, context: dict, *, rate_limited=False) -> HttpResponse:
    """Shows the form again with its errors (400), or the errors as JSON."""
    status = 429 if rate_limited else 400
    if wants_json(request):
        return JsonResponse(form.error_payload(), status=status)
    context = {"form": form, **context}
    return render(request, "participation/form_page.html", context, status=status)


def done(request, message, url: str, *, status: int = 200, **data) -> HttpResponse:
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
        rate_limited = not hasattr(error, "error_dict") and any(
            item.code == services.RATE_LIMITED for item in error.error_list
        )
        return None, rate_limited


def load_comment(pk: int) -> tuple[Comment, object]:
    comment = get_object_or_404(
        Comment.objects.select_related("author", "parent", "on_behalf_of", "response"),
        pk=pk,
    )
    target = target_for(comment)
    if target is None or not is_commentable(target):
        raise Http404
    return comment, target


def form_context(request, comment, target, *, title, action, submit, **extra):
    return {
        "page_title": title,
        "action": action,
        "submit_label": submit,
        "target": target,
        "comment": comment,
        "next": safe_next(request, target_url(request, target)),
        "back_url": comment_url(request, comment, target)
        if comment
        else safe_next(request, target_url(request, target)),
        **extra,
    }
