"""E-mails about comments, in Polish, sent only once the write has committed.

Services call ``schedule_*``: the message is rendered inside the transaction (the
data is at hand) and handed to ``transaction.on_commit``, so a rolled-back write
never mails anyone.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cms.links import absolute_url

from .sanitize import html_to_text

logger = logging.getLogger(__name__)

EMAIL_LANGUAGE = "pl"


def comment_url(target, comment) -> str:
    """Absolute link to ``comment`` on its target's page."""
    return absolute_url(target, fragment=f"comment-{comment.pk}")


def _can_receive(user) -> bool:
    return bool(user.email) and user.is_active and user.deleted_at is None


def _schedule(recipient, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, {"recipient": recipient, **context})
    address = recipient.email

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

    # robust: a mail server hiccup must not turn a saved comment into an error.
    transaction.on_commit(send, robust=True)


def schedule_reply_notice(*, reply, parent, target) -> None:
    """Tells the parent comment's author about a reply, if they want to know."""
    recipient = parent.author
    if (
        recipient.pk == reply.author_id
        or not recipient.notify_replies
        or not _can_receive(recipient)
    ):
        return
    with translation.override(EMAIL_LANGUAGE):
        _schedule(
            recipient,
            _("New reply to your comment"),
            "participation/emails/reply.txt",
            {
                "author_name": _author_label(reply),
                "target_title": getattr(target, "title", ""),
                "reply_text": html_to_text(reply.text),
                "url": comment_url(target, reply),
            },
        )


def schedule_response_notice(*, response, target, updated: bool) -> None:
    """Tells the comment's author that the office answered (or changed its answer)."""
    comment = response.comment
    recipient = comment.author
    if not recipient.notify_responses or not _can_receive(recipient):
        return
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("The office changed its response to your comment")
            if updated
            else _("The office responded to your comment")
        )
        _schedule(
            recipient,
            subject,
            "participation/emails/response.txt",
            {
                "target_title": getattr(target, "title", ""),
                "decision": response.get_decision_display(),
                "reasoning": html_to_text(response.reasoning),
                "department": response.department,
                "comment_text": html_to_text(comment.text),
                "url": comment_url(target, comment),
                "updated": updated,
            },
        )


def schedule_moderation_notice(*, comment, target, hidden: bool) -> None:
    """Tells the author that a moderator hid (with the reason) or restored their
    comment. Always sent: it is a notice about their own contribution."""
    recipient = comment.author
    if not _can_receive(recipient):
        return
    with translation.override(EMAIL_LANGUAGE):
        subject = (
            _("A moderator hid your comment")
            if hidden
            else _("Your comment is visible again")
        )
        _schedule(
            recipient,
            subject,
            "participation/emails/hidden.txt"
            if hidden
            else "participation/emails/unhidden.txt",
            {
                "target_title": getattr(target, "title", ""),
                "reason": comment.hidden_reason,
                "comment_text": html_to_text(comment.text),
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
