"""Flags readers raise and the moderation log of what moderators did (of
comments, live questions, and whatever else is moderated)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .comments import Comment


class FlagCategory(models.TextChoices):
    """The preset reasons for reporting a comment; "other" needs words."""

    SPAM = "spam", _("spam or advertising")
    OFFENSIVE = "offensive", _("offensive or abusive")
    OFF_TOPIC = "off_topic", _("off topic")
    PERSONAL_DATA = "personal_data", _("reveals personal data")
    OTHER = "other", _("something else")


class CommentFlag(models.Model):
    """A report that a comment breaks the rules, for the moderators: a preset
    ``category`` and the reporter's own words (required for "other")."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="comment_flags",
    )
    # Reports from before the presets existed are "other", with their words.
    category = models.CharField(
        _("kind of problem"),
        max_length=20,
        choices=FlagCategory.choices,
        default=FlagCategory.OTHER,
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="participation_flag_unique"
            ),
            models.CheckConstraint(
                condition=Q(category__in=FlagCategory.values),
                name="participation_flag_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} reported #{self.comment_id}"


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("hiding")
    UNHIDE = "unhide", _("restoring")
    DISMISS_FLAGS = "dismiss_flags", _("dismissing reports")
    PIN = "pin", _("pinning")
    UNPIN = "unpin", _("unpinning")
    MARK_ANSWERED = "mark_answered", _("marking answered")


class ModerationLogEntry(models.Model):
    """Who did what to which moderated thing, and why: the one moderation audit
    trail, for comments, an event's questions and whatever is moderated later.

    ``target`` (content type and id) names the thing. Comment entries also
    keep their ``comment`` foreign key, so the queue's reads (and the rows from
    before the log was generic) work as they did; a check constraint keeps
    the two in step.
    """

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_log",
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of content"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("content id"))
    target = GenericForeignKey("target_type", "target_id")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(
        _("action"), max_length=20, choices=ModerationAction.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values),
                name="participation_moderation_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(comment__isnull=True) | Q(target_id=F("comment_id")),
                name="participation_moderation_comment_is_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type_id}#{self.target_id}"

    def save(self, *args, **kwargs):
        # The comment services create entries with ``comment=`` only; the
        # generic target follows from it (not business logic: the same fact
        # twice, which the check constraint also guards).
        if self.comment_id is not None and not self.target_id:
            self.target_type = ContentType.objects.get_for_model(Comment)
            self.target_id = self.comment_id
        super().save(*args, **kwargs)
