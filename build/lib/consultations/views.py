"""Public views of consultations: following, and the home page's section. The
pages' own context is built in selectors (``consultation_page_context``,
``consultation_index_context``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.accounts.permissions import is_official, is_signed_in
from cms.http import answers_rate_limited
from cms.visibility import viewer_for_request

from . import permissions, selectors, services
from .models import ConsultationIndexPage, ConsultationPage


def home_section_context(request) -> dict:
    """The home page's "open consultations" section."""
    index = ConsultationIndexPage.objects.live().first()
    return {
        "consultations": selectors.consultations_open(limit=6),
        "index_url": index.get_url(request) if index is not None else "",
    }


def _visible_consultation(request, pk: int) -> ConsultationPage:
    page = get_object_or_404(ConsultationPage, id=pk)
    if not permissions.can_view(viewer_for_request(request), page):
        raise Http404
    return page


def _back(request, page: ConsultationPage) -> HttpResponseRedirect:
    return HttpResponseRedirect(page.get_url(request) or "/")


@require_POST
@login_required
@answers_rate_limited
def follow(request, pk: int):
    page = _visible_consultation(request, pk)
    try:
        services.consultation_follow(user=request.user, consultation=page)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You follow this consultation: we will e-mail you about its changes."),
        )
    return _back(request, page)


@require_POST
@login_required
@answers_rate_limited
def unfollow(request, pk: int):
    page = _visible_consultation(request, pk)
    services.consultation_unfollow(user=request.user, consultation=page)
    messages.success(request, _("You no longer follow this consultation."))
    return _back(request, page)


@require_GET
def awaiting_response(request):
    """ "Do odpowiedzi": the comments the official's department still has to
    answer, oldest first, grouped by consultation with its closing date."""
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    if not is_official(request.user):
        raise PermissionDenied(_("Only officials can see this page."))
    groups = selectors.awaiting_response_groups(request.user)
    for page, _comments in groups:
        page.thread_url = page.get_url(request) or ""
    return render(
        request,
        "consultations/awaiting_response.html",
        {
            "groups": groups,
            "total": sum(len(comments) for _page, comments in groups),
        },
    )
