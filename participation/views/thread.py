"""The thread a host page includes, and the one-comment fragment live updates
fetch."""

from django.conf import settings
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.live.selectors import stream_last_seq
from cms.visibility import viewer_for_request

from .. import permissions, selectors
from ..commentable import target_key, visible_target_for
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

# GET parameter with the page number of the thread's top-level comments.
PAGE_PARAM = "strona"


# --- the thread -------------------------------------------------------------------
def _page_url(query: str, number: int) -> str:
    parts = [query] if query else []
    if number > 1:
        parts.append(f"{PAGE_PARAM}={number}")
    return f"?{'&'.join(parts)}#comments"


def _page_links(page: Page, query: str) -> dict:
    """Links of the pager: previous/next and the page numbers around the current
    one, with the first and last (None in ``numbers`` stands for a gap)."""
    if not page.has_other_pages():
        return {}
    numbers = []
    for number in page.paginator.get_elided_page_range(
        page.number, on_each_side=2, on_ends=1
    ):
        if number == page.paginator.ELLIPSIS:
            numbers.append(None)
        else:
            numbers.append(
                {
                    "number": number,
                    "url": _page_url(query, number),
                    "current": number == page.number,
                }
            )
    return {
        "previous": _page_url(query, page.previous_page_number())
        if page.has_previous()
        else None,
        "next": _page_url(query, page.next_page_number()) if page.has_next() else None,
        "numbers": numbers,
    }


def thread_context(request: HttpRequest, target) -> dict:
    """Everything participation/thread.html needs, for a host page's context:
    ``context.update(thread_context(request, self))``. A pure read; GET parameters
    ``sort``, ``anchor`` and ``answered`` choose order and filters, ``strona`` the
    page of top-level comments (30 a page)."""
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

    page = selectors.thread_page_for_target(
        target=target,
        viewer=user,
        page=request.GET.get(PAGE_PARAM),
        sort=sort,
        anchor=anchor,
        answered=answered_filter,
    )
    comments = page.object_list
    set_anchor_labels(target, comments)
    answered, total = selectors.response_progress(target=target)
    stream = target.comment_stream()
    # Every other parameter (sort, filters, the host page's own, e.g. "wersja")
    # stays in the pagination links.
    params = request.GET.copy()
    params.pop(PAGE_PARAM, None)
    query = params.urlencode()
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
        # Pages draw the edit link of comments arriving live within this window.
        "edit_window": settings.COMMENT_EDIT_WINDOW_SECONDS,
        "filtered": anchor is not None or answered_filter is not None,
        "page": page,
        "page_links": _page_links(page, query),
        # A new top-level comment is not on page 2+: come back to the first page.
        "first_page_next": f"{request.path}?{query}" if query else request.path,
    }
    return {"target": target, "thread": thread}


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
    set_anchor_labels(target, [comment])
    thread = thread_base(
        request, target, perms, safe_next(request, target_url(request, target))
    )
    response = render(
        request, "participation/comment.html", {"comment": comment, "thread": thread}
    )
    response["Cache-Control"] = "private, no-store"
    return response
