"""The background workers as the site sees them: each live worker holds an advisory lock of its
own (in LOCK_SPACE, on a connection of its own, for as long as its process lives), which lets
any process tell live workers from dead ones without a heartbeat table: PostgreSQL lets go of
a lock when the process holding it dies, however it dies.

- `Liveness`: the thread of `manage.py run_worker` that holds its lock and, every
  RECOVER_EVERY_SECONDS, queues again the tasks dead workers left running.
- `state()`: how many workers are alive and how long the oldest due task has waited, for
  /healthz.
"""

import logging
import threading
import time
from dataclasses import dataclass

import psycopg
from django.db import connection
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("ladder.worker")

# The first key of the workers' advisory locks; the second is a hash of the worker's id.
LOCK_SPACE = 7_301_200
RECOVER_EVERY_SECONDS = 15.0


def requeue_orphans(cursor, own_worker_id: str) -> int:
    """Queue again the tasks marked running by workers that are gone (their lock is free), in
    one transaction on `cursor`'s connection; how many."""
    cursor.execute(
        f"""
        UPDATE {DBTaskResult._meta.db_table} SET status = 'READY', started_at = NULL
        WHERE status = 'RUNNING'
          AND worker_ids ->> -1 IS DISTINCT FROM %s
          AND pg_try_advisory_xact_lock(%s::int, hashtext(worker_ids ->> -1))
        """,
        [own_worker_id, LOCK_SPACE],
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
            self.conn.execute(
                "SELECT pg_advisory_lock(%s::int, hashtext(%s))", [LOCK_SPACE, self.worker_id]
            )
            self.held.set()
        with self.conn.transaction(), self.conn.cursor() as cursor:
            requeued = requeue_orphans(cursor, self.worker_id)
        if requeued:
            logger.warning("Queued again %d task(s) left running by a worker that died.", requeued)


@dataclass(frozen=True)
class State:
    workers: int
    due: int
    oldest_due_seconds: float


def state() -> State:
    """Live workers, and the tasks due to run (not waiting for a later moment) with how long
    the oldest has waited, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                 AND classid::bigint = %s AND objsubid = 2),
              count(*),
              coalesce(extract(epoch FROM now() - min(greatest(run_after, enqueued_at))), 0)
            FROM {DBTaskResult._meta.db_table}
            WHERE status = 'READY' AND run_after <= now()
            """,
            [LOCK_SPACE],
        )
        workers, due, oldest = cursor.fetchone()
    return State(workers=workers, due=due, oldest_due_seconds=float(oldest))
