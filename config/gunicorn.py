"""gunicorn settings for `make run`; production may pass its own on the command line."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 2
timeout = 30
graceful_timeout = 10
# Django logs one JSON line per request (core/middleware.py), so gunicorn's access log is off.
accesslog = None
errorlog = "-"

loglevel = "info"
# Several servers may run on one machine (make run beside the test suite); none uses
# gunicorn's control socket, whose default path would be shared between them.
control_socket_disable = True


def post_worker_init(worker):
    """Build the job board's in-memory index before the worker takes its first request, so
    no reader waits for it (jobs.board)."""
    from django.db import DatabaseError, connection

    from jobs.board import current_index

    try:
        current_index()
    except DatabaseError:
        worker.log.warning("The job board's index will be built on the first request.")
    finally:
        connection.close()
