"""/wnioski/: policy proposals (the /en/ variant comes from i18n_patterns)."""

from django.urls import path

from .views import proposals as views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("nowy/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edytuj/", views.proposal_edit, name="edit"),
    path("<int:pk>/stan/", views.proposal_status, name="status"),
    path("<int:pk>/krok/<slug:action>/", views.proposal_step, name="step"),
    path("<int:pk>/podpisz/", views.proposal_sign, name="sign"),
    path("<int:pk>/wycofaj-podpis/", views.proposal_unsign, name="unsign"),
    path("<int:pk>/obserwuj/", views.proposal_follow, name="follow"),
    path(
        "<int:pk>/zalaczniki/<int:attachment_pk>/",
        views.proposal_attachment,
        name="attachment",
    ),
]
