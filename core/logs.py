"""Log records as one JSON object per line, for whatever collects the process's output.

Every record carries its time, level, logger and message; the request log and the slow-query
log add their fields through ``extra={"fields": {...}}``. A traceback, when there is one, is a
field of the same line, so one event is always one line.
"""

import json
import logging
from datetime import UTC, datetime

from django.db import InterfaceError, OperationalError

# The database is down or the connection broke: the request is answered with the 503 page,
# and the request log says so in one line. Nothing in the code is wrong, so no traceback.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class SkipLoggedElsewhere(logging.Filter):
    """For the ``django.request`` logger: drop what the request log already says.

    Django logs every response of 400 and above ("Not Found: /x"), and a database outage as
    an error with a traceback. The request log has one line for each of them; only the
    tracebacks of real errors are worth a line of their own.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or record.exc_info[0] is None:
            return False
        return not issubclass(record.exc_info[0], DATABASE_UNAVAILABLE)
