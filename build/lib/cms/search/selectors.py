"""Reading the search index: the entries matching a query that everyone may
see, grouped by kind, with highlighted titles and snippets.

Visibility is the listing rule of ``cms.visibility``: the results page is the
same for every reader, so it lists only what everyone may see
(``public_pages``); an entry without a page was indexed only while public.

Queries: one for the counts per kind, one for the shown entries (with their
pages), one for where their matched keys occur; however many results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.safestring import SafeString
from wagtail.models import Page

from cms.visibility import public_pages

from . import registry
from .models import SearchEntry, SearchToken
from .text import highlight, query_keys, snippet

# Results shown per kind on the page of all kinds; "all N" leads to that kind's
# own pages of PER_PAGE.
PER_GROUP = 5
PER_PAGE = 20


@dataclass
class Result:
    kind: str
    title: SafeString
    url: str
    context: str
    snippet: SafeString
    date: object


@dataclass
class Group:
    kind: registry.Kind
    count: int
    results: list[Result] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    total: int
    groups: list[Group]
    # [(kind, count)] of every kind with results, in order.
    kind_counts: list = field(default_factory=list)
    # Only when one kind is chosen: its paginator page (results in ``groups``).
    page: PaginatorPage | None = None
    kind: registry.Kind | None = None


def visible_entries() -> QuerySet[SearchEntry]:
    """Entries everyone may see: a page-bound entry while its page is public."""
    return SearchEntry.objects.filter(
        Q(page__isnull=True) | Q(page__in=public_pages(Page.objects).values("pk"))
    )


def _matching(keys_per_word: list[frozenset[str]]) -> QuerySet[SearchEntry]:
    entries = visible_entries()
    for keys in keys_per_word:
        entries = entries.filter(
            pk__in=SearchToken.objects.filter(token__in=keys).values("entry_id")
        )
    all_keys = set().union(*keys_per_word)
    score = (
        SearchToken.objects.filter(entry=OuterRef("pk"), token__in=all_keys)
        .values("entry")
        .annotate(total=Sum("weight"))
        .values("total")
    )
    return entries.annotate(score=Coalesce(Subquery(score), 0))


def _order():
    return [F("score").desc(), F("date").desc(nulls_last=True), F("pk").desc()]


def _results(entries: list[SearchEntry], all_keys: set[str], request) -> list[Result]:
    """Entries as shown: URL, highlighted title and snippet. One query for the
    positions of the matched keys."""
    positions: dict[int, int] = {}
    rows = SearchToken.objects.filter(
        entry__in=[entry.pk for entry in entries],
        token__in=all_keys,
        position__isnull=False,
    ).values_list("entry_id", "position")
    for entry_id, position in rows:
        positions[entry_id] = min(position, positions.get(entry_id, position))
    results = []
    for entry in entries:
        if entry.page_id is not None:
            # The page's URL now (in the reader's language), not when indexed.
            url = (entry.page.get_url(request) or "") + entry.link
        else:
            url = entry.link
        results.append(
            Result(
                kind=entry.kind,
                title=highlight(entry.title, all_keys if entry.title_searched else ()),
                url=url,
                context=entry.context,
                snippet=snippet(entry.text, all_keys, around=positions.get(entry.pk)),
                date=entry.date,
            )
        )
    return results


def search_results(
    query: str, *, kind: str | None = None, page=None, request=None
) -> SearchResults:
    """What the results page shows for ``query``: every kind's count and its
    best PER_GROUP results, or with ``kind`` (a registered key) that kind's
    ``page`` of PER_PAGE results."""
    keys_per_word = query_keys(query)
    if not keys_per_word:
        return SearchResults(query=query, total=0, groups=[])
    all_keys = set().union(*keys_per_word)
    matching = _matching(keys_per_word)
    counts = dict(
        matching.order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    known = [k for k in registry.kinds() if counts.get(k.key)]
    total = sum(counts.get(k.key, 0) for k in known)
    kind_counts = [(k, counts[k.key]) for k in known]
    chosen = registry.kind(kind) if kind else None

    if chosen is not None:
        count = counts.get(chosen.key, 0)
        queryset = (
            matching.filter(kind=chosen.key).select_related("page").order_by(*_order())
        )
        paginator = Paginator(queryset, PER_PAGE)
        # The count is known: no second COUNT query.
        paginator.count = count
        paginator_page = paginator.get_page(page)
        group = Group(
            chosen,
            count,
            _results(list(paginator_page.object_list), all_keys, request),
        )
        return SearchResults(
            query=query,
            total=total,
            groups=[group] if count else [],
            kind_counts=kind_counts,
            page=paginator_page,
            kind=chosen,
        )

    ranked = (
        matching.filter(kind__in=[k.key for k in known])
        .annotate(rank=Window(RowNumber(), partition_by=[F("kind")], order_by=_order()))
        .filter(rank__lte=PER_GROUP)
        .select_related("page")
        .order_by(*_order())
    )
    shown = _results(list(ranked), all_keys, request)
    groups = [
        Group(k, counts[k.key], [r for r in shown if r.kind == k.key]) for k in known
    ]
    return SearchResults(
        query=query, total=total, groups=groups, kind_counts=kind_counts
    )
