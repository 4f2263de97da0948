"""gunicorn settings for `make run`; production may pass its own on the command line."""

import gc
import os
import shutil
import signal
import tempfile

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# One thread per worker serves the application, one request at a time: a page is
# Python-bound, and two requests served by threads of one process share its interpreter lock.
# The worker's event loop reads each request whole before that thread sees it, so a client
# that sends slowly costs a socket, not a worker (config/serving.py, docs/operations.md).
wsgi_app = "config.wsgi:application"
worker_class = "config.serving.BufferingWorker"
threads = 1
# Connections each worker holds open at once, requests being read included.
worker_connections = 1000
# No keep-alive: each request comes on a connection of its own, which whichever worker is free
# accepts, rather than following its client to a worker that may be busy. nginx speaks to
# gunicorn this way too (HTTP/1.0).
keepalive = 0
timeout = 30
graceful_timeout = 10
# Django logs one JSON line per request (core/middleware.py), so gunicorn's access log is off.
accesslog = None
errorlog = "-"

loglevel = "info"
# Several servers may run on one machine (make run beside the test suite); none uses
# gunicorn's control socket, whose default path would be shared between them.
control_socket_disable = True

# Each worker's Prometheus counts are kept in files here, and /metrics adds them up
# (core/metrics.py). A folder of this server's own, emptied at each start, unless one is given.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ladder-metrics-")
    _metrics_folder_is_ours = True
else:
    _metrics_folder_is_ours = False


def child_exit(server, worker):
    """A worker's counts stay counted after it ends; its live gauges do not."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _metrics_folder_is_ours:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def post_worker_init(worker):
    """Ctrl-C reaches every process of the terminal's group, and gunicorn's master answers it
    with SIGQUIT to its workers: a worker then exits at once, in the middle of the request it
    is serving, which then fails. Let it finish that request and stop, as on SIGTERM; the
    master still kills it after graceful_timeout.

    The application is loaded by now: its 100,000 objects (Django, the apps, their modules)
    live as long as the worker, so they are left out of garbage collection. A full collection,
    which stops a request, then took 9 ms instead of 33 at 200,000 roles."""
    signal.signal(signal.SIGINT, worker.handle_exit)
    signal.signal(signal.SIGQUIT, worker.handle_exit)
    gc.freeze()
