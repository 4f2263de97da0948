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
        for model, fields in [
            (CultureTag, ["explanation_html"]),
            (Company, ["about_html", "size_band"]),
            (Guide, ["body_html", "faq", "toc", "reading_minutes"]),
            (Job, ["description_html"]),
        ]:
            objects = list(model.objects.all())
            for obj in objects:
                obj.render()
            model.objects.bulk_update(objects, fields, batch_size=500)
            self.stdout.write(f"Rendered {len(objects)} {model._meta.verbose_name_plural}.")
