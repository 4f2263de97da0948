from django.core.management.base import BaseCommand

from companies.models import Company
from guides.models import Guide
from jobs.models import Job
from website.demo import load_companies, load_guides, load_jobs


class Command(BaseCommand):
    help = (
        "Load the demo content from the data files in website/demo/. Each part (directory, job board, guides) is loaded only when "
        "it is empty, so running this again adds nothing twice and never touches edits."
    )

    def handle(self, *args, **options):
        if Company.objects.exists():
            self.stdout.write("Directory already has companies; demo companies not loaded.")
        else:
            created = load_companies()
            self.stdout.write(f"Loaded {created} demo companies.")

        if Job.objects.exists():
            self.stdout.write("Job board already has roles; demo roles not loaded.")
        else:
            created = load_jobs()
            self.stdout.write(f"Loaded {created} demo roles.")

        if Guide.objects.exists():
            self.stdout.write("Guides already exist; demo guides not loaded.")
        else:
            created = load_guides()
            self.stdout.write(f"Loaded {created} demo guides.")
