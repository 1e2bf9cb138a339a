"""URLs of a jury's deliberation, added to events/urls.py (a module of its
own so the jury's recruitment and draw can grow their URLs beside it)."""

from django.urls import path

from .views import jury_groups as groups
from .views import jury_votes as views

urlpatterns = [
    path(
        "<int:pk>/rekomendacje/",
        views.recommendations,
        name="jury_recommendations",
    ),
    path("<int:pk>/rekomendacje/nowa/", views.propose, name="jury_propose"),
    path("<int:pk>/rekomendacje/<int:rid>/poprawka/", views.amend, name="jury_amend"),
    path("<int:pk>/rekomendacje/<int:rid>/glos/", views.ballot, name="jury_ballot"),
    path(
        "<int:pk>/rekomendacje/<int:rid>/odpowiedz/",
        views.respond,
        name="jury_respond",
    ),
    path(
        "<int:pk>/rekomendacje/polecenie/<slug:name>/",
        views.command,
        name="jury_command",
    ),
    path("<int:pk>/rekomendacje/czesc/<slug:name>/", views.part, name="jury_part"),
    path("<int:pk>/grupy/podzial/", groups.split, name="jury_groups_split"),
    path("<int:pk>/grupy/przeniesienie/", groups.move, name="jury_group_move"),
    path("<int:pk>/grupy/nazwa/", groups.rename, name="jury_group_rename"),
]
