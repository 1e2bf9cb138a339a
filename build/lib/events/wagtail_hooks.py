"""The events app in the Wagtail admin: the "Cancel the event" action in an
event's edit menu, its confirmation screen and its entry in the page history."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem

from . import admin_views
from .models import EventPage
from .services.changes import CANCEL_LOG_ACTION

admin_patterns = [
    path("<int:page_id>/cancel/", admin_views.cancel_event, name="cancel"),
]


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [path("events/", include((admin_patterns, "events_admin")))]


class CancelEventMenuItem(ActionMenuItem):
    label = _("Cancel the event")
    name = "action-cancel-event"
    icon_name = "cross"

    def is_shown(self, context):
        if context["view"] != "edit" or context.get("locked_for_user"):
            return False
        page = context["page"]
        if page.specific_class is not EventPage or not page.live:
            return False
        if page.specific_deferred.cancelled_at is not None:
            return False
        return self.get_user_page_permissions_tester(context).can_publish()

    def get_url(self, context):
        return reverse("events_admin:cancel", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_cancel_event_menu_item():
    return CancelEventMenuItem(order=60)


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    actions.register_action(
        CANCEL_LOG_ACTION, _("Cancel the event"), _("Event cancelled")
    )
