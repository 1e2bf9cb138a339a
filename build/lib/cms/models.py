"""Generic Wagtail pages of the site shell and the public document library."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .filters import choice, year_param
from .pagination import page_links


class DocumentKind(models.TextChoices):
    # With a context: "Order" is also Wagtail's word for sort order, and an
    # unqualified translation would rename that too.
    RESOLUTION = "resolution", pgettext_lazy("document kind", "Resolution")
    ORDER = "order", pgettext_lazy("document kind", "Order")
    COOPERATION_PROGRAMME = (
        "programme",
        pgettext_lazy("document kind", "Cooperation programme"),
    )
    ANNOUNCEMENT = "announcement", pgettext_lazy("document kind", "Announcement")
    REPORT = "report", pgettext_lazy("document kind", "Report")
    FORM = "form", pgettext_lazy("document kind", "Form")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class PublicDocument(AbstractDocument):
    """A document in the library: resolutions, orders, programmes, announcements.

    The kind and year drive the filters of the documents hub ("jedno okienko").
    """

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.OTHER,
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    admin_form_fields = (*Document.admin_form_fields, "kind", "year", "description")

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("year"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class HomePage(Page):
    """The municipality's home page: open consultations, upcoming events, latest
    results and news are filled in automatically; you write the welcome text."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .home import home_sections
        from .navigation import section_url
        from .selectors import news_latest, whatsnew_latest
        from .services import whatsnew_kind_labels

        context = super().get_context(request, *args, **kwargs)
        whatsnew_seq, whatsnew_items = whatsnew_latest(10)
        context.update(
            home_sections=home_sections(request),
            latest_news=news_latest(limit=3),
            news_index_url=section_url(request, "aktualnosci"),
            whatsnew_seq=whatsnew_seq,
            whatsnew_items=whatsnew_items,
            whatsnew_kind_labels=whatsnew_kind_labels(),
        )
        return context


class StandardPage(Page):
    """A plain page of text: rules, contact, accessibility statement."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class LegalKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of participation")


class LegalPage(Page):
    """The privacy policy or the terms of participation (regulamin).

    The footer links to each kind and the sign-up form links to both. When you
    change the terms, raise the version: every account records the version its
    owner accepted. Only one page of each kind may exist."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=LegalKind.choices,
        help_text=_("The footer and the sign-up form find the page by its kind."),
    )
    version = models.CharField(
        _("version"),
        max_length=20,
        help_text=_("E.g. 1.0. Raise it with every change of the content."),
    )
    effective_date = models.DateField(_("in force from"), default=timezone.localdate)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("version"), FieldPanel("effective_date")],
            heading=_("Document"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def clean(self):
        super().clean()
        others = LegalPage.objects.filter(kind=self.kind)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                {"kind": _("A page of this kind already exists.")}, code="unique"
            )


@register_setting(icon="lock")
class PrivacySettings(BaseSiteSetting):
    """The personal data controller and its data protection officer, named in the
    information clause of the sign-up form (art. 13 GDPR)."""

    controller_name = models.CharField(
        _("controller"),
        max_length=200,
        blank=True,
        help_text=_("Who decides about the personal data, e.g. Wójt Gminy ..."),
    )
    controller_address = models.CharField(
        _("controller's address"), max_length=300, blank=True
    )
    controller_email = models.EmailField(_("controller's e-mail"), blank=True)
    dpo_name = models.CharField(
        _("data protection officer"), max_length=200, blank=True
    )
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("controller_name"),
                FieldPanel("controller_address"),
                FieldPanel("controller_email"),
            ],
            heading=_("Controller"),
        ),
        MultiFieldPanel(
            [FieldPanel("dpo_name"), FieldPanel("dpo_email")],
            heading=_("Data protection officer"),
        ),
    ]

    class Meta:
        verbose_name = _("personal data")


class NewsIndexPage(Page):
    """The news section (Aktualności). Add news items as its children."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_latest

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(news_latest(parent=self), 10)
        news_page = paginator.get_page(request.GET.get("page"))
        context["news_page"] = news_page
        context["page_links"] = page_links(news_page, query=request.GET)
        return context


class NewsPage(Page):
    """One news item, with its date and a short lead shown in lists."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), max_length=400)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date"]


class DocumentsHubPage(Page):
    """The "one window" for NGOs: every public document of the library, filtered by
    kind and year. Documents are managed under Documents in the admin."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("documents hub")

    def get_context(self, request, *args, **kwargs):
        from .selectors import document_years, documents_filtered

        context = super().get_context(request, *args, **kwargs)
        kind = choice(request.GET, "kind", DocumentKind.values)
        year = year_param(request.GET, "year")
        filters = {
            key: value for key, value in (("kind", kind), ("year", year)) if value
        }
        paginator = Paginator(documents_filtered(kind=kind or None, year=year), 20)
        documents = paginator.get_page(request.GET.get("page"))
        context.update(
            documents=documents,
            kinds=DocumentKind.choices,
            years=document_years(),
            selected_kind=kind,
            selected_year=year,
            is_filtered=bool(filters),
            page_links=page_links(documents, query=request.GET),
        )
        return context


class WhatsNewItem(models.Model):
    """One item of the home page's "What's new" feed: the feed's content, kept
    apart from the live events that announce it (those are pruned; these stay).

    ``page`` links the item to the page it announces, so an item disappears
    from the feed when that page is unpublished or restricted.
    """

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The live event that announced the item: open pages drop a replayed copy.
    seq = models.PositiveBigIntegerField(_("sequence number"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("what's new item")
        verbose_name_plural = _("what's new items")
        indexes = [models.Index(fields=["-created_at", "-id"], name="whatsnew_latest")]

    def __str__(self) -> str:
        return self.title


# The search index's models live in their package; Django finds them here.
from .search.models import SearchEntry, SearchToken  # noqa: E402, F401
