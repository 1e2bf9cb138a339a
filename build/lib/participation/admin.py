from django.contrib import admin

from .models import Organisation, OrganisationMembership


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "krs", "verified"]
    list_filter = ["verified"]
    search_fields = ["name", "krs"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
