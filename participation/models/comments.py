"""Comments on any Commentable target, replies one level deep, and supports."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..sanitize import TextFormat, as_typed
from .organisations import Organisation


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden")


class CommentQuerySet(models.QuerySet):
    def for_target(self, target) -> "CommentQuerySet":
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(target_type=content_type, target_id=target.pk)

    def public(self) -> "CommentQuerySet":
        """Comments that count: visible and not withdrawn by their author."""
        return self.filter(status=CommentStatus.VISIBLE, deleted_at__isnull=True)


class Comment(models.Model):
    """A comment on a target (a whole draft act, or one provision via ``anchor``),
    or a reply to a top-level comment. Text fields hold sanitised HTML, shown as
    is; each ``*_source`` holds what the author typed, for edit forms and exports.
    ``source_format`` says how text and justification were rendered (Markdown
    since it exists, "plain" for comments written before); proposed wording is
    always plain text (participation.sanitize)."""

    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    anchor = models.CharField(
        _("provision"),
        max_length=64,
        blank=True,
        help_text=_("Empty: the comment is about the whole document."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    # A group the comment speaks for that is no organisation, e.g. a citizen
    # café whose ideas a facilitator sends on ("W imieniu kawiarenki
    # obywatelskiej …"); set only by the services of the app the group
    # belongs to, never from a form. ``behalf_url`` links back to it.
    behalf_label = models.CharField(
        _("on behalf of (group)"), max_length=200, blank=True
    )
    behalf_url = models.CharField(_("link to the group"), max_length=500, blank=True)
    text = models.TextField(_("comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    # Empty on rows stored before sources were kept: ``*_as_typed`` then
    # recovers the text from the HTML.
    text_source = models.TextField(_("comment as typed"), blank=True)
    proposed_wording_source = models.TextField(
        _("proposed wording as typed"), blank=True
    )
    justification_source = models.TextField(_("justification as typed"), blank=True)
    # The default is the legacy format, so the migration marks existing rows
    # "plain"; services write "markdown".
    source_format = models.CharField(
        _("format"),
        max_length=10,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by author at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.VISIBLE,
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # Kept by services.comment_support, so threads sort by it without a join.
    support_count = models.PositiveIntegerField(_("supports"), default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "status"],
                name="participation_target_status",
            ),
            models.Index(
                fields=["target_type", "target_id", "anchor"],
                name="participation_target_anchor",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values),
                name="participation_comment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.HIDDEN) | ~Q(hidden_reason=""),
                name="participation_hidden_comment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(source_format__in=TextFormat.values),
                name="participation_comment_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} by {self.author_id}"

    @property
    def text_as_typed(self) -> str:
        return as_typed(self.text_source, self.text)

    @property
    def proposed_wording_as_typed(self) -> str:
        return as_typed(self.proposed_wording_source, self.proposed_wording)

    @property
    def justification_as_typed(self) -> str:
        return as_typed(self.justification_source, self.justification)

    @property
    def is_hidden(self) -> bool:
        return self.status == CommentStatus.HIDDEN

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    def get_official_response(self):
        """The response, or None; without a query when select_related."""
        # The reverse one-to-one's own exception: responses import this module.
        try:
            return self.response
        except type(self).response.RelatedObjectDoesNotExist:
            return None


class CommentSupport(models.Model):
    """One person backing a comment ("popieram")."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="comment_supports",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="participation_support_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports #{self.comment_id}"
