import unicodedata

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .pagination import page_links
from .selectors import site_search

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@require_GET
def search(request):
    # Control characters (a NUL from a crafted link) mean nothing in a query and
    # make databases fail: treat them as spaces.
    query = "".join(
        " " if unicodedata.category(char) == "Cc" else char
        for char in request.GET.get("q", "")
    )
    query = " ".join(query.split())[:200]
    results = links = None
    if query:
        paginator = Paginator(
            site_search(query, request=request), SEARCH_RESULTS_PER_PAGE
        )
        results = paginator.get_page(request.GET.get("page"))
        # The pager keeps the other parameters, with the words as cleaned here.
        params = request.GET.copy()
        params["q"] = query
        links = page_links(results, query=params)
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "page_links": links,
        },
    )
