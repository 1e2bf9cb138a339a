"""Draft acts as structure, followers and sent notices.

They point at the consultation page by name ("consultations.ConsultationPage"),
so this module imports no page: the page and the selectors it asks can import
these models without a cycle. Import models from ``consultations.models``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftAct(models.Model):
    """The act under consultation, e.g. "Projekt uchwały w sprawie ...". Its text
    lives in numbered versions; residents comment on the newest published one."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="draft_act",
    )
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("draft act")
        verbose_name_plural = _("draft acts")

    def __str__(self) -> str:
        return self.title


class DraftActVersion(models.Model):
    """One version of the draft act's text. Unpublished versions are drafts the
    editors still work on; published ones are public and never change."""

    act = models.ForeignKey(
        DraftAct,
        verbose_name=_("draft act"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("what changed"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["act", "number"]
        verbose_name = _("draft act version")
        verbose_name_plural = _("draft act versions")
        constraints = [
            models.UniqueConstraint(
                fields=["act", "number"], name="consultations_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.act} (v{self.number})"


class Provision(models.Model):
    """One editorial unit of a version (§, ustęp, punkt, litera, preamble).

    ``key`` identifies "the same" provision across versions: comments attach to
    the key (``Comment.anchor``), so they follow a provision that was reworded
    or renumbered.
    """

    version = models.ForeignKey(
        DraftActVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="provisions",
    )
    position = models.PositiveIntegerField(_("position"))
    key = models.UUIDField(_("key"), default=uuid.uuid4)
    label = models.CharField(_("label"), max_length=120)
    heading = models.TextField(_("heading"), blank=True)
    text = models.TextField(_("text"), blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=0)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="consultations_provision_key_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "position"],
                name="consultations_provision_position_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        return str(self.key)


class ConsultationFollow(models.Model):
    """A user who wants e-mails about a consultation (opening, new versions,
    closing, report)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consultation_follows",
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation follower")
        verbose_name_plural = _("consultation followers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "consultation"], name="consultations_follow_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.consultation}"


class NoticeKind:
    OPENED = "opened"
    CLOSED = "closed"
    REPORT = "report"

    @staticmethod
    def version(number: int) -> str:
        return f"version-{number}"


class ConsultationNotice(models.Model):
    """A notification to the followers, recorded when it is decided (which makes
    sending idempotent) and delivered by a background task."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=40)
    version = models.ForeignKey(
        DraftActVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the notice was decided and queued; the e-mails leave from the worker.
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # The user id of the last follower mailed, in id order: a delivery interrupted
    # by the mail server resumes after it instead of mailing everyone again.
    delivered_through = models.PositiveBigIntegerField(
        _("delivered through user id"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("consultation notice")
        verbose_name_plural = _("consultation notices")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind"], name="consultations_notice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} {self.kind}"
