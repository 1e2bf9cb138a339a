import posixpath
import unicodedata

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve
from wagtail.admin.localization import get_localized_response

from .pagination import page_links
from .search.selectors import search_results

# The GET parameter choosing one kind of results ("Dokumenty").
SEARCH_KIND_PARAM = "rodzaj"


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


# Folders of MEDIA_ROOT whose files only Wagtail's views hand out: documents go
# through the document view (privacy, attachment, its CSP), never as raw files.
VIEW_ONLY_MEDIA = frozenset({"documents"})


def debug_media(request, path: str):
    """MEDIA_ROOT as `make run` (DEBUG) serves it, as the README's nginx does:
    everything but documents."""
    # serve() resolves the path the same way; the folder is compared without case
    # for file systems that ignore it.
    normalized = posixpath.normpath(path).lstrip("/")
    if normalized.partition("/")[0].lower() in VIEW_ONLY_MEDIA:
        raise Http404
    return serve(request, normalized, document_root=settings.MEDIA_ROOT)


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
        results = search_results(
            query,
            kind=request.GET.get(SEARCH_KIND_PARAM) or None,
            page=request.GET.get("page"),
            request=request,
        )
        if results.page is not None:
            # The pager keeps the other parameters, with the words as cleaned here.
            params = request.GET.copy()
            params["q"] = query
            links = page_links(results.page, query=params)
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "page_links": links,
            "kind_param": SEARCH_KIND_PARAM,
            "page_stylesheets": ["css/search.css"],
        },
    )


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """Wagtail's admin catalogue for its scripts (autosave, content checks) with
    ours (locale/, djangojs) merged after it: ours fills the messages Wagtail's
    Polish catalogue lacks. Wagtail's own view reads only wagtail.admin's."""

    packages = ["wagtail.admin"]

    def get_paths(self, packages):
        return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]


_admin_js_catalog = AdminJavaScriptCatalog.as_view()


def admin_js_catalog(request, *args, **kwargs):
    """In the editor's own admin language, as Wagtail's view does."""
    return get_localized_response(_admin_js_catalog, request, *args, **kwargs)
