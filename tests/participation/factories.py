"""Quick ways to put comments in the database for tests. Services are used where
the behaviour matters; ``comment_row`` writes a row directly (for volume)."""

from django.contrib.contenttypes.models import ContentType

from participation.models import Comment
from participation.sanitize import text_to_html


def comment_row(target, author, text="Uwaga", **fields) -> Comment:
    """An unsaved Comment on ``target`` (for bulk_create)."""
    return Comment(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        author=author,
        text=text_to_html(text),
        **fields,
    )


def make_comment(target, author, text="Uwaga", **fields) -> Comment:
    comment = comment_row(target, author, text, **fields)
    comment.save()
    return comment
