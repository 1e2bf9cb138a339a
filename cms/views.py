from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import site_search


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = site_search(query, request=request) if query else None
    return render(request, "cms/search.html", {"query": query, "results": results})
