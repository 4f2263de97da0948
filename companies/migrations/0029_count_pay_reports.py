from django.db import migrations

from core.backfill import in_batches

# The rule as it stood when the column came (companies.models.PAY_COUNTED_SQL).
COUNTED = """
companies_payreport.status = 'approved' AND (companies_payreport.author_id IS NULL OR (
  NOT EXISTS (
    SELECT 1 FROM companies_payreport newer
     WHERE newer.status = 'approved' AND newer.author_id = companies_payreport.author_id
       AND newer.company_id = companies_payreport.company_id
       AND newer.level = companies_payreport.level AND newer.track = companies_payreport.track
       AND (newer.created_at, newer.id) > (companies_payreport.created_at, companies_payreport.id))
  AND NOT EXISTS (
    SELECT 1 FROM companies_payreport newer
     WHERE newer.status = 'approved' AND newer.author_id IS NOT NULL
       AND newer.company_id = companies_payreport.company_id
       AND newer.level = companies_payreport.level AND newer.track = companies_payreport.track
       AND coalesce(host(newer.submitted_from), 'account ' || newer.author_id)
           = coalesce(host(companies_payreport.submitted_from),
                      'account ' || companies_payreport.author_id)
       AND (newer.created_at, newer.id) > (companies_payreport.created_at, companies_payreport.id)
       AND NOT EXISTS (
         SELECT 1 FROM companies_payreport newest
          WHERE newest.status = 'approved' AND newest.author_id = newer.author_id
            AND newest.company_id = newer.company_id
            AND newest.level = newer.level AND newest.track = newer.track
            AND (newest.created_at, newest.id) > (newer.created_at, newer.id)))))
"""


def count(apps, schema_editor):
    """Decide which reports count, for a batch of companies at a time in transactions of their
    own, so that no reader's report waits on the whole table."""
    PayReport = apps.get_model("companies", "PayReport")
    ids = sorted(set(PayReport.objects.values_list("company_id", flat=True)))
    in_batches(
        schema_editor,
        "UPDATE companies_payreport SET counted = NOT counted "
        f"WHERE company_id = ANY(%s) AND counted <> ({COUNTED})",
        ids,
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0028_pay_reports_counted"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop, elidable=True)]
