"""HTTP for the connectors: time and size limits, retries with backoff (5xx, 429 Retry-After, timeouts,
malformed answers), hosts kept to an allowlist across redirects, and error messages with every secret
blanked out. Standard library only, so that a connector adds no dependency."""
from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger("watchfloor.sources")

RETRIED_STATUS = {408, 425, 429, 500, 502, 503, 504}


class SourceError(Exception):
    """A source that cannot be fetched or read now; the message names the source and never a credential."""


class Refused(SourceError):
    """HTTP 401 or 403: the source refused the credentials (or a token that has expired)."""


class Malformed(SourceError):
    """An answer that is not in the source's published layout (retried: a proxy's error page, a cut-off body)."""


@dataclass
class Answer:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Malformed(f"{_where(self.url)}: the answer is not JSON ({exc.__class__.__name__}); "
                            f"it begins {self.body[:60]!r}") from None


@dataclass
class Fetcher:
    """One source's HTTP settings. `secrets` are blanked out of every message; `hosts`, when given, are the only
    hosts a request (or a redirect) may reach."""
    timeout: float = 20.0             # seconds for the whole answer
    retries: int = 3                  # attempts after the first
    backoff: float = 1.0              # seconds; doubles each retry
    max_wait: float = 60.0            # longest pause, Retry-After included
    max_bytes: int = 200 * 1024 * 1024
    secrets: list[str] = field(default_factory=list)
    hosts: set[str] | None = None
    sleep: Callable[[float], None] = time.sleep
    attempts: int = 0                 # counted across the fetcher's life (reported with the run)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "***")
                text = text.replace(urllib.parse.quote(secret, safe=""), "***")
                text = text.replace(urllib.parse.quote_plus(secret), "***")
        return text

    def get(self, url: str, params: dict | None = None, headers: dict | None = None,
            parse: Callable[[Answer], Any] | None = None, missing_ok: bool = False) -> Any:
        """The answer to a GET (parsed by `parse`, whose Malformed errors are retried too); None for a 404 when
        `missing_ok`."""
        if params:
            url = url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return self.request("GET", url, None, headers, parse, missing_ok)

    def post_form(self, url: str, form: dict, parse: Callable[[Answer], Any] | None = None) -> Any:
        data = urllib.parse.urlencode(form).encode()
        return self.request("POST", url, data, {"Content-Type": "application/x-www-form-urlencoded"}, parse)

    def request(self, method: str, url: str, data: bytes | None, headers: dict | None,
                parse: Callable[[Answer], Any] | None = None, missing_ok: bool = False) -> Any:
        last = ""
        for attempt in range(self.retries + 1):
            self.attempts += 1
            wait = self.backoff * (2 ** attempt)
            try:
                answer = self._once(method, url, data, headers or {})
                if answer.status == 404 and missing_ok:
                    return None
                if answer.status in (401, 403):
                    raise Refused(f"{_where(url)}: HTTP {answer.status}: the source refused the credentials "
                                  "(check them, and that the account may use this API)")
                if answer.status in RETRIED_STATUS:
                    last = f"HTTP {answer.status}"
                    wait = max(wait, _retry_after(answer.headers.get("retry-after")))
                elif answer.status >= 400:
                    raise SourceError(f"{_where(url)}: HTTP {answer.status}: {_snippet(answer.body)}")
                else:
                    return parse(answer) if parse else answer
            except Malformed as exc:
                last = str(exc)
            except (socket.timeout, TimeoutError):
                last = f"no complete answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, SourceError):
                    raise SourceError(self.redact(str(exc.reason))) from None
                last = f"cannot connect ({exc.reason})"
            except ConnectionError as exc:
                last = f"connection lost ({exc.__class__.__name__})"
            except SourceError as exc:
                raise exc.__class__(self.redact(str(exc))) from None
            if attempt < self.retries:
                pause = min(wait, self.max_wait)
                log.info("%s", self.redact(f"{_where(url)}: {last}; retrying in {pause:g} s"))
                self.sleep(pause)
        raise SourceError(self.redact(f"{_where(url)}: {last} (after {self.retries + 1} attempts)"))

    def _once(self, method: str, url: str, data: bytes | None, headers: dict) -> Answer:
        self._check_host(url)
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"User-Agent": "watchfloor", **headers})
        opener = urllib.request.build_opener(_Redirects(self))
        deadline = time.monotonic() + self.timeout
        try:
            response = opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            body = exc.read(4096) if exc.fp else b""
            return Answer(url, exc.code, {k.lower(): v for k, v in exc.headers.items()}, body)
        with response:
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise SourceError(f"{_where(url)}: the answer is larger than {self.max_bytes:,} bytes; "
                                      "not read")
                chunks.append(chunk)
            return Answer(response.geturl(), response.status,
                          {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks))

    def _check_host(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise SourceError(f"{_where(url)}: only http and https URLs are fetched")
        if self.hosts is not None and (parts.hostname or "").lower() not in self.hosts:
            raise SourceError(f"{_where(url)}: host {parts.hostname!r} is neither the feed's own nor on the "
                              "editors' allowlist; not fetched")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects follow the same host rules as the first request."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.fetcher._check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 0.0


def _where(url: str) -> str:
    """The URL without its query string (which may carry a key on some APIs)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def _snippet(body: bytes) -> str:
    text = body[:200].decode("utf-8", "replace")
    return " ".join(text.split()) or "(empty answer)"
