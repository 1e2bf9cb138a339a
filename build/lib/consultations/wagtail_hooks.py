"""The draft act editor in the Wagtail admin: menu item, URLs, and a button on
the consultation page's edit screen."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import admin_views
from .models import ConsultationPage
from .permissions import can_edit_draft_act

admin_patterns = [
    path("", admin_views.index, name="index"),
    path("<int:page_id>/", admin_views.act, name="act"),
    path("<int:page_id>/paste/", admin_views.paste, name="paste"),
    path(
        "<int:page_id>/new-version/", admin_views.version_create, name="version_create"
    ),
    path("versions/<int:version_id>/", admin_views.version_detail, name="version"),
    path(
        "versions/<int:version_id>/publish/",
        admin_views.version_publish,
        name="version_publish",
    ),
    path(
        "versions/<int:version_id>/delete/",
        admin_views.version_delete,
        name="version_delete",
    ),
    path(
        "versions/<int:version_id>/provisions/add/",
        admin_views.provision_add,
        name="provision_add",
    ),
    path("provisions/<int:pk>/", admin_views.provision_edit, name="provision_edit"),
    path(
        "provisions/<int:pk>/delete/",
        admin_views.provision_delete,
        name="provision_delete",
    ),
    path(
        "provisions/<int:pk>/move/", admin_views.provision_move, name="provision_move"
    ),
]


@hooks.register("register_admin_urls")
def register_draft_act_urls():
    return [
        path(
            "draft-acts/",
            include(
                (admin_patterns, "consultations_admin"), namespace="consultations_admin"
            ),
        )
    ]


class DraftActsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_draft_act(request.user)


@hooks.register("register_admin_menu_item")
def register_draft_acts_menu_item():
    return DraftActsMenuItem(
        _("Draft acts"),
        reverse("consultations_admin:index"),
        name="draft-acts",
        icon_name="doc-full",
        order=250,
    )


@hooks.register("register_page_header_buttons")
def draft_act_button(page, user, view_name, next_url=None):
    if page.specific_class is ConsultationPage and can_edit_draft_act(user):
        yield Button(
            _("Draft act"),
            reverse("consultations_admin:act", args=[page.pk]),
            icon_name="doc-full",
            priority=40,
        )
