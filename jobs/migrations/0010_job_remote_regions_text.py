from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0009_content_version"),
    ]

    operations = [
        # Kept under another name until 0011 has read it into regions and countries.
        migrations.RenameField(
            model_name="job", old_name="remote_regions", new_name="remote_regions_text"
        ),
    ]
