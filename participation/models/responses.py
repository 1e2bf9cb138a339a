"""The office's official responses to comments, and the decisions they
replaced."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..sanitize import TextFormat, as_typed
from .comments import Comment


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
