"""gunicorn settings for `make run`; production may pass its own on the command line."""

import gc
import os
import shutil
import signal
import tempfile

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Synchronous workers, one request at a time each: a page is Python-bound, and two requests
# served by threads of one process share its interpreter lock. With 2 threads per worker,
# two keep-alive clients that happened to land on the same worker took twice as long for a
# whole benchmark run (about half the runs); a sync worker closes each connection after its
# response, so the next request goes to whichever worker is free. Slow clients are nginx's
# to absorb in production (it buffers requests and responses, docs/deploy.md).
threads = 1
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
    with SIGQUIT to its workers: a sync worker exits at once, in the middle of the request it
    is serving, which then fails with a traceback. Let it finish that request and stop, as on
    SIGTERM; the master still kills it after graceful_timeout.

    The application is loaded by now: its 100,000 objects (Django, the apps, their modules)
    live as long as the worker, so they are left out of garbage collection. A full collection,
    which stops a request, then took 9 ms instead of 33 at 200,000 roles."""
    signal.signal(signal.SIGINT, worker.handle_exit)
    signal.signal(signal.SIGQUIT, worker.handle_exit)
    gc.freeze()
