from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["culturetag", "company", "companytag", "review", "compsignal"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so
    # the group can be given them in the same run.
    app_config = apps.get_app_config("companies")
    app_config.models_module = True  # the historical app registry leaves it unset
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="companies", content_type__model__in=MODELS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="companies", content_type__model__in=MODELS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_editors_group"),
        ("companies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
