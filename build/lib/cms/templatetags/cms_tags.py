from django import template
from django.conf import settings

from cms.models import LegalKind, PrivacySettings
from cms.navigation import footer_navigation, legal_key, section_url

register = template.Library()


def _joined(*parts: str) -> str:
    return ", ".join(part.strip() for part in parts if part and part.strip())


@register.inclusion_tag("account/snippets/privacy_clause.html", takes_context=True)
def privacy_clause(context) -> dict:
    """The short information clause (art. 13 GDPR) of the sign-up form: the
    controller and the data protection officer from the site's settings
    (Settings > Personal data in the admin) and a link to the privacy policy."""
    request = context.get("request")
    privacy = PrivacySettings.for_request(request)
    controller = _joined(
        privacy.controller_name or settings.WAGTAIL_SITE_NAME,
        privacy.controller_address,
        privacy.controller_email,
    )
    return {
        "controller": controller,
        "dpo": _joined(privacy.dpo_name, privacy.dpo_email),
        "privacy_url": section_url(request, legal_key(LegalKind.PRIVACY)),
    }


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict]:
    """The footer's links; empty when rendering without a request (the 500 page)."""
    return footer_navigation(context.get("request"))


@register.filter
def fields_with_errors(form) -> list:
    """The visible fields of ``form`` that have errors, in the form's order, for
    the links of the error summary (includes/form_errors.html)."""
    return [field for field in form.visible_fields() if field.errors]
