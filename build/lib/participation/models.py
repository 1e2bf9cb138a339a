"""The generic comment thread: comments on any Commentable target, replies one
level deep, supports, flags, moderation and the office's official responses.

Writes go through participation.services; these models hold no business logic.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sanitize import TextFormat, as_typed


class Organisation(models.Model):
    """A non-governmental organisation whose representatives may comment on its
    behalf. Minimal for now: the organisations feature extends it (NIP, REGON...)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    krs = models.CharField(_("KRS number"), max_length=10, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


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
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="participation_membership_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


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
        try:
            return self.response
        except OfficialResponse.DoesNotExist:
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


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("not accepted")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class OfficialDecision(models.Model):
    """What the office decided on a comment and why: the current answer
    (``OfficialResponse``) and each earlier one (``OfficialResponseRevision``)."""

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasoning = models.TextField(_("reasoning"))
    reasoning_source = models.TextField(_("reasoning as typed"), blank=True)
    source_format = models.CharField(
        _("format"),
        max_length=10,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
    )

    class Meta:
        abstract = True

    @property
    def reasoning_as_typed(self) -> str:
        return as_typed(self.reasoning_source, self.reasoning)


class OfficialResponse(OfficialDecision):
    """The office's answer to a top-level comment, signed by a department.
    ``reasoning`` is sanitised HTML, ``reasoning_source`` what the official typed
    in ``source_format`` (as on Comment)."""

    comment = models.OneToOneField(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    # Officials without a department may still answer targets that have none
    # (see Commentable.official_may_answer); the signature then names the office.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="official_responses",
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="official_responses",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="participation_response_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(source_format__in=TextFormat.values),
                name="participation_response_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} (#{self.comment_id})"


class OfficialResponseRevision(OfficialDecision):
    """An earlier decision of the office on a comment, kept when the response is
    changed (services.official_response_publish): the public comment says it was
    changed and lists what was decided before, and why."""

    response = models.ForeignKey(
        OfficialResponse,
        verbose_name=_("official response"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When this decision was published (the response's updated_at back then).
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("earlier decision")
        verbose_name_plural = _("earlier decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="participation_revision_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} (#{self.response_id})"
