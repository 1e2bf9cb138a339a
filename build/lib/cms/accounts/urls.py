from django.urls import path

from . import views

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("moje-dane.json", views.data_export, name="account_data_export"),
    path("usun/", views.account_delete, name="account_delete"),
]
