from django.urls import path

from . import views
from .views import representatives

app_name = "participation"

urlpatterns = [
    path("komentarze/dodaj/", views.comment_create, name="comment_create"),
    path("komentarze/podglad/", views.comment_preview, name="comment_preview"),
    path("komentarze/<int:pk>/odpowiedz/", views.comment_reply, name="comment_reply"),
    path("komentarze/<int:pk>/edytuj/", views.comment_edit, name="comment_edit"),
    path("komentarze/<int:pk>/usun/", views.comment_delete, name="comment_delete"),
    path(
        "komentarze/<int:pk>/poparcie/", views.comment_support, name="comment_support"
    ),
    path("komentarze/<int:pk>/zglos/", views.comment_flag, name="comment_flag"),
    path("komentarze/<int:pk>/ukryj/", views.comment_hide, name="comment_hide"),
    path("komentarze/<int:pk>/przywroc/", views.comment_unhide, name="comment_unhide"),
    path(
        "komentarze/<int:pk>/zgloszenia/odrzuc/",
        views.comment_flags_dismiss,
        name="comment_flags_dismiss",
    ),
    path(
        "komentarze/<int:pk>/odpowiedz-urzedu/",
        views.official_response,
        name="official_response",
    ),
    path(
        "komentarze/<int:pk>/fragment/",
        views.comment_fragment,
        name="comment_fragment",
    ),
    path("moderacja/", views.moderation_queue, name="moderation_queue"),
    # Representatives of organisations (the registry's organisation page links
    # to "representation_request" and, for admins, to "representatives").
    path(
        "organizacje/<slug:slug>/reprezentuj/",
        representatives.representation_request,
        name="representation_request",
    ),
    path(
        "organizacje/<slug:slug>/przedstawiciele/",
        representatives.representatives,
        name="representatives",
    ),
    path(
        "organizacje/<slug:slug>/dziennik/",
        representatives.representation_log,
        name="representation_log",
    ),
    path(
        "przedstawiciele/prosby/<int:pk>/",
        representatives.representation_decide,
        name="representation_decide",
    ),
    path(
        "przedstawiciele/prosby/<int:pk>/wycofaj/",
        representatives.representation_withdraw,
        name="representation_withdraw",
    ),
    path(
        "przedstawiciele/<int:pk>/rola/",
        representatives.representative_role,
        name="representative_role",
    ),
    path(
        "przedstawiciele/<int:pk>/usun/",
        representatives.representative_remove,
        name="representative_remove",
    ),
    path(
        "przedstawiciele/<int:pk>/odejdz/",
        representatives.representative_leave,
        name="representative_leave",
    ),
]
