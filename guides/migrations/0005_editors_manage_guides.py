from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["guide", "author"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("guides")
    app_config.models_module = True  # the historical app registry leaves it unset
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label="guides", content_type__model__in=MODELS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.remove(
        *Permission.objects.filter(content_type__app_label="guides")
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0004_guides")]

    operations = [migrations.RunPython(grant, revoke)]
