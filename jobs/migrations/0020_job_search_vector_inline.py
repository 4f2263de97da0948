"""Keep each role's search vector in its table row, compressed if need be, and move the long
description and its HTML out to the TOAST table instead.

Search reads the vector of every role it walks past (newest first, until it has enough
matches) and of every role it samples for its estimated total; stored out of line, each was a
TOAST index lookup and another page (three times the pages read for "tech lead" at 200,000
roles). The description and its HTML are read only for the page's twenty snippets.

SET STORAGE applies to rows written from now on; VACUUM FULL writes the existing ones again
under it (a few seconds per 10,000 roles, with the table locked), so it cannot run in a
transaction; a plain VACUUM then marks the pages all-visible again for index-only scans.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("jobs", "0019_board_change_log")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE jobs_job ALTER COLUMN search_vector SET STORAGE MAIN",
            "ALTER TABLE jobs_job ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
        migrations.RunSQL("VACUUM FULL jobs_job", migrations.RunSQL.noop),
        # VACUUM FULL leaves the visibility map empty, and index-only scans need it.
        migrations.RunSQL("VACUUM ANALYZE jobs_job", migrations.RunSQL.noop),
    ]
