"""Reads of comments in a thread: one page of top-level comments with their
replies, one comment, the counts. Every selector runs a fixed number of
queries, however many comments a thread has."""

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)

from ..models import (
    Comment,
    CommentFlag,
    CommentSupport,
    OfficialResponse,
    OfficialResponseRevision,
)
from ..permissions import is_signed_in

SORT_NEWEST = "newest"
SORT_OLDEST = "oldest"
SORT_SUPPORTED = "supported"
SORT_UNANSWERED = "unanswered"
SORTS = (SORT_NEWEST, SORT_OLDEST, SORT_SUPPORTED, SORT_UNANSWERED)
# Top-level comments per page of a thread (their replies come along).
THREAD_PAGE_SIZE = 30

_ORDERINGS = {
    SORT_NEWEST: ("-created_at", "-pk"),
    SORT_OLDEST: ("created_at", "pk"),
    SORT_SUPPORTED: ("-support_count", "-created_at", "-pk"),
    # False sorts before True: comments still waiting for the office come first.
    SORT_UNANSWERED: ("is_answered", "-created_at", "-pk"),
}


def _with_viewer_support(queryset: QuerySet, viewer) -> QuerySet:
    """Annotates ``viewer_supported`` and ``viewer_flagged`` (the viewer has
    reported the comment): subqueries, no query per comment."""
    if is_signed_in(viewer):
        supported = Exists(
            CommentSupport.objects.filter(comment=OuterRef("pk"), user=viewer.pk)
        )
        flagged = Exists(
            CommentFlag.objects.filter(comment=OuterRef("pk"), user=viewer.pk)
        )
    else:
        supported = Value(False, output_field=BooleanField())
        flagged = Value(False, output_field=BooleanField())
    return queryset.annotate(viewer_supported=supported, viewer_flagged=flagged)


def _replies_queryset(viewer) -> QuerySet:
    return _with_viewer_support(
        Comment.objects.select_related("author", "on_behalf_of", "response"),
        viewer,
    ).order_by("created_at", "pk")


def _thread_queryset(viewer) -> QuerySet:
    return _with_viewer_support(
        Comment.objects.select_related(
            "author",
            "on_behalf_of",
            "parent",
            "response",
            "response__department",
            "response__official",
        ),
        viewer,
    ).prefetch_related(
        Prefetch("replies", queryset=_replies_queryset(viewer)),
        _revisions_prefetch(),
    )


def _revisions_prefetch() -> Prefetch:
    # Earlier decisions, shown under a changed response: one query a page.
    return Prefetch(
        "response__revisions",
        queryset=OfficialResponseRevision.objects.select_related("department"),
    )


def _top_level_queryset(
    *, target, viewer, sort: str, anchor: str | None, answered: bool | None
) -> QuerySet:
    queryset = _thread_queryset(viewer).for_target(target).filter(parent__isnull=True)
    if anchor is not None:
        queryset = queryset.filter(anchor=anchor)
    if answered is not None:
        queryset = queryset.filter(response__isnull=not answered)
    if sort == SORT_UNANSWERED:
        queryset = queryset.annotate(
            is_answered=Exists(OfficialResponse.objects.filter(comment=OuterRef("pk")))
        )
    return queryset.order_by(*_ORDERINGS.get(sort, _ORDERINGS[SORT_NEWEST]))


def thread_for_target(
    *,
    target,
    viewer,
    sort: str = SORT_NEWEST,
    anchor: str | None = None,
    answered: bool | None = None,
) -> list[Comment]:
    """Top-level comments of ``target`` with their replies (oldest first), official
    response, author and organisation loaded, each annotated ``viewer_supported`` and
    ``viewer_flagged``.

    Hidden and withdrawn comments are included: the template shows placeholders.
    ``anchor`` limits to one provision ("" = the whole target), ``answered`` to
    comments with (True) or without (False) an official response.
    """
    return list(
        _top_level_queryset(
            target=target, viewer=viewer, sort=sort, anchor=anchor, answered=answered
        )
    )


def thread_page_for_target(
    *,
    target,
    viewer,
    page: str | int | None = None,
    per_page: int = THREAD_PAGE_SIZE,
    sort: str = SORT_NEWEST,
    anchor: str | None = None,
    answered: bool | None = None,
) -> Page:
    """One page of ``thread_for_target``: ``per_page`` top-level comments, each
    loaded as there, in ``page.object_list`` (a list).

    ``page`` is the raw page number from the request: anything invalid gives the
    first page, a number past the end the last one (``Paginator.get_page``).
    One query more than ``thread_for_target`` (the COUNT), however long the
    thread is."""
    queryset = _top_level_queryset(
        target=target, viewer=viewer, sort=sort, anchor=anchor, answered=answered
    )
    page_obj = Paginator(queryset, per_page).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj


def page_of_comment(
    *,
    target,
    viewer,
    comment_pk: int,
    per_page: int = THREAD_PAGE_SIZE,
    sort: str = SORT_NEWEST,
    anchor: str | None = None,
    answered: bool | None = None,
) -> int | None:
    """The page of ``thread_page_for_target`` (same filters and order) showing
    comment ``comment_pk``, or for a reply its parent; None if the thread as
    filtered does not hold it. Links made once and followed later (search
    results, e-mails) name the comment, not a page: newer comments push older
    ones onto later pages. Two queries, the second of top-level ids only."""
    row = (
        Comment.objects.for_target(target)
        .filter(pk=comment_pk)
        .values_list("pk", "parent_id")
        .first()
    )
    if row is None:
        return None
    top_level = row[1] or row[0]
    ids = _top_level_queryset(
        target=target, viewer=viewer, sort=sort, anchor=anchor, answered=answered
    ).prefetch_related(None)
    try:
        position = list(ids.values_list("pk", flat=True)).index(top_level)
    except ValueError:
        return None
    return position // per_page + 1


def comment_for_viewer(*, pk: int, viewer, with_replies: bool = True) -> Comment | None:
    """One comment (with its replies if top-level) loaded as thread_for_target
    loads it, for the fragment a page fetches after a live event.
    ``with_replies=False`` skips loading them, for the public HTML a live event
    carries (it never shows replies: they arrive as events of their own)."""
    queryset = _thread_queryset(viewer)
    if not with_replies:
        queryset = queryset.prefetch_related(None).prefetch_related(
            _revisions_prefetch()
        )
    return queryset.filter(pk=pk).first()


def comment_counts_by_anchor(*, target) -> dict[str, int]:
    """Number of public top-level comments per anchor ("" = whole target).

    Replies are discussion, not submissions: they do not count here, matching
    ``response_progress`` and the anchor filter of the thread."""
    rows = (
        Comment.objects.for_target(target)
        .public()
        .filter(parent__isnull=True)
        .values("anchor")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["anchor"]: row["n"] for row in rows}


def response_progress(*, target) -> tuple[int, int]:
    """(answered, total) public top-level comments of ``target``."""
    totals = (
        Comment.objects.for_target(target)
        .public()
        .filter(parent__isnull=True)
        .aggregate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(response__isnull=False)),
        )
    )
    return totals["answered"], totals["total"]


def thread_counts(*, target) -> dict:
    """The "counts" every live event of a thread carries."""
    anchors = comment_counts_by_anchor(target=target)
    answered, total = response_progress(target=target)
    return {"anchors": anchors, "answered": answered, "top_level": total}
