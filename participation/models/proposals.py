"""Policy proposals (wnioski organizacji): filed by an organisation through a
representative or by a resident, co-signed, taken up by the office, given an
opinion by a department and decided. Writes: participation.services.proposals;
the workflow's table of allowed steps: participation.permissions_proposals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..spheres import Sphere
from .organisations import Organisation


class ProposalState(models.TextChoices):
    # With a context: "accepted" and "withdrawn" already name a comment's
    # (feminine) decision; a proposal (wniosek) takes masculine forms.
    DRAFT = "draft", pgettext_lazy("proposal state", "draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("proposal state", "under review")
    OPINION_PUBLISHED = (
        "opinion_published",
        pgettext_lazy("proposal state", "opinion published"),
    )
    ACCEPTED = "accepted", pgettext_lazy("proposal state", "accepted")
    REJECTED = "rejected", pgettext_lazy("proposal state", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "withdrawn")
    IMPLEMENTED = "implemented", pgettext_lazy("proposal state", "implemented")


class ProposalConcerns(models.TextChoices):
    POLICY = "policy", _("a policy or programme")
    RESOLUTION = "resolution", _("a resolution")


class OpinionVerdict(models.TextChoices):
    POSITIVE = "positive", _("positive")
    PARTLY = "partly", _("partly positive")
    NEGATIVE = "negative", _("negative")


class Proposal(models.Model):
    """A proposal to change a local policy or resolution. Texts are stored as
    typed (``*_source``) and as clean HTML (participation.sanitize)."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    problem_source = models.TextField(blank=True)
    proposed_change = models.TextField(_("the proposed change"))
    proposed_change_source = models.TextField(blank=True)
    justification = models.TextField(_("justification"))
    justification_source = models.TextField(blank=True)
    sphere = models.CharField(_("sphere"), max_length=40, choices=Sphere.choices)
    concerns = models.CharField(
        _("concerns"), max_length=20, choices=ProposalConcerns.choices
    )
    concerns_title = models.CharField(
        _("which policy or resolution"), max_length=300, blank=True
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A closed account leaves the proposal (its co-signers signed the text,
    # not the person): it is then filed by "a former user".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    opinion_verdict = models.CharField(
        _("opinion"), max_length=10, choices=OpinionVerdict.choices, blank=True
    )
    opinion_reasoning = models.TextField(_("reasoning"), blank=True)
    opinion_reasoning_source = models.TextField(blank=True)
    opinion_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("opinion signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values),
                name="participation_proposal_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(opinion_verdict__in=["", *OpinionVerdict.values]),
                name="participation_proposal_verdict_valid",
            ),
        ]
        indexes = [models.Index(fields=["state", "sphere"])]

    def __str__(self) -> str:
        return self.title

    # -- Commentable (participation/commentable.py) --------------------------
    # The rules live in permissions_proposals; these methods only answer the
    # thread's questions with them.

    def visible_to(self, viewer) -> bool:
        from ..permissions_proposals import can_view_proposal

        return can_view_proposal(viewer.user, self)

    def comment_stream(self) -> str:
        from ..permissions_proposals import proposal_stream

        return proposal_stream(self)

    def comment_denied_reason(self, user) -> str | None:
        from ..permissions_proposals import proposal_comment_denied_reason

        cache = self.__dict__.setdefault("_denied_reason_cache", {})
        if user.pk not in cache:
            cache[user.pk] = proposal_comment_denied_reason(user, self)
        return cache[user.pk]

    def comment_anchor_choices(self) -> list[tuple[str, str]]:
        return [("", str(_("Whole proposal")))]

    def comment_anchor_label(self, anchor: str) -> str | None:
        return "" if not anchor else None

    def official_may_answer(self, user) -> bool:
        from ..permissions_proposals import is_proposal_department_official

        return is_proposal_department_official(user, self)

    def get_url(self, request=None) -> str:
        return reverse("proposals:detail", args=[self.pk])

    def get_full_url(self, request=None) -> str:
        from cms.links import absolute_url

        return absolute_url(self.get_url())


class ProposalAttachment(models.Model):
    """A file filed with a proposal. Served only by the proposal's own view,
    which asks the proposal's visibility and sends it as an attachment."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="proposals/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ProposalSignature(models.Model):
    """A co-signature: a resident for themselves, or an organisation through a
    representative (``user`` is then who signed for it). Withdrawing keeps the
    row (``withdrawn_at``); signing again reopens it, so each person and each
    organisation holds one row per proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_signatures",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposal_signatures",
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=Q(organisation__isnull=True),
                name="participation_signature_resident_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "organisation"],
                condition=Q(organisation__isnull=False),
                name="participation_signature_organisation_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.user} → #{self.proposal_id}"


class ProposalTransition(models.Model):
    """One step of the workflow: who, when, why. The public timeline."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=ProposalState.choices)
    to_state = models.CharField(max_length=20, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the step is signed with on the timeline: the organisation, or the
    # department for the office's steps.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")

    def __str__(self) -> str:
        return f"#{self.proposal_id}: {self.from_state} → {self.to_state}"


class ProposalFollow(models.Model):
    """Someone who wants an e-mail at each step of a proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_follows",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="participation_proposal_follow_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows #{self.proposal_id}"


@register_setting(icon="doc-full")
class ProposalSettings(BaseSiteSetting):
    """How many co-signatures oblige the office to take a proposal up: either
    threshold reached is enough."""

    organisations_threshold = models.PositiveIntegerField(
        _("organisations needed"), default=3
    )
    residents_threshold = models.PositiveIntegerField(
        _("residents needed"), default=100
    )

    class Meta:
        verbose_name = _("proposal thresholds")
