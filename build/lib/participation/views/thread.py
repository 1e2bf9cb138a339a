"""The one-comment fragment live updates fetch. The thread a host page includes
is built by ``participation.selectors.thread_context``."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.http import safe_next
from cms.visibility import viewer_for_request

from .. import permissions, selectors
from ..commentable import visible_target_for
from ._common import (
    target_url,
)


@require_GET
def comment_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment rendered for the requesting user (pages fetch it after a live
    event); hidden comments show the public placeholder to non-moderators."""
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    if comment is None:
        raise Http404
    target = visible_target_for(comment, viewer_for_request(request))
    if target is None:
        raise Http404
    perms = permissions.thread_permissions(request.user, target)
    selectors.set_anchor_labels(target, [comment])
    thread = selectors.thread_base(
        request, target, perms, safe_next(request, target_url(request, target))
    )
    response = render(
        request, "participation/comment.html", {"comment": comment, "thread": thread}
    )
    response["Cache-Control"] = "private, no-store"
    return response
