"""Sections of the home page contributed by the apps.

An app registers a section in its ``AppConfig.ready()``; the home page renders
them in order. This keeps the site shell free of imports from the domain apps.
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
    key: str, *, template: str, order: int, context: Callable
) -> None:
    _sections[key] = HomeSection(key, template, order, context)


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
