from django.core.management.base import BaseCommand
from django.db import transaction

from jobs import board


class Command(BaseCommand):
    help = (
        "Build the board's index if no snapshot is current and publish it, so that web "
        "workers starting after a release load it instead of waiting for one to build it."
    )

    def handle(self, *args, **options):
        index = board.current_index()
        if index.writer is None:
            with transaction.atomic():
                board.publish(index)
        self.stdout.write(f"Board snapshot published: {len(index)} published roles.")
