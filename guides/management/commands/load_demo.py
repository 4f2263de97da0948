from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo content into an empty database. Running it again adds nothing."

    def handle(self, *args, **options):
        self.stdout.write("No demo content to load.")
