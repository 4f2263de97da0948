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
        "with the password kept in --password-file (generated on first use). `make run` prints "
        "the sign-in once the site answers (scripts/with_worker.py --announce)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password-file", type=Path, required=True)

    def handle(self, *args, password_file: Path, **options):
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
        self.stdout.write(
            f"The editor account {USERNAME!r} is ready (its password: {password_file})."
        )
