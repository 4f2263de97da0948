from django.core.management.base import BaseCommand
from django.db import transaction

from companies.models import Company, CultureTag
from guides.models import Guide
from jobs.models import Job


class Command(BaseCommand):
    help = (
        "Render every stored Markdown field again, after a change to the renderer or its "
        "allowlist. Content and dates are left as they are."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for model in [CultureTag, Company, Guide, Job]:
            objects = list(model.objects.all())
            for obj in objects:
                obj.derive(force=True)
            model.objects.bulk_update(objects, model.DERIVED_FIELDS, batch_size=500)
            self.stdout.write(f"Rendered {len(objects)} {model._meta.verbose_name_plural}.")
