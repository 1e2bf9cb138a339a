"""Officials: the office's response to a comment."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.http import done, run_service
from cms.visibility import viewer_for_request

from .. import permissions, services
from ..forms import (
    ResponseForm,
)
from ._common import (
    answers_denied,
    comment_url,
    denied,
    form_context,
    invalid,
    load_comment,
)


# --- official responses -----------------------------------------------------------
@require_http_methods(["GET", "POST"])
@answers_denied
def official_response(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(request, pk)
    if not permissions.can_respond_officially(request.user, comment, target):
        return denied(
            request, _("You cannot answer this comment for the office."), target=target
        )
    context = form_context(
        request,
        comment,
        target,
        title=_("Official response"),
        action=reverse("participation:official_response", args=[comment.pk]),
        submit=_("Publish the office's response"),
        quote=True,
    )
    if request.method == "GET":
        existing = comment.get_official_response()
        initial = {}
        if existing is not None:
            initial = {
                "decision": existing.decision,
                "reasoning": existing.reasoning_as_typed,
            }
        context["form"] = ResponseForm(initial=initial)
        return render(request, "participation/form_page.html", context)
    form = ResponseForm(request.POST)
    if form.is_valid():
        response, _limited = run_service(
            form,
            lambda: services.official_response_publish(
                viewer=viewer_for_request(request),
                official=request.user,
                comment=comment,
                decision=form.cleaned_data["decision"],
                reasoning=form.cleaned_data["reasoning"],
            ),
        )
        if response is not None:
            return done(
                request,
                _("The response has been published and its author informed."),
                comment_url(request, comment, target),
                id=comment.pk,
            )
    return invalid(request, form, context)
