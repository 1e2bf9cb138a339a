"""The search index: one ``SearchEntry`` per result (a consultation, a
provision, a comment, a document, a page) and its ``SearchToken`` rows, the
search keys of its words (cms.search.text). Registered through cms.models.

Visibility: an entry tied to a ``page`` is shown only while that page is public
(``cms.visibility.public_pages``, asked at query time, so unpublishing or
restricting a page hides its entries at once, before any reindexing); an entry
without a page (a document) is indexed only while it is public and removed when
it stops being.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=30)
    # The indexed object (a page, a comment, a document); ``part`` tells the
    # entries of one object apart (a provision's key on a consultation).
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("source type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    part = models.CharField(_("part"), max_length=64, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The entry is shown only while this page is public."),
    )
    title = models.CharField(_("title"), max_length=300)
    # False when the title only says where the text is (a comment's provision
    # and consultation): its words are neither searched nor marked.
    title_searched = models.BooleanField(_("title searched"), default=True)
    # Where the entry is shown: appended to the page's URL (an anchor, a query)
    # when there is a page, so moving the page moves its results; else a path.
    link = models.CharField(_("link"), max_length=500, blank=True)
    # What it belongs to, shown under the title (a consultation's title).
    context = models.CharField(_("context"), max_length=300, blank=True)
    # The plain text searched, for snippets.
    text = models.TextField(_("text"), blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), default=timezone.now)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "part"],
                name="cms_search_entry_source_unique",
            )
        ]
        indexes = [models.Index(fields=["kind"], name="cms_search_entry_kind")]

    def __str__(self) -> str:
        return self.title


class SearchToken(models.Model):
    """One search key of an entry: ``weight`` ranks (a word of the title counts
    more), ``position`` is where the key first occurs in the entry's text (None:
    only in the title), so a snippet starts there without reading the text."""

    entry = models.ForeignKey(
        SearchEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    token = models.CharField(_("token"), max_length=64)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveIntegerField(_("position"), null=True, blank=True)

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "token"], name="cms_search_token_unique"
            )
        ]
        # Looking up a key, then its entries: the query's only index.
        indexes = [models.Index(fields=["token", "entry"], name="cms_search_token")]

    def __str__(self) -> str:
        return self.token
