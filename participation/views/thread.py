"""The thread a host page includes, and the one-comment fragment live updates
fetch."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.live.selectors import stream_last_seq

from .. import permissions, selectors
from ..commentable import is_commentable, target_for, target_key
from ..forms import (
    CommentForm,
)
from ._common import (
    ANSWERED_FILTERS,
    WHOLE_TARGET_FILTER,
    safe_next,
    set_anchor_labels,
    target_url,
    thread_base,
)


# --- the thread -------------------------------------------------------------------
def thread_context(request: HttpRequest, target) -> dict:
    """Everything participation/thread.html needs, for a host page's context:
    ``context.update(thread_context(request, self))``. A pure read; GET parameters
    ``sort``, ``anchor`` and ``answered`` choose order and filters."""
    user = request.user
    perms = permissions.thread_permissions(user, target)
    anchor_choices = list(target.comment_anchor_choices())
    anchor_keys = {key for key, _label in anchor_choices}

    sort = request.GET.get("sort")
    if sort not in selectors.SORTS:
        sort = selectors.SORT_NEWEST
    anchor_param = request.GET.get("anchor", "")
    if anchor_param == WHOLE_TARGET_FILTER:
        anchor = ""
    elif anchor_param and anchor_param in anchor_keys:
        anchor = anchor_param
    else:
        anchor_param, anchor = "", None
    answered_param = request.GET.get("answered", "")
    if answered_param not in ANSWERED_FILTERS:
        answered_param = ""
    answered_filter = ANSWERED_FILTERS.get(answered_param)

    comments = selectors.thread_for_target(
        target=target, viewer=user, sort=sort, anchor=anchor, answered=answered_filter
    )
    set_anchor_labels(target, comments)
    answered, total = selectors.response_progress(target=target)
    stream = target.comment_stream()
    progress_template = _("Answered by the office: %(answered)s of %(total)s")

    form = None
    if perms.may_comment:
        form = CommentForm(
            initial={"target": target_key(target), "anchor": anchor or ""},
            anchor_choices=anchor_choices,
            organisations=permissions.organisations_for(user),
            user=user,
            auto_id="id_comment_%s",
        )
    thread = {
        **thread_base(request, target, perms, request.get_full_path()),
        "comments": comments,
        "form": form,
        "denied_reason": perms.denied_reason,
        "sort": sort,
        "sort_choices": [
            (selectors.SORT_NEWEST, _("Newest first")),
            (selectors.SORT_OLDEST, _("Oldest first")),
            (selectors.SORT_SUPPORTED, _("Most supported")),
            (selectors.SORT_UNANSWERED, _("Unanswered first")),
        ],
        "anchor_filter": anchor_param,
        "anchor_filter_choices": [
            (WHOLE_TARGET_FILTER if key == "" else key, label)
            for key, label in anchor_choices
        ],
        "answered_filter": answered_param,
        "anchor_choices": anchor_choices,
        "anchor_counts": selectors.comment_counts_by_anchor(target=target),
        "answered": answered,
        "total": total,
        "progress_template": progress_template,
        "progress_text": progress_template % {"answered": answered, "total": total},
        "stream": stream,
        "seq": stream_last_seq(stream),
        "fragment_url": reverse("participation:comment_fragment", args=[0]),
        "filtered": anchor is not None or answered_filter is not None,
    }
    return {"target": target, "thread": thread}


@require_GET
def comment_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment rendered for the requesting user (pages fetch it after a live
    event); hidden comments show the public placeholder to non-moderators."""
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    if comment is None:
        raise Http404
    target = target_for(comment)
    if target is None or not is_commentable(target):
        raise Http404
    perms = permissions.thread_permissions(request.user, target)
    set_anchor_labels(target, [comment])
    thread = thread_base(
        request, target, perms, safe_next(request, target_url(request, target))
    )
    response = render(
        request, "participation/comment.html", {"comment": comment, "thread": thread}
    )
    response["Cache-Control"] = "private, no-store"
    return response
