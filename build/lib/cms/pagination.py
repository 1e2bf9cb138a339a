"""The pager of every paginated page: prepared links for
templates/includes/pagination.html.

Links are built here rather than in the template so each page can name its own
page parameter (the thread's "strona" sits on pages that already use "page"),
keep every other GET parameter (filters, the search words, a host page's
"wersja") and add a fragment, without templates gluing query strings together.
"""

from django.core.paginator import Page
from django.http import QueryDict

# Pages shown on each side of the current one, and at each end, before a gap.
ON_EACH_SIDE = 2
ON_ENDS = 1


def page_url(
    number: int, *, query: QueryDict | None = None, param: str = "page", fragment=""
) -> str:
    """``?<other parameters>&<param>=<number>#<fragment>``; the first page has
    no number, so it has one address however it is reached."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params.pop(param, None)
    if number > 1:
        params[param] = str(number)
    return f"?{params.urlencode()}{f'#{fragment}' if fragment else ''}"


def page_links(
    page: Page, *, query: QueryDict | None = None, param: str = "page", fragment=""
) -> dict:
    """The pager's links: ``previous`` and ``next`` (URLs or None) and
    ``numbers``, the pages around the current one and at both ends, each
    ``{"number", "url", "current"}``, with None standing for a gap. Empty when
    everything fits on one page, so ``{% if links %}`` hides the pager.

    ``query`` is usually ``request.GET``: its other parameters stay in the links.
    """
    if not page.has_other_pages():
        return {}

    def url(number: int) -> str:
        return page_url(number, query=query, param=param, fragment=fragment)

    numbers = [
        None
        if number == page.paginator.ELLIPSIS
        else {"number": number, "url": url(number), "current": number == page.number}
        for number in page.paginator.get_elided_page_range(
            page.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS
        )
    ]
    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
        "numbers": numbers,
    }
