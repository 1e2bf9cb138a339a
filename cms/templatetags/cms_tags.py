from django import template

from cms.navigation import footer_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict]:
    """The footer's links; empty when rendering without a request (the 500 page)."""
    return footer_navigation(context.get("request"))


@register.filter
def fields_with_errors(form) -> list:
    """The visible fields of ``form`` that have errors, in the form's order, for
    the links of the error summary (includes/form_errors.html)."""
    return [field for field in form.visible_fields() if field.errors]
