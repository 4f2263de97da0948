# A role page's similar roles come from the board's index (jobs.board.similar_roles): the index
# that served them is dropped without locking writes.

from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0025_role_tallies"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="job", name="job_similar_idx"),
    ]
