"""Reads of the consultations app: annotated querysets with a constant number of
queries, whatever the number of consultations, provisions or comments."""

from __future__ import annotations

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from participation.models import Comment

from .models import (
    ConsultationFollow,
    ConsultationPage,
    DraftActVersion,
    Provision,
)
from .pages import ConsultationStatus, status_filter


def _public_comments():
    """Comments that count: visible, not withdrawn by their author."""
    return Comment.objects.public()


def _comment_count_subquery() -> Subquery:
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    counts = (
        _public_comments()
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
    pages = ConsultationPage.objects.live().public()
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
    pages = ConsultationPage.objects.live().public()
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


def versions_published(*, consultation: ConsultationPage) -> list[DraftActVersion]:
    """Published versions of the consultation's draft act, oldest first."""
    return list(
        DraftActVersion.objects.filter(act__consultation=consultation, published=True)
        .select_related("act")
        .order_by("number")
    )


def version_current(*, consultation: ConsultationPage) -> DraftActVersion | None:
    """The newest published version, the one residents comment on."""
    return (
        DraftActVersion.objects.filter(act__consultation=consultation, published=True)
        .select_related("act")
        .order_by("-number")
        .first()
    )


def version_provisions(*, version: DraftActVersion) -> list[Provision]:
    return list(Provision.objects.filter(version=version).order_by("position"))


def provision_labels_published(
    *, consultation: ConsultationPage
) -> dict[str, tuple[str, int]]:
    """Last label and version number of every provision key ever published."""
    rows = (
        Provision.objects.filter(
            version__act__consultation=consultation, version__published=True
        )
        .order_by("version__number", "position")
        .values_list("key", "label", "version__number")
    )
    return {str(key): (label, number) for key, label, number in rows}


def comments_on_anchors(
    *,
    consultation: ConsultationPage,
    anchors: list[str],
    since: datetime | None,
    until: datetime | None,
) -> dict[str, list]:
    """Visible top-level comments on the given provisions written between two
    moments (the publication of two versions), grouped by anchor; one query."""
    if not anchors:
        return {}
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    comments = _public_comments().filter(
        target_type=content_type,
        target_id=consultation.pk,
        anchor__in=anchors,
        parent__isnull=True,
    )
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    if until is not None:
        comments = comments.filter(created_at__lt=until)
    grouped: dict[str, list] = {}
    for comment in comments.select_related("author").order_by("created_at", "pk"):
        grouped.setdefault(comment.anchor, []).append(comment)
    return grouped


def is_following(*, user, consultation: ConsultationPage) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ConsultationFollow.objects.filter(
        user=user, consultation=consultation
    ).exists()


def followers_to_notify(*, consultation: ConsultationPage) -> list:
    """Followers who want e-mails about followed consultations and can get them:
    active, not deleted, with a verified address."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return list(
        get_user_model()
        .objects.filter(
            consultation_follows__consultation=consultation,
            notify_followed=True,
            is_active=True,
            deleted_at__isnull=True,
        )
        .filter(Exists(verified))
        .order_by("pk")
    )
