"""The formatting preview of the comment editor (participation/editor.js)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.ratelimit import rate_limit_hit

from .. import permissions
from ..sanitize import TEXT_MAX_LENGTH, markdown_to_html, too_long_error


@require_POST
def comment_preview(request: HttpRequest) -> HttpResponse:
    """``{"html": ...}``: the posted ``text`` rendered by the very pipeline that
    stores comments (markdown_to_html, bleach), so the preview cannot promise
    what publishing would not do and the browser needs no parser of its own.
    Signed-in people only, CSRF-protected (the middleware), rate limited: it
    stores nothing, but every call costs a render."""
    if not permissions.is_signed_in(request.user):
        return JsonResponse({"error": _("Log in to see a preview.")}, status=403)
    limit, period = settings.COMMENT_PREVIEW_RATE_LIMIT
    if not rate_limit_hit(f"preview:{request.user.pk}", limit=limit, period=period):
        return JsonResponse(
            {"error": _("You are doing that too often. Wait a minute and try again.")},
            status=429,
        )
    text = request.POST.get("text", "")
    if len(text) > TEXT_MAX_LENGTH:
        error = too_long_error(TEXT_MAX_LENGTH, len(text))
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse({"html": markdown_to_html(text)})
