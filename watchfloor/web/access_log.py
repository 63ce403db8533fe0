"""The server's access log: one line per request on the `watchfloor.access` logger — client, user, method,
path, status, bytes and milliseconds. `watchfloor serve` sends it to stderr or to `--access-log FILE`.

A plain ASGI middleware: it reads only the response head and counts body bytes, so it costs microseconds.
Credentials never appear: the path and query are logged, not the headers or the body.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

log = logging.getLogger("watchfloor.access")


class AccessLog:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status, size = 0, 0

        async def counting_send(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            caller = (scope.get("state") or {}).get("caller")
            client = scope.get("client")
            query = scope.get("query_string", b"").decode("latin-1")
            log.info('%s %s "%s %s%s" %d %d %.1fms', client[0] if client else "-",
                     caller.user.name if caller else "-", scope["method"], scope["path"],
                     f"?{query}" if query else "", status or 500, size, (time.perf_counter() - started) * 1000)


def configure(target: str | None) -> None:
    """Send the access log and the login log (`watchfloor.auth`) to a file, or '-' for stderr; None: off
    for the access log (the login log still goes to stderr)."""
    formatter = logging.Formatter("%(asctime)s %(name)s %(message)s")
    errors = logging.StreamHandler(sys.stderr)
    errors.setFormatter(formatter)
    auth = logging.getLogger("watchfloor.auth")
    auth.setLevel(logging.INFO)
    auth.addHandler(errors)
    if target is None:
        log.setLevel(logging.WARNING)
        return
    if target == "-":
        handler: logging.Handler = errors
    else:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8")
        handler.setFormatter(formatter)
        auth.addHandler(handler)
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    log.propagate = auth.propagate = False
