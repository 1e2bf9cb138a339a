"""The thread a host page includes: everything participation/thread.html needs,
read from the request's filters in a fixed number of queries.

Host pages (consultations, later events and proposals) take it from here, not
from participation's views, so no app imports another app's views.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.filters import choice
from cms.live.selectors import stream_last_seq
from cms.pagination import page_links, page_url

from .. import permissions
from ..commentable import target_key
from ..forms import CommentForm
from ..models import Decision, FlagCategory
from .comments import (
    SORT_NEWEST,
    SORT_OLDEST,
    SORT_SUPPORTED,
    SORT_UNANSWERED,
    SORTS,
    comment_counts_by_anchor,
    page_of_comment,
    response_progress,
    thread_page_for_target,
)

# GET parameter with the page number of the thread's top-level comments.
PAGE_PARAM = "strona"
# GET parameter naming a comment whose page to show (when no page is asked for):
# the link to one comment that stays right as the thread grows.
COMMENT_PARAM = "komentarz"
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
        "flag_categories": FlagCategory.choices,
    }


def thread_context(request: HttpRequest, target) -> dict:
    """Everything participation/thread.html needs, for a host page's context:
    ``context.update(thread_context(request, self))``; with it come the thread's
    ``page_stylesheets`` and ``page_scripts`` for base.html. A pure read; GET
    parameters ``sort``, ``anchor`` and ``answered`` choose order and filters,
    ``strona`` the page of top-level comments (30 a page), or ``komentarz`` the
    page holding that comment."""
    user = request.user
    perms = permissions.thread_permissions(user, target)
    anchor_choices = list(target.comment_anchor_choices())
    anchor_keys = {key for key, _label in anchor_choices}

    sort = choice(request.GET, "sort", SORTS) or SORT_NEWEST
    anchor_param = choice(request.GET, "anchor", {WHOLE_TARGET_FILTER, *anchor_keys})
    # None: every provision; "": the whole document; else one provision.
    if anchor_param == WHOLE_TARGET_FILTER:
        anchor = ""
    else:
        anchor = anchor_param or None
    answered_param = choice(request.GET, "answered", ANSWERED_FILTERS)
    answered_filter = ANSWERED_FILTERS.get(answered_param)

    page_number = request.GET.get(PAGE_PARAM)
    wanted = request.GET.get(COMMENT_PARAM, "")
    if page_number is None and wanted.isdigit() and len(wanted) < 19:
        page_number = page_of_comment(
            target=target,
            viewer=user,
            comment_pk=int(wanted),
            sort=sort,
            anchor=anchor,
            answered=answered_filter,
        )
    page = thread_page_for_target(
        target=target,
        viewer=user,
        page=page_number,
        sort=sort,
        anchor=anchor,
        answered=answered_filter,
    )
    comments = page.object_list
    set_anchor_labels(target, comments)
    answered, total = response_progress(target=target)
    stream = target.comment_stream()
    # Every other parameter (sort, filters, the host page's own, e.g. "wersja")
    # stays in the pagination links and in the way back after commenting.
    first_page = page_url(1, query=request.GET, param=PAGE_PARAM)
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
        "page_links": page_links(
            page, query=request.GET, param=PAGE_PARAM, fragment="comments"
        ),
        # A new top-level comment is not on page 2+: come back to the first page.
        "first_page_next": request.path + first_page.rstrip("?"),  # no bare "?"
    }
    return {
        "target": target,
        "thread": thread,
        "page_stylesheets": THREAD_STYLESHEETS,
        "page_scripts": THREAD_SCRIPTS,
    }
