"""The site's schedule, run by the worker.

One chain of `run_schedule` tasks: each run sends the email alerts that are due
(alerts/digests.py), does the upkeep the apps registered (core/maintenance.py) and enqueues
the next run ALERTS_SCHEDULE_SECONDS later. Everything the schedule needs is in the database —
each saved search's next due time, the digests still to send, and the chain's next run (the
Schedule row) — and the runs themselves wait in the task queue, in the same database, so a
restarted worker picks up where it left off.

The Schedule row names the live chain by a token: a run carrying another token (a chain that
was replaced) sends what is due but does not continue, so there is never more than one chain.
`ensure_running()` starts a chain when there is none or the live one is overdue (its worker was
killed mid-run): the worker's start, `manage.py alerts_schedule`, and a reader turning alerts on
call it.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts import digests
from alerts.models import Schedule
from core import maintenance

NAME = "alerts"
TASK_PATH = "alerts.tasks.run_schedule"


def interval() -> timedelta:
    return timedelta(seconds=settings.ALERTS_SCHEDULE_SECONDS)


@task
def run_schedule(token: str) -> int:
    try:
        # The only run (itself at most): what a run that died was sending it did not finish
        # (core's run_worker queues such a run again).
        if DBTaskResult.objects.running().filter(task_path=TASK_PATH).count() <= 1:
            digests.release_abandoned()
        sent = digests.send_due_digests()
        maintenance.run()
        return sent
    finally:
        _continue(token)


def _continue(token: str) -> None:
    if not default_task_backend.supports_defer:
        return  # a backend that runs tasks at once (tests) cannot wait: no chain
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().filter(pk=NAME).first()
        if schedule is None or schedule.token != token:
            return  # a replaced chain ends here
        schedule.next_run_at = timezone.now() + interval()
        schedule.save(update_fields=["next_run_at"])
        run_after = schedule.next_run_at
        transaction.on_commit(
            lambda: run_schedule.using(run_after=run_after).enqueue(token), robust=False
        )


def ensure_running(now=None) -> bool:
    """Start the schedule's chain unless one is on time; True when one was started."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule, created = Schedule.objects.select_for_update().get_or_create(
            pk=NAME, defaults={"token": "", "next_run_at": now}
        )
        # Overdue by more than a run's interval: the run that should have continued it died.
        if not created and schedule.token and schedule.next_run_at > now - 2 * interval():
            return False
        schedule.token = uuid.uuid4().hex
        schedule.next_run_at = now
        schedule.save()
        token = schedule.token
        transaction.on_commit(lambda: run_schedule.enqueue(token))
    return True
