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
