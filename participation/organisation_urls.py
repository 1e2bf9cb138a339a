"""The organisation registry under /organizacje/ (/en/organizacje/ in
English). Fixed words come before ``<slug>``: no organisation gets one of
them as its slug (``organisation_import.RESERVED_SLUGS``)."""

from django.urls import path

from .views import organisations as views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("statystyki/", views.statistics, name="statistics"),
    path("eksport.csv", views.export_csv, name="export"),
    path("zglos/", views.register, name="register"),
    path("dodaj/", views.add, name="add"),
    path("import/", views.import_upload, name="import"),
    path("import/zatwierdz/", views.import_confirm, name="import_confirm"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edytuj/", views.edit, name="edit"),
    path("<slug:slug>/weryfikacja/", views.verification, name="verification"),
]
