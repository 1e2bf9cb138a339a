"""Events shown on other apps' pages: ``{% consultation_events page as events %}``
gives the public events that feed a consultation (its "Related events"), so
the consultations app lists them without importing the events app."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def consultation_events(consultation):
    if consultation is None or consultation.pk is None:
        return []
    return selectors.events_for_consultation(consultation)
