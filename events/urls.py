"""Actions on events. Patterns start with a number (or end in ".ics", which no
page slug does) so they never collide with the slugs of the pages below
/wydarzenia/."""

from django.urls import path

from . import jury_votes_urls, views

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
    # Citizen café: the facilitator's page and its forms, a participant's
    # table, the projector's harvest wall.
    path("<int:pk>/kawiarenka/", views.cafe.cafe, name="cafe"),
    path("<int:pk>/kawiarenka/uklad/", views.cafe.seating, name="cafe_seating"),
    path("<int:pk>/kawiarenka/stoliki/", views.cafe.table_save, name="cafe_table_add"),
    path(
        "<int:pk>/kawiarenka/stoliki/<int:table_id>/",
        views.cafe.table_save,
        name="cafe_table_edit",
    ),
    path(
        "<int:pk>/kawiarenka/stoliki/<int:table_id>/usun/",
        views.cafe.table_delete,
        name="cafe_table_delete",
    ),
    path("<int:pk>/kawiarenka/rundy/", views.cafe.round_save, name="cafe_round_add"),
    path(
        "<int:pk>/kawiarenka/rundy/<int:round_id>/",
        views.cafe.round_save,
        name="cafe_round_edit",
    ),
    path(
        "<int:pk>/kawiarenka/rundy/<int:round_id>/usun/",
        views.cafe.round_delete,
        name="cafe_round_delete",
    ),
    path(
        "<int:pk>/kawiarenka/rundy/<int:round_id>/start/",
        views.cafe.round_start,
        name="cafe_round_start",
    ),
    path(
        "<int:pk>/kawiarenka/rundy/<int:round_id>/koniec/",
        views.cafe.round_finish,
        name="cafe_round_finish",
    ),
    path("<int:pk>/kawiarenka/zbior/", views.cafe.harvest, name="cafe_harvest"),
    path("<int:pk>/kawiarenka/stolik/", views.cafe.my_table, name="cafe_table"),
    path("<int:pk>/kawiarenka/pomysly/", views.cafe.idea_add, name="cafe_idea_add"),
    path(
        "<int:pk>/kawiarenka/pomysly/<int:idea_id>/kropka/",
        views.cafe.dot,
        name="cafe_dot",
    ),
    path(
        "<int:pk>/kawiarenka/pomysly/<int:idea_id>/ukryj/",
        views.cafe.idea_hide,
        name="cafe_idea_hide",
    ),
    path(
        "<int:pk>/kawiarenka/pomysly/<int:idea_id>/usun/",
        views.cafe.idea_delete,
        name="cafe_idea_delete",
    ),
    path("<int:pk>/kawiarenka/sciana/", views.cafe.wall, name="cafe_wall"),
    # Citizen jury: the organisers' page and its forms, the applicant list,
    # the residents' application, the draw, the protocol's files.
    path("<int:pk>/panel/", views.jury.organise, name="jury_organise"),
    path("<int:pk>/panel/ustawienia/", views.jury.settings_save, name="jury_settings"),
    path("<int:pk>/panel/cechy/", views.jury.stratum_save, name="jury_stratum_add"),
    path(
        "<int:pk>/panel/cechy/<int:stratum_id>/",
        views.jury.stratum_save,
        name="jury_stratum_edit",
    ),
    path(
        "<int:pk>/panel/cechy/<int:stratum_id>/usun/",
        views.jury.stratum_delete,
        name="jury_stratum_delete",
    ),
    path("<int:pk>/panel/kwoty/", views.jury.quotas_save, name="jury_quotas"),
    path("<int:pk>/panel/adresy/", views.jury.addresses_upload, name="jury_addresses"),
    path("<int:pk>/panel/listy/", views.jury.sample, name="jury_sample"),
    path("<int:pk>/panel/listy/druk/", views.jury_letters.letters, name="jury_letters"),
    path(
        "<int:pk>/panel/listy/druk/stan/",
        views.jury_letters.letters_state,
        name="jury_letters_state",
    ),
    path(
        "<int:pk>/panel/listy/druk/plik/",
        views.jury_letters.letters_download,
        name="jury_letters_file",
    ),
    path(
        "<int:pk>/panel/zgloszenia/", views.jury.applications, name="jury_applications"
    ),
    path("<int:pk>/panel/zglos/", views.jury.apply, name="jury_apply"),
    path("<int:pk>/panel/wycofaj/", views.jury.withdraw, name="jury_withdraw"),
    path(
        "<int:pk>/panel/losowanie/zobowiazanie/",
        views.jury.commit,
        name="jury_commit",
    ),
    path("<int:pk>/panel/losowanie/", views.jury.draw_start, name="jury_draw"),
    path(
        "<int:pk>/panel/losowanie/stan/",
        views.jury.draw_state,
        name="jury_draw_state",
    ),
    path("<int:pk>/panel/zastepstwo/", views.jury.replace, name="jury_replace"),
    path(
        "<int:pk>/panel/protokol/<str:name>",
        views.jury.protocol_file,
        name="jury_file",
    ),
]
# A citizen jury's recommendations, votes and the mayor's responses.
urlpatterns += jury_votes_urls.urlpatterns
