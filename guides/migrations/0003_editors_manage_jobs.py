from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True  # the historical app registry leaves it unset
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label="jobs", content_type__model="job")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.remove(
        *Permission.objects.filter(content_type__app_label="jobs")
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0002_editors_manage_directory"), ("jobs", "0001_initial")]

    operations = [migrations.RunPython(grant, revoke)]
