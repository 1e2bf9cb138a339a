"""Background tasks of the comment thread: the e-mails of ``notifications``.

Each task takes ids, loads the rows afresh and sends at most one message. A mail
server failure fails the task: the worker logs it with its traceback and the failed
result stays in the task table (`/django-admin/`, "Task Results"). Nothing retries
it: the tasks API has no retry, and one lost notice about a comment costs less than
the duplicates a blind retry could send.
"""

from django_tasks import task

from .models import Comment, OfficialResponse, RepresentationRequest
from .notifications import (
    moderation_message,
    reply_message,
    representation_decision_message,
    response_message,
)


def _send(message) -> bool:
    if message is None:
        return False
    message.send()
    return True


@task()
def reply_notice_send(*, reply_id: int) -> bool:
    """Mail the parent comment's author about reply ``reply_id``; True if sent."""
    reply = (
        Comment.objects.select_related(
            "author", "on_behalf_of", "parent__author", "target_type"
        )
        .filter(pk=reply_id)
        .first()
    )
    return reply is not None and _send(reply_message(reply))


@task()
def response_notice_send(*, response_id: int, updated: bool) -> bool:
    """Mail the comment's author about the office's response; True if sent."""
    response = (
        OfficialResponse.objects.select_related(
            "comment__author", "comment__target_type", "department"
        )
        .filter(pk=response_id)
        .first()
    )
    return response is not None and _send(response_message(response, updated=updated))


@task()
def moderation_notice_send(*, comment_id: int, hidden: bool) -> bool:
    """Mail the author that a moderator hid or restored comment ``comment_id``;
    True if sent."""
    comment = (
        Comment.objects.select_related("author", "target_type")
        .filter(pk=comment_id)
        .first()
    )
    return comment is not None and _send(moderation_message(comment, hidden=hidden))


@task()
def representation_decision_send(*, request_id: int) -> bool:
    """Mail the requester the decision on their representation request (with
    the reason of a refusal); True if sent."""
    request = (
        RepresentationRequest.objects.select_related("user", "organisation")
        .filter(pk=request_id)
        .first()
    )
    return request is not None and _send(representation_decision_message(request))
