"""The consultation page type: one public consultation of a draft act.

The page implements the ``Commentable`` protocol of ``participation`` (see
participation/commentable.py), so the generic comment thread attaches to it and
to each provision of its draft act. It asks ``permissions`` and
``page_selectors``, which import no page class, so every import here is at the
top. The index page lists pages, so it lives above this module, in
``index_page``.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.live.registry import stream_name

from . import page_selectors, permissions
from .status import Audience, ConsultationStatus, SubjectKind, status_at

STREAM_PREFIX = "consultations.consultation"


class ConsultationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class ConsultationPage(Page):
    """One public consultation: residents and organisations comment on a draft
    act, as a whole or provision by provision, and the office answers each
    comment.

    Comments open and close by themselves at the dates set below: you may
    publish the page ahead of time. The draft act itself (its text and
    versions) is edited under "Draft acts" in the menu, or with the "Draft act"
    button at the top of this page.
    """

    subject_kind = models.CharField(
        _("subject"),
        max_length=20,
        choices=SubjectKind.choices,
        default=SubjectKind.DRAFT_RESOLUTION,
    )
    summary = RichTextField(
        _("plain-language summary"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link", "document-link"],
        help_text=_("What changes, for whom, and why — in everyday words."),
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text=_("Officials of this department answer the comments."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    audience = models.CharField(
        _("who may comment"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
    )
    opens_at = models.DateTimeField(_("comments open at"))
    closes_at = models.DateTimeField(_("comments close at"))
    report_published_at = models.DateTimeField(
        _("report published at"),
        null=True,
        blank=True,
        help_text=_("Set when the consultation report is published."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("topics"), through=ConsultationPageTag, blank=True
    )

    content_panels = [
        *Page.content_panels,
        HelpPanel(
            content=_(
                "The text of the draft act is managed under “Draft acts” in the "
                "menu (or the “Draft act” button above)."
            )
        ),
        FieldPanel("subject_kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("audience"),
                FieldPanel("report_published_at"),
            ],
            heading=_("Dates and audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("contact_name"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldPanel("legal_basis"),
            ],
            heading=_("Responsibility"),
        ),
        InlinePanel("attachments", label=_("attachments")),
        InlinePanel("related_events", label=_("related events")),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("legal_basis"),
        index.FilterField("subject_kind"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    # -- status -----------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Comments must close after they open.")}
            )

    def status_at(self, now: datetime) -> str:
        return status_at(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            report_published_at=self.report_published_at,
            now=now,
        )

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def status_label(self) -> str:
        return ConsultationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    # -- the draft act ---------------------------------------------------------

    def current_version(self):
        """The newest published version of the draft act, or None (cached)."""
        if not hasattr(self, "_current_version_cache"):
            self._current_version_cache = page_selectors.version_current(
                consultation=self
            )
        return self._current_version_cache

    def current_provisions(self) -> list:
        """Provisions of the current version, in order (cached per instance)."""
        if not hasattr(self, "_current_provisions_cache"):
            version = self.current_version()
            self._current_provisions_cache = (
                list(version.provisions.all()) if version is not None else []
            )
        return self._current_provisions_cache

    # -- Commentable (participation/commentable.py) ------------------------------

    def comment_stream(self) -> str:
        return stream_name(STREAM_PREFIX, self.pk)

    def comment_denied_reason(self, user) -> str | None:
        # The thread asks once per rendered comment: answer once per user.
        cache = self.__dict__.setdefault("_denied_reason_cache", {})
        if user.pk not in cache:
            cache[user.pk] = permissions.comment_denied_reason(user, self)
        return cache[user.pk]

    def comment_anchor_choices(self) -> list[tuple[str, str]]:
        choices = [("", str(_("Whole draft")))]
        choices.extend((str(p.key), p.label) for p in self.current_provisions())
        return choices

    def comment_anchor_label(self, anchor: str) -> str | None:
        """The provision's label in the current version; for a provision that
        a later version removed, its last label and version ("§ 4 (version 1)"),
        so old comments still say what they were about. (New comments can only
        choose from ``comment_anchor_choices``.)"""
        if not anchor:
            return ""
        for provision in self.current_provisions():
            if str(provision.key) == anchor:
                return provision.label
        earlier = self._earlier_labels().get(anchor)
        if earlier is None:
            return None
        label, number = earlier
        return _("%(label)s (version %(number)s)") % {"label": label, "number": number}

    def _earlier_labels(self) -> dict[str, tuple[str, int]]:
        if not hasattr(self, "_earlier_labels_cache"):
            self._earlier_labels_cache = page_selectors.provision_labels_published(
                consultation=self
            )
        return self._earlier_labels_cache

    def official_may_answer(self, user) -> bool:
        return permissions.official_may_answer(user, self)

    def visible_to(self, viewer) -> bool:
        return permissions.can_view(viewer, self)

    # -- rendering ---------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.consultation_page_context(request, self))
        return context


class ConsultationAttachment(Orderable):
    """A document attached to a consultation (the draft, forecasts, maps)."""

    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "cms.PublicDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class ConsultationRelatedEvent(Orderable):
    """A meeting or debate about the consultation. A plain link for now; it will
    point to pages of the events section once that exists."""

    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="related_events"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    starts_at = models.DateTimeField(_("date and time"))

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("starts_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("related event")
        verbose_name_plural = _("related events")
