"""What a user wrote in comment threads, for "download my data"."""

from django.db.models import Prefetch

from cms.visibility import viewer_for_user

from ..commentable import visible_target_for
from ..models import Comment, CommentFlag, CommentSupport, OfficialResponseRevision


def comments_for_user_export(user) -> list[dict]:
    """Everything ``user`` wrote in comment threads, for "download my data"."""
    comments = (
        Comment.objects.filter(author=user)
        .select_related("on_behalf_of", "response", "response__department")
        .prefetch_related(
            "target",
            Prefetch(
                "response__revisions",
                queryset=OfficialResponseRevision.objects.select_related("department"),
            ),
        )
        .order_by("created_at", "pk")
    )
    exported = []
    viewer = viewer_for_user(user)
    for comment in comments:
        # The person's own words always; the title of a page they may no longer
        # see (unpublished, restricted) is not theirs to take along.
        target = visible_target_for(comment, viewer)
        response = comment.get_official_response()
        exported.append(
            {
                "id": comment.pk,
                "target": str(getattr(target, "title", "")) if target else "",
                "target_type": comment.target_type.model
                if comment.target_type_id
                else "",
                "target_id": comment.target_id,
                "anchor": comment.anchor,
                "reply_to": comment.parent_id,
                "on_behalf_of": comment.on_behalf_of.name
                if comment.on_behalf_of_id
                else (comment.behalf_label or None),
                # The person's text as they typed it, and how it was shown:
                # "markdown" (text and justification; proposed wording is
                # always plain) or "plain" for comments from before Markdown.
                "text": comment.text_as_typed,
                "proposed_wording": comment.proposed_wording_as_typed,
                "justification": comment.justification_as_typed,
                "format": comment.source_format,
                "created_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat()
                if comment.edited_at
                else None,
                "deleted_at": comment.deleted_at.isoformat()
                if comment.deleted_at
                else None,
                "status": comment.status,
                "hidden_reason": comment.hidden_reason,
                "support_count": comment.support_count,
                "official_response": {
                    "decision": response.decision,
                    "reasoning": response.reasoning_as_typed,
                    "format": response.source_format,
                    "department": str(response.department or ""),
                    "updated_at": response.updated_at.isoformat(),
                    # What the office decided before, latest first.
                    "earlier_decisions": [
                        {
                            "decision": revision.decision,
                            "reasoning": revision.reasoning_as_typed,
                            "format": revision.source_format,
                            "department": str(revision.department or ""),
                            "decided_at": revision.created_at.isoformat(),
                        }
                        for revision in response.revisions.all()
                    ],
                }
                if response
                else None,
            }
        )
    return exported


def user_participation_export(user) -> dict:
    """The participation section of the account export."""
    return {
        "comments": comments_for_user_export(user),
        "supported_comments": list(
            CommentSupport.objects.filter(user=user)
            .order_by("created_at")
            .values_list("comment_id", flat=True)
        ),
        "reports": [
            {
                "comment": flag.comment_id,
                "reason": flag.reason,
                "created_at": flag.created_at.isoformat(),
            }
            for flag in CommentFlag.objects.filter(user=user).order_by("created_at")
        ],
        "organisations": [
            {"name": m.organisation.name, "verified": m.verified, "role": m.role}
            for m in user.organisation_memberships.select_related("organisation")
        ],
        "representation_requests": [
            {
                "organisation": r.organisation.name,
                "message": r.message,
                "status": r.status,
                "reason": r.reason,
                "created_at": r.created_at.isoformat(),
            }
            for r in user.representation_requests.select_related("organisation")
        ],
    }
