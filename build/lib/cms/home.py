"""Sections of the home page contributed by the apps.

An app registers a section in its ``AppConfig.ready()``; the home page renders
them in order. This keeps the site shell free of imports from the domain apps.

A section's template renders its own ``<section>`` with an ``<h2>`` (the page's
only ``<h1>`` is the home page title) and receives the dict as ``section``.
Known keys and their order: ``open_consultations`` (10, consultations),
``upcoming_events`` (20, events), ``latest_results`` (30, results). Until an app
registers its key, the site shell shows a placeholder saying nothing is there yet.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    order: int
    context: Callable  # (request) -> dict


_sections: dict[str, HomeSection] = {}


def register_home_section(
    key: str,
    *,
    template: str,
    order: int,
    context: Callable,
    fallback: bool = False,
) -> None:
    """Add (or replace) the home page section ``key``.

    A ``fallback`` section never replaces one an app registered, whichever
    ``ready()`` runs first.
    """
    if fallback and key in _sections:
        return
    _sections[key] = HomeSection(key, template, order, context)


def register_placeholder_section(
    key: str, *, order: int, title, empty_message, section_slug: str, more_label
) -> None:
    """A fallback section for a part of the site that is not built yet."""
    from .navigation import section_url

    def context(request) -> dict:
        return {
            "title": title,
            "empty_message": empty_message,
            "more_url": section_url(request, section_slug),
            "more_label": more_label,
        }

    register_home_section(
        key,
        template="cms/home/placeholder_section.html",
        order=order,
        context=context,
        fallback=True,
    )


def home_sections(request) -> list[dict]:
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        rendered.append(
            {
                "key": section.key,
                "template": section.template,
                **section.context(request),
            }
        )
    return rendered
