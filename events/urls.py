"""Actions on events. Patterns start with a number (or end in ".ics", which no
page slug does) so they never collide with the slugs of the pages below
/wydarzenia/."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("kalendarz.ics", views.events_feed, name="feed"),
    path("<int:pk>/kalendarz.ics", views.event_calendar, name="ics"),
    path("<int:pk>/zapisz/", views.register, name="register"),
    path("<int:pk>/rezygnacja/", views.cancel, name="cancel"),
    path("<int:pk>/zapisy/", views.registrations, name="registrations"),
    path("<int:pk>/zapisy.csv", views.registrations_csv, name="registrations_csv"),
    path("<int:pk>/obecnosc/", views.check_in, name="check_in"),
    # The live session.
    path("dolacz/", views.join, name="join"),
    path("<int:pk>/prowadzenie/", views.console, name="console"),
    path("<int:pk>/prowadzenie/<slug:name>/", views.command, name="command"),
    path("<int:pk>/na-zywo/", views.participant_view, name="live"),
    path("<int:pk>/na-zywo/glos/", views.vote, name="vote"),
    path("<int:pk>/na-zywo/pytanie/", views.ask, name="ask"),
    path("<int:pk>/na-zywo/plus/", views.upvote, name="upvote"),
    path("<int:pk>/projektor/", views.projector, name="projector"),
]
