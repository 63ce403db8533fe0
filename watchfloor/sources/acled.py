"""ACLED's read API, with the user's own account (OAuth password login: ACLED_EMAIL, ACLED_PASSWORD).

Pages of `limit` rows (`page=1, 2, …` until a short page), filtered by country and, on the first run, by
event date from the `start` setting; later runs ask for rows whose `timestamp` (ACLED's last-change time) is
at or after the cursor's, so revised events arrive again and update the stored row by event_id_cnty. ACLED's
deletions endpoint gives the events it withdrew since the cursor's `deleted` time; they leave the store.
Rows come in ACLED's export field names, so they are ingested by the ACLED CSV layout.

The login's tokens are kept in the process's memory only (never in the store or a file), per API and
account: a run uses the access token while it is valid, and when it has expired (by its `expires_in`, or
because the API refuses it) asks for a new one with the refresh token (`grant_type=refresh_token`), logging
in with the password again only when there is no refresh token or the API refuses it. A long-running watch
thus logs in once, not at every run.

Settings: base_url (default https://acleddata.com), countries (ACLED country names or ISO3 codes), start
(YYYY-MM-DD), limit (rows per page).
"""
from __future__ import annotations

import hashlib
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date

import pycountry

from watchfloor.sources import Batch, Connector, credential
from watchfloor.sources.http import Answer, Malformed, Refused, SourceError
from watchfloor.ingest.layouts import ACLED_COLUMNS

BASE_URL = "https://acleddata.com"
TOKEN_PATH = "/oauth/token"
READ_PATH = "/api/acled/read"
DELETED_PATH = "/api/deleted/read"
EXPIRY_MARGIN = 120      # seconds: a token this close to its expiry is renewed before use


@dataclass
class Tokens:
    """One login's tokens (in memory only)."""
    access: str
    refresh: str | None
    expires_at: float        # time.time() after which the access token is no longer used

    @property
    def fresh(self) -> bool:
        return time.time() < self.expires_at


_SESSIONS: dict[tuple[str, str], Tokens] = {}
_SESSIONS_LOCK = threading.Lock()


def forget_sessions() -> None:
    """Drop every kept token (the next run logs in with the password), as a new process would."""
    with _SESSIONS_LOCK:
        _SESSIONS.clear()


class AcledSource(Connector):
    kind = "acled"
    base_url = BASE_URL

    def __init__(self, name: str, settings: dict):
        super().__init__(name, settings)
        self.limit = int(settings.get("limit", 5000))

    def allowed_hosts(self) -> set[str]:
        return {(urllib.parse.urlsplit(self.base).hostname or "").lower()}     # the token goes nowhere else

    def fetch(self, since: dict | None) -> Batch:
        token, kept = self._token()
        try:
            return self._fetch(since, token)
        except Refused:
            if not kept:
                raise
            # the API refused a kept access token we took for valid (revoked, or expired early): renew it once
            self._drop_access()
            return self._fetch(since, self._token()[0])

    def _fetch(self, since: dict | None, token: str) -> Batch:
        headers = {"Authorization": f"Bearer {token}"}
        since = since or {}
        rows: list[dict] = []
        newest = int(since.get("timestamp") or 0)
        for country in self._countries() or [{}]:
            params = {"_format": "json", "limit": self.limit} | country
            if since.get("timestamp"):
                params |= {"timestamp": since["timestamp"], "timestamp_where": ">="}
            elif self.settings.get("start"):
                params |= {"event_date": f"{self.settings['start']}|{date.today().isoformat()}",
                           "event_date_where": "BETWEEN"}
            for row in self._pages(READ_PATH, params, headers):
                rows.append({k: "" if v is None else str(v) for k, v in row.items()})
                newest = max(newest, _int(row.get("timestamp")))
        if since.get("deleted") or since.get("timestamp"):
            withdrawn, deleted_at = self._deleted(headers, int(since.get("deleted") or since["timestamp"]))
        else:       # a first run takes the events as they are now: deletions before them are moot
            withdrawn, deleted_at = [], newest
        keep = {r["event_id_cnty"] for r in rows}
        cursor = {"timestamp": newest or since.get("timestamp"), "deleted": deleted_at or since.get("deleted")}
        return Batch(cursor=cursor, layout="acled", columns=ACLED_COLUMNS, rows=rows,
                     withdrawn=[w for w in withdrawn if w not in keep], fetched=len(rows))

    # -- the API ---------------------------------------------------------------------------------
    def _token(self) -> tuple[str, bool]:
        """A valid access token, and whether it is one kept from an earlier run: the kept one, else one renewed
        with the refresh token, else a new login."""
        email = credential("ACLED_EMAIL", "the ACLED source")
        password = credential("ACLED_PASSWORD", "the ACLED source")
        self.fetcher.secrets += [email, password]
        key = self._key(email, password)
        with _SESSIONS_LOCK:
            tokens = _SESSIONS.get(key)
        if tokens is not None and tokens.fresh:
            self.fetcher.secrets += [tokens.access] + ([tokens.refresh] if tokens.refresh else [])
            return tokens.access, True
        if tokens is not None:
            tokens = self._renew(tokens) if tokens.refresh else None
        if tokens is None:
            tokens = self._grant({"username": email, "password": password, "grant_type": "password",
                                  "client_id": "acled"})
        with _SESSIONS_LOCK:
            _SESSIONS[key] = tokens
        return tokens.access, False

    def _renew(self, tokens: Tokens) -> Tokens | None:
        """New tokens for the refresh token; None when the API refuses it (expired, revoked): log in again."""
        self.fetcher.secrets.append(tokens.refresh)
        try:
            return self._grant({"grant_type": "refresh_token", "refresh_token": tokens.refresh, "client_id": "acled"})
        except SourceError as exc:
            if isinstance(exc, Refused) or "HTTP 400" in str(exc):
                return None
            raise

    def _grant(self, form: dict) -> Tokens:
        answer = self.fetcher.post_form(self.base + TOKEN_PATH, form, parse=Answer.json)
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise SourceError(f"{self.base}{TOKEN_PATH}: the login answer has no access_token")
        refresh = answer.get("refresh_token") or form.get("refresh_token")
        self.fetcher.secrets += [token] + ([refresh] if refresh else [])
        try:
            lasts = float(answer.get("expires_in") or 0)
        except (TypeError, ValueError):
            lasts = 0.0
        return Tokens(token, refresh, time.time() + lasts - EXPIRY_MARGIN)

    def _drop_access(self) -> None:
        email = credential("ACLED_EMAIL", "the ACLED source")
        key = self._key(email, credential("ACLED_PASSWORD", "the ACLED source"))
        with _SESSIONS_LOCK:
            tokens = _SESSIONS.get(key)
            if tokens is not None:
                tokens.expires_at = 0.0

    def _key(self, email: str, password: str) -> tuple[str, str]:
        """The API and the account (a changed password is another key: its old tokens are not used)."""
        return self.base, hashlib.sha256(f"{email}\0{password}".encode()).hexdigest()

    def _pages(self, path: str, params: dict, headers: dict):
        page = 1
        while True:
            answer = self.fetcher.get(self.base + path, params | {"page": page}, headers, parse=_acled_page)
            yield from answer
            if len(answer) < self.limit:
                return
            page += 1

    def _deleted(self, headers: dict, since: int) -> tuple[list[str], int]:
        params = {"_format": "json", "limit": self.limit}
        if since:
            params |= {"deleted_timestamp": since, "deleted_timestamp_where": ">"}
        ids, newest = [], since
        for row in self._pages(DELETED_PATH, params, headers):
            ids.append(str(row.get("event_id_cnty") or "").strip())
            newest = max(newest, _int(row.get("deleted_timestamp")))
        return [i for i in ids if i], newest

    def _countries(self) -> list[dict]:
        """One filter per watched country: ISO3 codes by ACLED's numeric `iso` field, other values by name."""
        filters = []
        for value in self.settings.get("countries") or []:
            found = pycountry.countries.get(alpha_3=value.upper()) if len(value) == 3 else None
            filters.append({"iso": int(found.numeric)} if found else {"country": value})
        return filters


def _acled_page(answer: Answer) -> list[dict]:
    body = answer.json()
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise Malformed(f"{answer.url.split('?')[0]}: not an ACLED API answer (no 'data' list)")
    if body.get("success") is False or (body.get("status") not in (None, 200, "200")):
        raise SourceError(f"{answer.url.split('?')[0]}: ACLED answered status {body.get('status')}: "
                          f"{body.get('error') or body.get('messages')}")
    return body["data"]


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0
