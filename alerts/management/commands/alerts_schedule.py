from django.core.management.base import BaseCommand

from alerts import tasks
from alerts.models import Schedule


class Command(BaseCommand):
    help = (
        "Make sure the email-alert schedule is running: start its chain of worker runs when "
        "there is none or the last one stopped (run at every deploy; `make run` does it)."
    )

    def handle(self, *args, **options):
        started = tasks.ensure_running()
        schedule = Schedule.objects.get(pk=tasks.NAME)
        if started:
            self.stdout.write("Email alerts: the schedule starts with the worker's next poll.")
        else:
            self.stdout.write(
                f"Email alerts: the schedule is running; next run at {schedule.next_run_at:%Y-%m-%d %H:%M:%S} UTC."
            )
