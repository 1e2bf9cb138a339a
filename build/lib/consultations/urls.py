"""Actions on consultations. Patterns start with a number so they never collide
with the slugs of the pages below /konsultacje/."""

from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("<int:pk>/obserwuj/", views.follow, name="follow"),
    path("<int:pk>/nie-obserwuj/", views.unfollow, name="unfollow"),
]
