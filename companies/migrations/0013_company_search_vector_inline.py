"""Keep each company's search vector in its table row, compressed if need be, rather than out
of line in the TOAST table: site search ranks every company that matches (1,666 of 10,000 for
"tech lead"), and each vector stored out of line cost a TOAST lookup and another page. The
about text and its HTML, read only on a company's own page, move out of line instead.

SET STORAGE applies to rows written from now on; VACUUM FULL writes the existing ones again
under it, so it cannot run in a transaction; a plain VACUUM then marks the pages all-visible again.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("companies", "0012_company_directory_columns")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE companies_company ALTER COLUMN search_vector SET STORAGE MAIN",
            "ALTER TABLE companies_company ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
        migrations.RunSQL("VACUUM FULL companies_company", migrations.RunSQL.noop),
        # VACUUM FULL leaves the visibility map empty, and index-only scans need it.
        migrations.RunSQL("VACUUM ANALYZE companies_company", migrations.RunSQL.noop),
    ]
