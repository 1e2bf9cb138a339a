from django import template

from cms.navigation import footer_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict]:
    """The footer's links; empty when rendering without a request (the 500 page)."""
    return footer_navigation(context.get("request"))
