from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "email"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin plus our profile fields; here staff put officials into
    their department."""

    list_display = [
        "email",
        "display_name",
        "department",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "department"]
    search_fields = ["email", "display_name", "username"]
    ordering = ["email"]
    autocomplete_fields = ["department"]
    readonly_fields = ["deleted_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "district", "department"]}),
        (
            _("Notifications"),
            {"fields": ["notify_replies", "notify_responses", "notify_followed"]},
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
