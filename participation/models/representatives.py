"""Representatives: the users who may act on an organisation's behalf, the
requests to become one, and the log of every step.

A request (``RepresentationRequest``) is decided by the organisation's admin
representatives or by staff; approving it creates the ``OrganisationMembership``
(verified, role "member" unless the decider says otherwise). Leaving and removal
delete the membership: the log keeps the history, so a person may ask again later.
Writes go through participation.services.representatives.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

REQUEST_MESSAGE_MAX_LENGTH = 1000
DECISION_REASON_MAX_LENGTH = 1000


class RepresentativeRole(models.TextChoices):
    # Admins decide requests, change roles and remove representatives; members
    # act on the organisation's behalf. Both are verified representatives.
    ADMIN = "admin", _("admin")
    MEMBER = "member", _("member")


class OrganisationMembership(models.Model):
    """A user representing an organisation; only verified ones may act for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    verified = models.BooleanField(_("verified"), default=False)
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=RepresentativeRole.choices,
        default=RepresentativeRole.MEMBER,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="participation_membership_unique",
            ),
            models.CheckConstraint(
                condition=Q(role__in=RepresentativeRole.values),
                name="participation_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.verified and self.role == RepresentativeRole.ADMIN


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RepresentationRequest(models.Model):
    """A user asking to represent an organisation. At most one pending request
    per person and organisation (a database constraint); decided ones stay, so
    the requester sees the reason of a refusal."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="representation_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="representation_requests",
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
    )
    reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("representation request")
        verbose_name_plural = _("representation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="participation_reprequest_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="participation_reprequest_status_valid",
            ),
            # A refusal always tells the requester why.
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="participation_reprequest_refusal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class RepresentationAction(models.TextChoices):
    REQUESTED = "requested", _("asked to represent")
    WITHDRAWN = "withdrawn", _("withdrew the request")
    APPROVED = "approved", _("approved the request")
    REFUSED = "refused", _("refused the request")
    PROMOTED = "promoted", _("made an admin")
    DEMOTED = "demoted", _("made a member")
    REMOVED = "removed", _("removed the representative")
    LEFT = "left", _("stopped representing")
    ACCOUNT_DELETED = "account_deleted", _("deleted their account")


class RepresentationLogEntry(models.Model):
    """One step about an organisation's representatives: who did what, when, to
    whom. No names are copied: accounts are anonymised, not deleted, so the log
    shows "Deleted user" for a deleted account and keeps no personal data of it.
    Shown to the organisation's admins and staff only."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="representation_log",
    )
    action = models.CharField(
        _("action"), max_length=20, choices=RepresentationAction.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about whom"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("representatives log entry")
        verbose_name_plural = _("representatives log")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.organisation_id} {self.action}"
