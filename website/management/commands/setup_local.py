from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare a local site in one process: apply migrations, load the demo content into "
        "empty parts, and make sure the local editor account exists (see local_editor)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password-file", type=Path, required=True)

    def handle(self, *args, password_file, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=self.stdout)
        mailer = settings.MAILERS["default"]
        if mailer["BACKEND"] == "core.mail.EmlFileBackend":
            self.stdout.write(
                f"Mail is written as .eml files to {mailer['OPTIONS']['file_path']} "
                "(set EMAIL_HOST to send it through SMTP)"
            )
        call_command("local_editor", password_file=password_file, stdout=self.stdout)
        call_command("alerts_schedule", stdout=self.stdout)
