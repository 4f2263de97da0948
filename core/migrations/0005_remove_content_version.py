from django.db import migrations


class Migration(migrations.Migration):
    """The single version row goes once no trigger writes to it any more."""

    dependencies = [
        ("core", "0004_change_log"),
        ("companies", "0016_change_log_and_pay_at_read_time"),
        ("guides", "0013_change_log"),
        ("jobs", "0021_change_log_snapshots_and_pay_at_read_time"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="contentversion",
            name="contentversion_single_row",
        ),
        migrations.DeleteModel(
            name="ContentVersion",
        ),
    ]
