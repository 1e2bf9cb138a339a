"""Reads of the consultations app: annotated querysets with a constant number of
queries, whatever the number of consultations, provisions or comments.

The lists of consultations (index, home page) live here; the reads of one
consultation live in ``page_selectors`` (the page itself asks them, so they
cannot import it) and are re-exported here: other modules and apps import
reads from this module.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from taggit.models import Tag

from cms.accounts.models import Department
from cms.accounts.permissions import is_official
from cms.filters import choice, id_param
from cms.visibility import public_pages
from participation.models import Comment

from .page_selectors import (  # noqa: F401
    comments_on_anchors,
    consultation_page_context,
    diff_html,
    followers_to_notify,
    is_following,
    provision_labels_published,
    version_current,
    version_provisions,
    versions_published,
)
from .pages import ConsultationPage
from .status import ConsultationStatus, SubjectKind, status_filter


def _comment_count_subquery() -> Subquery:
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    counts = (
        Comment.objects.public()
        .filter(target_type=content_type, target_id=OuterRef("pk"), parent__isnull=True)
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def consultations_for_index(
    *,
    parent=None,
    status: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    department_id: int | None = None,
    now: datetime | None = None,
) -> QuerySet[ConsultationPage]:
    """Live, public consultations (below ``parent``), filtered, newest first,
    each annotated with ``comment_count`` (public top-level comments, as
    participation counts them); one query. ``topic`` is a tag's slug."""
    now = now or timezone.now()
    pages = public_pages(ConsultationPage.objects)
    if parent is not None:
        pages = pages.child_of(parent)
    if status:
        pages = pages.filter(status_filter(status, now=now))
    if kind:
        pages = pages.filter(subject_kind=kind)
    if topic:
        pages = pages.filter(tags__slug=topic)
    if department_id:
        pages = pages.filter(department_id=department_id)
    return (
        pages.select_related("department")
        .annotate(comment_count=_comment_count_subquery())
        .order_by("-opens_at", "-pk")
    )


def consultation_topics(*, parent=None) -> list[Tag]:
    """The topics (tags) of live, public consultations (below ``parent``), by
    name; one query."""
    pages = public_pages(ConsultationPage.objects)
    if parent is not None:
        pages = pages.child_of(parent)
    return list(
        Tag.objects.filter(
            consultations_consultationpagetag_items__content_object__in=pages
        )
        .distinct()
        .order_by("name")
    )


def consultations_open(
    *, now: datetime | None = None, limit: int = 6
) -> list[ConsultationPage]:
    """Consultations open for comments now, closing soonest first."""
    now = now or timezone.now()
    return list(
        consultations_for_index(status=ConsultationStatus.OPEN, now=now).order_by(
            "closes_at", "pk"
        )[:limit]
    )


def consultation_index_context(request: HttpRequest, index) -> dict:
    """Everything the consultations index shows: the consultations below
    ``index`` filtered by the GET parameters ``status``, ``kind``, ``topic``
    (a tag's slug) and ``department`` (an id); unknown values are ignored."""
    topics = consultation_topics(parent=index)
    status = choice(request.GET, "status", ConsultationStatus.values)
    kind = choice(request.GET, "kind", SubjectKind.values)
    topic = choice(request.GET, "topic", {tag.slug for tag in topics})
    department_id = id_param(request.GET, "department")
    consultations = consultations_for_index(
        parent=index,
        status=status or None,
        kind=kind or None,
        topic=topic or None,
        department_id=department_id,
    )
    return {
        "consultations": consultations,
        "statuses": ConsultationStatus.choices,
        "kinds": SubjectKind.choices,
        "topics": topics,
        "departments": Department.objects.all(),
        "selected_status": status,
        "selected_kind": kind,
        "selected_topic": topic,
        "selected_department": department_id,
        "filtered": bool(status or kind or topic or department_id),
    }


# --- officials' queue ------------------------------------------------------------
def _answerable_by(user) -> QuerySet[ConsultationPage]:
    """Live consultations whose comments ``user`` answers for the office: their
    department's, and those without a department (as
    ``permissions.official_may_answer`` decides, in one query)."""
    if not is_official(user):
        return ConsultationPage.objects.none()
    mine = Q(department__isnull=True)
    if user.department_id is not None:
        mine |= Q(department_id=user.department_id)
    return ConsultationPage.objects.live().filter(mine)


def _awaiting_response(user) -> QuerySet[Comment]:
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    return Comment.objects.public().filter(
        target_type=content_type,
        target_id__in=_answerable_by(user).values("pk"),
        parent__isnull=True,
        response__isnull=True,
    )


def awaiting_response_count(user) -> int:
    """How many public top-level comments wait for ``user``'s answer: one
    COUNT, for the site header."""
    if not is_official(user):
        return 0
    return _awaiting_response(user).count()


def awaiting_response_groups(user) -> list[tuple[ConsultationPage, list[Comment]]]:
    """The comments ``user`` should answer, oldest first, grouped by
    consultation (the group of the oldest comment first), each consultation
    with its department; two queries however many rows."""
    if not is_official(user):
        return []
    comments = list(
        _awaiting_response(user)
        .select_related("author", "on_behalf_of")
        .order_by("created_at", "pk")
    )
    pages = (
        _answerable_by(user)
        .select_related("department")
        .in_bulk({comment.target_id for comment in comments})
    )
    groups: dict[int, list[Comment]] = {}
    for comment in comments:
        groups.setdefault(comment.target_id, []).append(comment)
    return [(pages[pk], rows) for pk, rows in groups.items() if pk in pages]
