"""Who may do what in a comment thread. The ONLY place these rules live: views,
templates (through the participation_tags library), services and consumers ask
these functions.

Facts about the user that need the database (verified e-mail, organisations,
roles) come from cms.accounts.permissions and its one cache on the user object,
so a thread of 500 comments asks each question once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.permissions import (
    cached_fact,
    has_verified_email,
    is_moderator,
    is_official,
    is_signed_in,
)

from .commentable import target_for
from .models import Organisation, OrganisationMembership, RepresentativeRole


def organisations_for(user) -> list:
    """Verified organisations ``user`` is a verified representative of."""
    if not is_signed_in(user):
        return []
    return cached_fact(
        user,
        "participation.organisations",
        lambda: list(
            Organisation.objects.filter(
                verified=True,
                memberships__user=user,
                memberships__verified=True,
            )
            .distinct()
            .order_by("name")
        ),
    )


def acts_for_organisation(user) -> bool:
    """True if ``user`` represents at least one verified NGO (the "NGOs only"
    audience of consultations asks this)."""
    return bool(organisations_for(user))


# --- representatives ------------------------------------------------------------
def is_organisations_staff(user) -> bool:
    """The office's people who look after organisations: officials (the NGO
    cooperation office) and Django staff. They decide representation requests
    of any organisation, above all of one left without an admin."""
    return is_official(user) or (is_signed_in(user) and bool(user.is_staff))


def memberships_of(user) -> dict:
    """{organisation id: verified membership} of ``user``, one query per user."""
    if not is_signed_in(user):
        return {}
    return cached_fact(
        user,
        "participation.memberships",
        lambda: {
            m.organisation_id: m
            for m in OrganisationMembership.objects.filter(user=user, verified=True)
        },
    )


def is_organisation_admin(user, organisation) -> bool:
    membership = memberships_of(user).get(organisation.pk)
    return membership is not None and membership.role == RepresentativeRole.ADMIN


def can_manage_representatives(user, organisation) -> bool:
    """Decide requests, change roles, remove representatives, read the log: the
    organisation's admin representatives and staff."""
    return is_organisation_admin(user, organisation) or is_organisations_staff(user)


def can_see_representation_log(user, organisation) -> bool:
    return can_manage_representatives(user, organisation)


def representation_request_denied_reason(user, organisation) -> str | None:
    """None if ``user`` may ask to represent ``organisation`` now, else why not.
    (A second pending request is refused by the service: it needs the row.)"""
    if not is_signed_in(user):
        return _("Log in to ask to represent an organisation.")
    if not has_verified_email(user):
        return _("Confirm your e-mail address to ask to represent an organisation.")
    if organisation.pk in memberships_of(user):
        return _("You already represent this organisation.")
    return None


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_see_hidden_text(user) -> bool:
    return can_moderate(user)


def comment_denied_reason(user, target) -> str | None:
    """None if ``user`` may comment on ``target`` now, else a reason to show."""
    if not is_signed_in(user):
        return _("Log in to comment.")
    if not has_verified_email(user):
        return _("Confirm your e-mail address to comment.")
    return target.comment_denied_reason(user)


def can_comment(user, target) -> bool:
    return comment_denied_reason(user, target) is None


@dataclass(frozen=True)
class ThreadPermissions:
    """What the viewer may do on one target's thread, computed once per page."""

    user: object
    signed_in: bool
    verified: bool
    denied_reason: str | None
    moderator: bool
    may_answer: bool

    @property
    def may_comment(self) -> bool:
        return self.denied_reason is None


def thread_permissions(user, target) -> ThreadPermissions:
    signed_in = is_signed_in(user)
    return ThreadPermissions(
        user=user,
        signed_in=signed_in,
        verified=has_verified_email(user),
        denied_reason=comment_denied_reason(user, target),
        moderator=can_moderate(user),
        may_answer=signed_in and bool(target.official_may_answer(user)),
    )


# --- rules on one comment ---------------------------------------------------------
def _is_author(user, comment) -> bool:
    return is_signed_in(user) and comment.author_id == user.pk


def _is_live(comment) -> bool:
    return not comment.is_deleted and not comment.is_hidden


def _reply_allowed(perms: ThreadPermissions, comment) -> bool:
    if not perms.may_comment or not _is_live(comment):
        return False
    # A reply to a reply joins the top-level comment's replies, which must be live.
    parent = comment.parent if comment.parent_id else None
    return parent is None or _is_live(parent)


def _support_allowed(perms: ThreadPermissions, comment) -> bool:
    # Supporting is taking part: allowed while the viewer may comment.
    return (
        perms.may_comment and _is_live(comment) and not _is_author(perms.user, comment)
    )


def _respond_allowed(perms: ThreadPermissions, comment) -> bool:
    return perms.may_answer and comment.parent_id is None and _is_live(comment)


def can_reply(user, comment, target=None) -> bool:
    target = target if target is not None else target_for(comment)
    return _reply_allowed(thread_permissions(user, target), comment)


def edit_deadline(comment):
    """The moment editing ``comment`` closes (COMMENT_EDIT_WINDOW_SECONDS after
    it was written)."""
    return comment.created_at + timedelta(seconds=settings.COMMENT_EDIT_WINDOW_SECONDS)


def can_edit_comment(user, comment) -> bool:
    """Authors fix their own live comment for a short while, and not once the
    office has answered it (the answer must match what was written)."""
    if not _is_author(user, comment) or not _is_live(comment):
        return False
    if timezone.now() > edit_deadline(comment):
        return False
    return comment.parent_id is not None or comment.get_official_response() is None


def can_delete_comment(user, comment) -> bool:
    return _is_author(user, comment) and not comment.is_deleted


def can_support(user, comment, target=None) -> bool:
    target = target if target is not None else target_for(comment)
    return _support_allowed(thread_permissions(user, target), comment)


def can_flag(user, comment) -> bool:
    return (
        has_verified_email(user) and not _is_author(user, comment) and _is_live(comment)
    )


def can_hide(user, comment) -> bool:
    return can_moderate(user) and not comment.is_hidden and not comment.is_deleted


def can_unhide(user, comment) -> bool:
    return can_moderate(user) and comment.is_hidden


def can_respond_officially(user, comment, target=None) -> bool:
    """Top-level, live comments; the target decides which officials answer."""
    if comment.parent_id is not None or not _is_live(comment):
        return False
    if not is_signed_in(user):
        return False
    target = target if target is not None else target_for(comment)
    return target is not None and bool(target.official_may_answer(user))


@dataclass(frozen=True)
class CommentPermissions:
    reply: bool
    edit: bool
    delete: bool
    support: bool
    flag: bool
    hide: bool
    unhide: bool
    see_text: bool
    respond: bool


def comment_permissions(perms: ThreadPermissions, comment) -> CommentPermissions:
    """Every action button of one comment, from the thread's permissions: no
    further database queries."""
    user = perms.user
    return CommentPermissions(
        reply=_reply_allowed(perms, comment),
        edit=can_edit_comment(user, comment),
        delete=can_delete_comment(user, comment),
        support=_support_allowed(perms, comment),
        # Reported once is enough: the selectors annotate ``viewer_flagged``.
        flag=perms.verified
        and can_flag(user, comment)
        and not getattr(comment, "viewer_flagged", False),
        hide=perms.moderator and can_hide(user, comment),
        unhide=perms.moderator and can_unhide(user, comment),
        see_text=not comment.is_deleted and (not comment.is_hidden or perms.moderator),
        respond=_respond_allowed(perms, comment),
    )


def public_comment_permissions(comment) -> CommentPermissions:
    """The controls some reader may have on ``comment``, for the HTML every
    reader of a live event shares: each page keeps those its reader has
    (thread.js, from the page's ``data-reader-*``); the server checks again on
    every action. Moderators' and officials' controls are not in it: they fetch
    their own rendering."""
    live = _is_live(comment)
    parent = comment.parent if comment.parent_id else None
    return CommentPermissions(
        reply=live and (parent is None or _is_live(parent)),
        edit=live,
        delete=not comment.is_deleted,
        support=live,
        flag=live,
        hide=False,
        unhide=False,
        see_text=live,
        respond=False,
    )
