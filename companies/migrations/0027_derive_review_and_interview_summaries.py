from django.db import migrations
from django.db.models import Exists, OuterRef, Q

from core.backfill import in_batches


def derive(apps, schema_editor):
    """Derive the new columns for every company with published reviews or interview
    experiences (the others' defaults already say "none"), a batch at a time in transactions
    of their own, so that no editor's save or moderation decision waits on the whole table."""
    Company = apps.get_model("companies", "Company")
    InterviewExperience = apps.get_model("companies", "InterviewExperience")
    told = InterviewExperience.objects.filter(company=OuterRef("pk"), status="published")
    ids = list(
        Company.objects.filter(Q(review_count__gt=0) | Exists(told))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    in_batches(schema_editor, "UPDATE companies_company SET id = id WHERE id = ANY(%s)", ids)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0026_review_and_interview_summaries"),
    ]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop, elidable=True)]
