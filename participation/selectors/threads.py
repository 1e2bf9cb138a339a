"""The thread a host page includes: everything participation/thread.html needs,
read from the request's filters in a fixed number of queries.

Host pages (consultations, later events and proposals) take it from here, not
from participation's views, so no app imports another app's views.
"""

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.live.selectors import stream_last_seq

from .. import permissions
from ..commentable import target_key
from ..forms import CommentForm
from ..models import Decision
from .comments import (
    SORT_NEWEST,
    SORT_OLDEST,
    SORT_SUPPORTED,
    SORT_UNANSWERED,
    SORTS,
    comment_counts_by_anchor,
    response_progress,
    thread_page_for_target,
)

# GET parameter with the page number of the thread's top-level comments.
PAGE_PARAM = "strona"
# Value of the "anchor" filter meaning "comments on the whole document" ("" is the
# whole document's anchor, but an empty filter means "all provisions").
WHOLE_TARGET_FILTER = "-"
ANSWERED_FILTERS = {"yes": True, "no": False}
# The thread's stylesheet and script: templates/base.html loads each once, in the
# head and at the end of the body, however many threads the page includes.
THREAD_STYLESHEETS = ("participation/participation.css",)
THREAD_SCRIPTS = ("participation/thread.js", "participation/editor.js")


def set_anchor_labels(target, comments) -> None:
    """Sets ``anchor_label`` on each comment without asking the target per comment."""
    labels = dict(target.comment_anchor_choices())
    for comment in comments:
        if comment.anchor not in labels:
            labels[comment.anchor] = target.comment_anchor_label(comment.anchor) or ""
        comment.anchor_label = labels[comment.anchor]


def thread_base(request: HttpRequest, target, perms, next_url: str) -> dict:
    """What comment.html needs besides the comment, for thread and fragment."""
    return {
        "target": target,
        "key": target_key(target),
        "perms": perms,
        "next": next_url,
        "decisions": Decision.choices,
    }


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
    ``context.update(thread_context(request, self))``; with it come the thread's
    ``page_stylesheets`` and ``page_scripts`` for base.html. A pure read; GET
    parameters ``sort``, ``anchor`` and ``answered`` choose order and filters,
    ``strona`` the page of top-level comments (30 a page)."""
    user = request.user
    perms = permissions.thread_permissions(user, target)
    anchor_choices = list(target.comment_anchor_choices())
    anchor_keys = {key for key, _label in anchor_choices}

    sort = request.GET.get("sort")
    if sort not in SORTS:
        sort = SORT_NEWEST
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

    page = thread_page_for_target(
        target=target,
        viewer=user,
        page=request.GET.get(PAGE_PARAM),
        sort=sort,
        anchor=anchor,
        answered=answered_filter,
    )
    comments = page.object_list
    set_anchor_labels(target, comments)
    answered, total = response_progress(target=target)
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
            (SORT_NEWEST, _("Newest first")),
            (SORT_OLDEST, _("Oldest first")),
            (SORT_SUPPORTED, _("Most supported")),
            (SORT_UNANSWERED, _("Unanswered first")),
        ],
        "anchor_filter": anchor_param,
        "anchor_filter_choices": [
            (WHOLE_TARGET_FILTER if key == "" else key, label)
            for key, label in anchor_choices
        ],
        "answered_filter": answered_param,
        "anchor_choices": anchor_choices,
        "anchor_counts": comment_counts_by_anchor(target=target),
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
    return {
        "target": target,
        "thread": thread,
        "page_stylesheets": THREAD_STYLESHEETS,
        "page_scripts": THREAD_SCRIPTS,
    }
