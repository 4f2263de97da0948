from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built beside the writes: an index built in a transaction would hold every reader's
    # report until it is done.
    atomic = False

    dependencies = [
        ("companies", "0029_count_pay_reports"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="payreport",
            index=models.Index(
                condition=models.Q(("counted", True)),
                fields=["company", "level", "track"],
                name="payreport_counted_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="payreport",
            index=models.Index(
                condition=models.Q(("counted", True)),
                fields=["level", "track"],
                name="payreport_counted_level_idx",
            ),
        ),
    ]
