from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department


class DepartmentViewSet(SnippetViewSet):
    """Editors keep the office's departments up to date in the Wagtail admin;
    officials are put into a department in the Django admin."""

    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_name = "departments"
    menu_order = 700
    add_to_admin_menu = True
    list_display = ["name", "short_name", "email"]
    # Department is not in the search index: filter with the ORM instead.
    search_fields = ["name", "short_name"]
    search_backend_name = None
    ordering = ["name"]


register_snippet(DepartmentViewSet)
