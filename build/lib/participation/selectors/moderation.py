"""Reads of the moderation queue: reported, recent and hidden comments and the
moderators' log."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Comment, CommentFlag, CommentStatus, ModerationLogEntry


def _moderation_queryset() -> QuerySet:
    return Comment.objects.select_related(
        "author", "on_behalf_of", "hidden_by"
    ).prefetch_related("target")


def comments_flagged() -> list[Comment]:
    """Comments with unresolved reports, most reported first, each with
    ``open_flags`` (the reports, reporter loaded) and ``open_flag_count``."""
    open_flags = CommentFlag.objects.filter(resolved=False)
    return list(
        _moderation_queryset()
        .filter(flags__resolved=False)
        .annotate(open_flag_count=Count("flags", filter=Q(flags__resolved=False)))
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("user"),
                to_attr="open_flags",
            )
        )
        .order_by("-open_flag_count", "-created_at")
    )


def comments_recent(*, limit: int = 50) -> list[Comment]:
    return list(_moderation_queryset().order_by("-created_at", "-pk")[:limit])


def comments_hidden(*, limit: int = 100) -> list[Comment]:
    return list(
        _moderation_queryset()
        .filter(status=CommentStatus.HIDDEN)
        .order_by("-hidden_at", "-pk")[:limit]
    )


def moderation_log(*, limit: int = 50) -> list[ModerationLogEntry]:
    return list(
        ModerationLogEntry.objects.select_related(
            "moderator", "comment__author", "target_type"
        ).order_by("-created_at", "-pk")[:limit]
    )


def open_flag_count() -> int:
    """Reports no moderator has dealt with yet: one COUNT, for the header."""
    return CommentFlag.objects.filter(resolved=False).count()
