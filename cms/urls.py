import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from consultations import views as consultations_views
from events import views as events_views
from participation.views import representatives as participation_representatives

urlpatterns = [
    # Before Wagtail's own (same name and address): its script messages in Polish.
    path(
        "admin/jsi18n/",
        cms_views.admin_js_catalog,
        name="wagtailadmin_javascript_catalog",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", cms_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("konto/", include("allauth.urls")),
    path("konto/", include("cms.accounts.urls")),
    path("konto/moje-wydarzenia/", events_views.my_events, name="my_events"),
    path(
        "konto/moje-organizacje/",
        participation_representatives.my_organisations,
        name="my_organisations",
    ),
    path("szukaj/", cms_views.search, name="search"),
    path("live/", include("cms.live.urls")),
    path("konsultacje/", include("consultations.urls")),
    path(
        "urzad/do-odpowiedzi/",
        consultations_views.awaiting_response,
        name="awaiting_response",
    ),
    path("udzial/", include("participation.urls")),
    path("wnioski/", include("participation.urls_proposals")),
    path("wydarzenia/", include("events.urls")),
    path("organizacje/", include("participation.organisation_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Not django.conf.urls.static.static(): it would serve documents as raw files.
    media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns = [
        re_path(rf"^{media}(?P<path>.*)$", cms_views.debug_media),
        *urlpatterns,
    ]
