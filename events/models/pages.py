"""The events section's page types: the index and one event.

An event is one Wagtail page whatever its kind: a citizen café, an open meeting,
a citizen breakfast, a workshop (and, in the jury issue, a citizen jury). What a
kind adds of its own (café tables and rounds, a jury's panel) lives in its own
models that point at the page, so the page stays one type and every listing,
calendar feed and registration works for all kinds alike.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.blocks import StreamBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.accounts.roles import FACILITATORS
from cms.live.registry import stream_name

STREAM_PREFIX = "events.event"
# Facilitators only: what the room must not see yet (events/live_events.py).
CONSOLE_STREAM_PREFIX = "events.console"


class EventKind(models.TextChoices):
    CAFE = "cafe", _("citizen café")
    OPEN_MEETING = "open_meeting", _("open meeting")
    BREAKFAST = "breakfast", _("citizen breakfast")
    WORKSHOP = "workshop", _("workshop")
    JURY = "jury", _("citizen jury")
    OTHER = "other", _("other")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class EventIndexPage(Page):
    """The events section: upcoming and past events, filtered by kind,
    consultation, district and month. Events are added as its subpages."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        # Imported here, as cms.models does: the views' selectors import this
        # module's models.
        from ..views.pages import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(request, self))
        return context


class MaterialsBlock(StreamBlock):
    document = DocumentChooserBlock(label=_("document"))


class EventPage(Page):
    """One event: a citizen café, an open meeting, a citizen breakfast or a
    workshop. Set the capacity to 0 for an event without registration. The
    online link is shown only to people who registered. After the event, add
    its minutes here; attendance is taken at the door by the facilitators."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=EventFormat.choices,
        default=EventFormat.IN_PERSON,
    )
    summary = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link", "document-link"],
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.CharField(
        _("district"),
        max_length=120,
        blank=True,
        help_text=_("The osiedle or sołectwo, for the filter of the events list."),
    )
    accessibility = models.TextField(
        _("accessibility information"),
        blank=True,
        help_text=_("Step-free access, hearing loop, sign language, toilets…"),
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to registered people."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        default=0,
        help_text=_("0 means the event takes no registration."),
    )
    reserved_places = models.PositiveIntegerField(
        _("reserved places"),
        default=0,
        help_text=_("Places kept back (e.g. for invited guests), not offered online."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the event starts."),
    )
    ask_accessibility = models.BooleanField(
        _("ask about accessibility needs"), default=True
    )
    ask_childcare = models.BooleanField(
        _("ask about childcare during the event"), default=False
    )
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation it feeds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Bumped whenever the time, place or status changes, as iCalendar's SEQUENCE
    # wants; calendar clients ignore an update whose SEQUENCE did not grow.
    ical_sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    minutes = RichTextField(
        _("minutes"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link", "document-link"],
    )
    minutes_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("minutes (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldPanel("district"),
                FieldPanel("accessibility"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("reserved_places")]),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("ask_accessibility"),
                FieldPanel("ask_childcare"),
                FieldPanel("ask_dietary"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("consultation"),
        InlinePanel("agenda_items", label=_("agenda")),
        InlinePanel("facilitators", label=_("facilitators")),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("minutes_document")],
            heading=_("After the event"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("place_name"),
        index.SearchField("minutes"),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
        index.FilterField("district"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(reserved_places__lte=F("capacity")),
                name="events_event_reserved_within_capacity",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.reserved_places > self.capacity:
            errors["reserved_places"] = _(
                "Reserved places cannot exceed the number of places."
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        # Imported here, as cms.models does: the views' selectors import this
        # module's models.
        from ..views.pages import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(request, self))
        return context

    def with_content_json(self, content):
        """The calendar revision and the cancellation belong to the event as a
        whole, not to one revision: publishing an older draft must not take
        them back (calendar clients ignore a SEQUENCE that does not grow)."""
        obj = super().with_content_json(content)
        # From the database, not from ``self``: the object a revision was made
        # from may be older than the last bump.
        row = (
            EventPage.objects.filter(pk=self.pk)
            .values("ical_sequence", "cancelled_at")
            .first()
            if self.pk
            else None
        )
        row = row or {
            "ical_sequence": self.ical_sequence,
            "cancelled_at": self.cancelled_at,
        }
        obj.ical_sequence = row["ical_sequence"]
        obj.cancelled_at = row["cancelled_at"]
        return obj

    # --- facts every screen asks -------------------------------------------

    @property
    def takes_registration(self) -> bool:
        return self.capacity > 0

    @property
    def places_offered(self) -> int:
        """Places people can take online: capacity less the reserved ones."""
        return max(self.capacity - self.reserved_places, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.takes_registration or self.is_cancelled:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes

    def live_stream(self) -> str:
        """The event's live stream: session, agenda, timer, polls, questions."""
        return stream_name(STREAM_PREFIX, self.pk)

    def console_stream(self) -> str:
        """The facilitators' stream: poll counts before they are revealed."""
        return stream_name(CONSOLE_STREAM_PREFIX, self.pk)


class EventAgendaItem(Orderable):
    """One point of the programme, in the order it is taken."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("title"), max_length=200)
    planned_minutes = models.PositiveIntegerField(_("planned minutes"), default=15)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    # A citizen jury's expert hearings are agenda items too: who the expert
    # speaks for, and where the recording is, go on the jury's public page.
    is_hearing = models.BooleanField(_("expert hearing"), default=False)
    speaker_affiliation = models.CharField(
        _("speaker's affiliation"), max_length=200, blank=True
    )
    recording_url = models.URLField(_("link to the recording"), blank=True)
    materials = StreamField(MaterialsBlock(), verbose_name=_("materials"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("planned_minutes"), FieldPanel("speaker")]),
        FieldRowPanel(
            [
                FieldPanel("is_hearing"),
                FieldPanel("speaker_affiliation"),
                FieldPanel("recording_url"),
            ]
        ),
        FieldPanel("materials"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class EventFacilitator(Orderable):
    """A person with the Facilitator role who runs this event's live session,
    checks people in and sees the registration list."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        related_name="facilitated_events",
        limit_choices_to={"groups__name": FACILITATORS},
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"], name="events_facilitator_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)
