"""What the index holds: kinds of results and the indexers that fill them.

An app registers, in its ``AppConfig.ready``::

    register_kind("event", pgettext_lazy("search kind", "Events"), order=45)
    register_indexer(
        EventPage,
        documents=event_documents,          # obj -> [IndexDocument]
        queryset=lambda: EventPage.objects.live(),
        dependents={Registration: lambda r: r.event},   # optional
    )

``documents(obj)`` returns the entries ``obj`` should have now (none when it is
not public: unpublished, hidden, in a private collection); the services replace
what the index held for it. ``dependents`` are other models whose saving or
deleting changes ``obj``'s entries (a draft act's version changes its
consultation's provisions). ``immediate`` indexes right after the commit
instead of in a background task: for cheap objects whose hiding must show at
once (comments). Page types need no receivers of their own: publishing,
unpublishing and deleting any registered page type keeps the index current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    order: int


@dataclass
class IndexDocument:
    """One entry as an indexer describes it (see ``models.SearchEntry``)."""

    kind: str
    title: str
    text: str = ""
    link: str = ""
    page: models.Model | None = None
    part: str = ""
    context: str = ""
    date: datetime | None = None
    # False when the title only says where the text is ("§ 2"; a comment's
    # author): its words are then not searched.
    search_title: bool = True


@dataclass
class Indexer:
    model: type[models.Model]
    documents: Callable[[models.Model], list[IndexDocument]]
    queryset: Callable[[], Iterable[models.Model]]
    dependents: dict[type[models.Model], Callable] = field(default_factory=dict)
    immediate: bool = False

    @property
    def is_page(self) -> bool:
        from wagtail.models import Page

        return issubclass(self.model, Page)


_kinds: dict[str, Kind] = {}
_indexers: dict[type[models.Model], Indexer] = {}


def register_kind(key: str, label, *, order: int) -> None:
    _kinds[key] = Kind(key, label, order)


def register_indexer(
    model: type[models.Model],
    *,
    documents: Callable[[models.Model], list[IndexDocument]],
    queryset: Callable[[], Iterable[models.Model]],
    dependents: dict[type[models.Model], Callable] | None = None,
    immediate: bool = False,
) -> None:
    _indexers[model] = Indexer(
        model, documents, queryset, dict(dependents or {}), immediate
    )


def kinds() -> list[Kind]:
    """Registered kinds in the order results are grouped."""
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def kind(key: str) -> Kind | None:
    return _kinds.get(key)


def indexer_for(model: type[models.Model]) -> Indexer | None:
    return _indexers.get(model)


def indexers() -> list[Indexer]:
    return list(_indexers.values())


def dependents_of(model: type[models.Model]) -> list[Callable]:
    """The resolvers of every indexer that depends on ``model``."""
    return [
        indexer.dependents[model]
        for indexer in _indexers.values()
        if model in indexer.dependents
    ]
