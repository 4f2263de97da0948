"""gunicorn settings for `make run`; production may pass its own on the command line."""

import os

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
