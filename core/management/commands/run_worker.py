"""Run the background worker (django-tasks' `db_worker`, with its options) so that it rides out
a database outage, and so that no task is left behind by a worker that died.

- **Outages.** While PostgreSQL is unreachable the worker logs one line, waits (1 s, then twice
  as long each time, at most MAX_RETRY_SECONDS) and tries again; once the database answers it
  carries on, first queueing again the task it was running when the database went away (its
  end could not be recorded). Any other error still ends it.
- **Workers that died.** Each worker holds, on a connection of its own, an advisory lock named
  after its id for as long as it lives; PostgreSQL lets go of it when the process dies however
  it dies (`kill -9`, a lost machine). Every RECOVER_EVERY_SECONDS, and when it starts, a worker
  queues again the tasks still marked running by a worker whose lock nobody holds. So a task
  interrupted by a crash runs again within a minute, wherever a worker is alive; tasks are
  written to be run twice safely (alert digests remember what they sent).
- **At start** it runs what the apps registered to run when a worker starts
  (core.maintenance.register_start: the alerts schedule is started if it is not running).

Stopping it (Ctrl-C, SIGTERM) works in the middle of a wait too.
"""

import logging
import threading
import time

import psycopg
from django.db import connection, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core import maintenance
from core.logs import DATABASE_UNAVAILABLE

logger = logging.getLogger("ladder.worker")

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0
# A run that lasted this long counts as the database having come back: the next wait is short.
STEADY_SECONDS = 60.0
RECOVER_EVERY_SECONDS = 15.0

_LOCK = "hashtextextended('ladder-worker:' || %s, 0)"


def requeue_orphans(cursor, own_worker_id: str) -> int:
    """Queue again the tasks marked running by workers that are gone (their lock is free), in
    one transaction on `cursor`'s connection; how many."""
    cursor.execute(
        f"""
        UPDATE {DBTaskResult._meta.db_table} SET status = 'READY', started_at = NULL
        WHERE status = 'RUNNING'
          AND worker_ids ->> -1 IS DISTINCT FROM %s
          AND pg_try_advisory_xact_lock(hashtextextended('ladder-worker:' || (worker_ids ->> -1), 0))
        """,
        [own_worker_id],
    )
    return cursor.rowcount


class Liveness(threading.Thread):
    """Holds this worker's lock on a connection of its own, takes it again after an outage,
    and every RECOVER_EVERY_SECONDS queues again what dead workers left running."""

    def __init__(self, worker_id: str):
        super().__init__(name="liveness", daemon=True)
        self.worker_id = worker_id
        self.params = connection.get_connection_params()
        self.conn: psycopg.Connection | None = None
        self.held = threading.Event()

    def run(self) -> None:
        while True:
            try:
                self.beat()
            except psycopg.Error:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                self.held.clear()
            # Soon again while the lock is not held: until then another worker may take this
            # one's running tasks for dead.
            time.sleep(RECOVER_EVERY_SECONDS if self.held.is_set() else 1)

    def beat(self) -> None:
        if self.conn is None or self.conn.closed:
            self.conn = psycopg.connect(**self.params, autocommit=True)
            self.conn.execute(f"SELECT pg_advisory_lock({_LOCK})", [self.worker_id])
            self.held.set()
        with self.conn.transaction(), self.conn.cursor() as cursor:
            requeued = requeue_orphans(cursor, self.worker_id)
        if requeued:
            logger.warning("Queued again %d task(s) left running by a worker that died.", requeued)


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
