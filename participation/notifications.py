"""E-mails about comments, in Polish.

Services enqueue a task after commit (``participation.tasks``); the task loads the
rows afresh and asks this module for the message. Deciding whether to mail happens
then, on the current state: a recipient who opted out meanwhile, a reply deleted or
hidden before the worker got to it, or a comment restored before its "hidden" notice
left, gets no mail.
"""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.links import absolute_url

from .commentable import target_for
from .models import Comment, CommentStatus, OfficialResponse, RequestStatus
from .selectors.threads import COMMENT_PARAM

logger = logging.getLogger(__name__)

EMAIL_LANGUAGE = "pl"


def comment_url(target, comment) -> str:
    """Absolute link to ``comment`` on its target's page, on whichever page of
    the thread holds it when followed."""
    url = absolute_url(target)
    return f"{url}?{COMMENT_PARAM}={comment.pk}#comment-{comment.pk}"


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active and user.deleted_at is None


def _message(recipient, subject: str, template: str, context: dict) -> EmailMessage:
    body = render_to_string(template, {"recipient": recipient, **context})
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def reply_message(reply: Comment) -> EmailMessage | None:
    """The parent comment's author hears about a reply, if they want to know."""
    parent = reply.parent
    if parent is None or reply.deleted_at or reply.status != CommentStatus.VISIBLE:
        return None
    recipient = parent.author
    if (
        recipient.pk == reply.author_id
        or not recipient.notify_replies
        or not _can_receive(recipient)
    ):
        return None
    target = target_for(reply)
    if target is None:
        return None
    with translation.override(EMAIL_LANGUAGE):
        return _message(
            recipient,
            _("New reply to your comment"),
            "participation/emails/reply.txt",
            {
                "author_name": _author_label(reply),
                "target_title": getattr(target, "title", ""),
                "reply_text": reply.text_as_typed,
                "url": comment_url(target, reply),
            },
        )


def response_message(
    response: OfficialResponse, *, updated: bool
) -> EmailMessage | None:
    """The comment's author hears that the office answered (or changed its answer)."""
    comment = response.comment
    recipient = comment.author
    if not recipient.notify_responses or not _can_receive(recipient):
        return None
    target = target_for(comment)
    if target is None:
        return None
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("The office changed its response to your comment")
            if updated
            else _("The office responded to your comment")
        )
        return _message(
            recipient,
            subject,
            "participation/emails/response.txt",
            {
                "target_title": getattr(target, "title", ""),
                "decision": response.get_decision_display(),
                "reasoning": response.reasoning_as_typed,
                "department": response.department,
                "comment_text": comment.text_as_typed,
                "url": comment_url(target, comment),
                "updated": updated,
            },
        )


def moderation_message(comment: Comment, *, hidden: bool) -> EmailMessage | None:
    """The author hears that a moderator hid (with the reason) or restored their
    comment. Sent whatever their preferences: it is about their own contribution."""
    recipient = comment.author
    if not _can_receive(recipient):
        return None
    if (comment.status == CommentStatus.HIDDEN) != hidden:
        # Undone before the worker got here; the notice of the undoing follows.
        return None
    target = target_for(comment)
    if target is None:
        return None
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("A moderator hid your comment")
            if hidden
            else _("Your comment is visible again")
        )
        return _message(
            recipient,
            subject,
            "participation/emails/hidden.txt"
            if hidden
            else "participation/emails/unhidden.txt",
            {
                "target_title": getattr(target, "title", ""),
                "reason": comment.hidden_reason,
                "comment_text": comment.text_as_typed,
                "url": comment_url(target, comment),
            },
        )


def _author_label(comment) -> str:
    if comment.on_behalf_of_id:
        return _("%(name)s on behalf of %(organisation)s") % {
            "name": comment.author.public_name,
            "organisation": comment.on_behalf_of.name,
        }
    return comment.author.public_name


def representation_decision_message(request) -> EmailMessage | None:
    """The requester hears whether they now represent the organisation, and why
    not if refused. Sent whatever their preferences: they asked."""
    recipient = request.user
    if request.status not in (RequestStatus.APPROVED, RequestStatus.REFUSED):
        return None
    if not _can_receive(recipient):
        return None
    approved = request.status == RequestStatus.APPROVED
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("You now represent %(organisation)s")
            if approved
            else _("Your request to represent %(organisation)s was refused")
        ) % {"organisation": request.organisation.name}
        return _message(
            recipient,
            subject,
            "participation/emails/representation_decision.txt",
            {
                "approved": approved,
                "organisation": request.organisation.name,
                "reason": request.reason,
                "url": absolute_url(reverse("my_organisations")),
            },
        )
