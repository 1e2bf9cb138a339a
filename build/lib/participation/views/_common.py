"""Helpers shared by the thread's views: the thread's refusal and form pages
(the JSON-or-HTML answers themselves are cms.http's), loading a comment with its
target."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cms import http
from cms.http import safe_next
from cms.visibility import viewer_for_request

from .. import permissions
from ..commentable import visible_target_for
from ..models import Comment


def target_url(request: HttpRequest, target) -> str:
    url = target.get_url(request) if target is not None else None
    return url or "/"


def comment_url(request: HttpRequest, comment: Comment, target) -> str:
    url = safe_next(request, target_url(request, target))
    return f"{url.split('#', 1)[0]}#comment-{comment.pk}"


def denied(request: HttpRequest, reason, *, target=None) -> HttpResponse:
    """The thread's refusal: 403 page (with a login link) or JSON."""
    return http.refused(
        request,
        reason,
        template="participation/denied.html",
        context={
            "signed_in": permissions.is_signed_in(request.user),
            "back_url": safe_next(request, target_url(request, target)),
        },
        status=403,
    )


def bad_request(request: HttpRequest, reason) -> HttpResponse:
    return http.refused(
        request,
        reason,
        template="participation/denied.html",
        context={"back_url": safe_next(request, "/"), "signed_in": True},
        status=400,
    )


answers_denied = http.answers_denied(denied)


def invalid(request, form, context: dict, *, rate_limited=False) -> HttpResponse:
    """Shows the form again with its errors (400), or the errors as JSON."""
    return http.invalid(
        request,
        form,
        template="participation/form_page.html",
        context=context,
        rate_limited=rate_limited,
    )


def load_comment(request: HttpRequest, pk: int) -> tuple[Comment, object]:
    """The comment and its target, if the request's viewer may see the target:
    a comment on a private or unpublished page is "not found" to everyone else,
    for reading and for every action alike."""
    comment = get_object_or_404(
        Comment.objects.select_related("author", "parent", "on_behalf_of", "response"),
        pk=pk,
    )
    target = visible_target_for(comment, viewer_for_request(request))
    if target is None:
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
