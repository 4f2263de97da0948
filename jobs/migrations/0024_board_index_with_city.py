# The board's covering index with the office's city (jobs.columns.ROLE_COLUMNS): the new one is
# built beside the old, without locking writes, and only then is the old one dropped.

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0017_submissions"),
        ("jobs", "0023_role_title_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="job",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["id"],
                include=(
                    "company_id",
                    "published_at",
                    "expires_at",
                    "level",
                    "track",
                    "discipline",
                    "workplace",
                    "annual_salary",
                    "salary_currency",
                    "hires_from",
                    "city",
                ),
                name="job_board_f1968b3e_idx",
            ),
        ),
        RemoveIndexConcurrently(
            model_name="job",
            name="job_board_columns_idx",
        ),
    ]
