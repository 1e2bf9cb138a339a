"""The consultations index page type.

It lists consultation pages through ``selectors``, which import the
consultation page; so it lives here, above both, and not in pages.py, which
``selectors`` imports.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .selectors import consultation_index_context


class ConsultationIndexPage(Page):
    """The consultations section ("Konsultacje"). Lists every consultation below
    it with filters by status, kind of act, topic and department. Add
    consultations as its children; their topics are the tags set on them."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultations index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_index_context(request, self))
        return context
