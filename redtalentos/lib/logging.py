"""One JSON line per log record, tagged with the id of the request that produced it."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

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
