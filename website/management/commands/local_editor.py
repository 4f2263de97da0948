import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from website.editors import EDITORS

USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "Make sure the local editor account exists, in the Editors group and not a superuser, "
        "with the password kept in --password-file (generated on first use), and print the "
        "sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password-file", type=Path, required=True)
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, password_file: Path, url: str, **options):
        if not password_file.exists():
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.touch(mode=0o600)
            password_file.write_text(secrets.token_urlsafe(18))
        password = password_file.read_text().strip()

        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS))

        admin_url = url.rstrip("/") + "/admin/"
        self.stdout.write(
            f"\nLadder is running at {url}\n"
            f"Editors sign in at {admin_url} as {USERNAME!r} with password {password!r}\n"
            f"(the password is kept in {password_file}). Press Ctrl-C to stop.\n\n"
        )
