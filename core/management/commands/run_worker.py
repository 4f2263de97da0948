"""Run the background worker (django-tasks' `db_worker`, with its options) so that it rides out
a database outage, and so that no task is left behind by a worker that died.

- **Outages.** While PostgreSQL is unreachable the worker logs one line, waits (1 s, then twice
  as long each time, at most MAX_RETRY_SECONDS) and tries again; once the database answers it
  carries on, first queueing again the task it was running when the database went away (its
  end could not be recorded). Any other error still ends it.
- **Workers that died.** Each worker holds, on a connection of its own, an advisory lock named
  after its id for as long as it lives; PostgreSQL lets go of it when the process dies however
  it dies (`kill -9`, a lost machine). Every 15 s (core/workers.py), and when it starts, a worker
  queues again the tasks still marked running by a worker whose lock nobody holds. So a task
  interrupted by a crash runs again within a minute, wherever a worker is alive; tasks are
  written to be run twice safely (alert digests remember what they sent).
- **At start** it runs what the apps registered to run when a worker starts
  (core.maintenance.register_start: the alerts schedule is started if it is not running).

Stopping it (Ctrl-C, SIGTERM) works in the middle of a wait too.
"""

import logging
import time

from django.db import connection, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core import maintenance
from core.logs import DATABASE_UNAVAILABLE
from core.workers import Liveness

logger = logging.getLogger("ladder.worker")

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0
# A run that lasted this long counts as the database having come back: the next wait is short.
STEADY_SECONDS = 60.0


class Command(db_worker.Command):
    help = "Run queued tasks, riding out database outages (django-tasks' db_worker options)."

    def handle(self, *args, worker_id: str, **options):
        wait = FIRST_RETRY_SECONDS
        outage_started = None
        liveness = Liveness(worker_id)
        liveness.start()
        first = True
        while True:
            started = time.monotonic()
            try:
                # Its lock first, so that no other worker takes this one's tasks for dead.
                while not liveness.held.wait(1):
                    connection.ensure_connection()  # raises while the database is down
                if first:
                    maintenance.run_start()
                    first = False
                if outage_started is not None:
                    self.requeue_interrupted(worker_id)
                    logger.warning(
                        "The database is back after %.0f s; the worker carries on.",
                        time.monotonic() - outage_started,
                    )
                    outage_started = None
                return super().handle(*args, worker_id=worker_id, **options)
            except DATABASE_UNAVAILABLE as error:
                if time.monotonic() - started > STEADY_SECONDS:
                    wait = FIRST_RETRY_SECONDS
                if outage_started is None:
                    outage_started = time.monotonic()
                reason = str(error).strip().splitlines()
                logger.warning(
                    "The database is unavailable (%s); the worker tries again in %.0f s.",
                    reason[0] if reason else type(error).__name__,
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, MAX_RETRY_SECONDS)

    @staticmethod
    def requeue_interrupted(worker_id: str) -> None:
        """The tasks this worker had claimed when the database went away: their end was never
        recorded, so they run again."""
        requeued = DBTaskResult.objects.filter(
            status="RUNNING", worker_ids__contains=[worker_id]
        ).update(status="READY", started_at=None)
        if requeued:
            logger.warning("Queued again %d task(s) interrupted by the outage.", requeued)
