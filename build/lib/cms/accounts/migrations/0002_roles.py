"""Creates the four role groups and gives each the permissions it needs.

Wagtail's own first migration already made "Editors" and "Moderators" for its page
workflow; here Editors may publish pages, and Moderators moderate contributions
(not pages), so their Wagtail page permissions are removed.
"""

from django.db import migrations

EDITORS, MODERATORS, OFFICIALS, FACILITATORS = (
    "Editors",
    "Moderators",
    "Officials",
    "Facilitators",
)


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (
        EDITORS, MODERATORS, OFFICIALS, FACILITATORS)}

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    access_admin = perm("wagtailadmin", "access_admin")
    editors = groups[EDITORS]
    editors.permissions.add(access_admin)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page",
                         "unlock_page", "delete_page"):
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root, permission=perm("wagtailcore", codename)
            )
        # Moderators moderate what residents write, not the pages editors publish.
        GroupPagePermission.objects.filter(group=groups[MODERATORS]).delete()
    GroupCollectionPermission.objects.filter(group=groups[MODERATORS]).delete()
    groups[MODERATORS].permissions.clear()
    collection = Collection.objects.filter(depth=1).first()
    if collection is not None:
        for app_label, model in (("cms", "publicdocument"), ("wagtailimages", "image")):
            for action in ("add", "change", "choose"):
                found = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if found:
                    GroupCollectionPermission.objects.get_or_create(
                        group=editors, collection=collection, permission=found
                    )
    for app_label, model in (("accounts", "department"),):
        for action in ("add", "change", "view"):
            editors.permissions.add(perm(app_label, f"{action}_{model}"))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[OFFICIALS, FACILITATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
