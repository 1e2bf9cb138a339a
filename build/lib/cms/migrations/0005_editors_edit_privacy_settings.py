"""Editors may change the personal data settings (controller, data protection
officer) that the sign-up form's information clause names."""

from django.db import migrations

EDITORS = "Editors"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="cms", codename="change_privacysettings"
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name=EDITORS):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cms", codename="change_privacysettings"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_legal_pages_privacy_settings"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
