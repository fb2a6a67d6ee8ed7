"""One JSON line per log record, tagged with the id of the request that produced it."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import InterfaceError, OperationalError

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs 4xx responses after the middleware chain has returned: fall back to the id
        # stored on the request passed with the record.
        request = getattr(record, "request", None)
        record.request_id = request_id_var.get()
        if record.request_id == "-" and hasattr(request, "id"):
            record.request_id = request.id
        return True


# SQLSTATE classes of a database that cannot be reached: connection exceptions (08), shutting
# down or starting up (57P01-57P03), out of connections (53300).
_UNAVAILABLE_STATES = ("08", "57P", "53300")


def database_unavailable(exception):
    """Whether `exception` says the database cannot be reached (stopped, restarting, connection
    lost) rather than that a query failed: the request may simply be tried again later.

    A refused connection has no SQLSTATE. Other operational errors (a deadlock, a cancelled
    query) are faults to look into: they keep the 500 page and their traceback.
    """
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    state = getattr(exception.__cause__, "sqlstate", None)
    return state is None or state.startswith(_UNAVAILABLE_STATES)


class ExpectedErrorsFilter(logging.Filter):
    """Refused requests (4xx) and requests that found the database unavailable are logged on one
    line, with the exception's own words but without its traceback: they are expected, and a
    scanner or a database restart would otherwise fill the log with tracebacks. Errors of our own
    code (other 5xx) keep theirs.

    Set on the "django.request" logger, so that every handler gets the short record, and on the
    console handler for the "django.security.<Name>" loggers of SuspiciousOperation.
    """

    def filter(self, record):
        if not record.exc_info:
            return True
        exception = record.exc_info[1]
        status = getattr(record, "status_code", None) or 0
        if 400 <= status < 500 or database_unavailable(exception):
            reason = str(exception).strip().splitlines()
            detail = (
                f"{type(exception).__name__}: {reason[0]}" if reason else type(exception).__name__
            )
            record.msg = f"{record.getMessage()} ({detail})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # json.dumps escapes newlines, so a traceback stays on one line.
        return json.dumps(entry, ensure_ascii=False, default=str)
