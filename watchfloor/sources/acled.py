"""ACLED's read API, with the user's own account (OAuth password login: ACLED_EMAIL, ACLED_PASSWORD).

Pages of `limit` rows (`page=1, 2, …` until a short page), filtered by country and, on the first run, by
event date from the `start` setting; later runs ask for rows whose `timestamp` (ACLED's last-change time) is
at or after the cursor's, so revised events arrive again and update the stored row by event_id_cnty. ACLED's
deletions endpoint gives the events it withdrew since the cursor's `deleted` time; they leave the store.
Rows come in ACLED's export field names, so they are ingested by the ACLED CSV layout.

Settings: base_url (default https://acleddata.com), countries (ACLED country names or ISO3 codes), start
(YYYY-MM-DD), limit (rows per page).
"""
from __future__ import annotations

import urllib.parse
from datetime import date

import pycountry

from watchfloor.sources import Batch, Connector, credential
from watchfloor.sources.http import Answer, Malformed, SourceError
from watchfloor.store.layouts import ACLED_COLUMNS

BASE_URL = "https://acleddata.com"
TOKEN_PATH = "/oauth/token"
READ_PATH = "/api/acled/read"
DELETED_PATH = "/api/deleted/read"


class AcledSource(Connector):
    kind = "acled"
    base_url = BASE_URL

    def __init__(self, name: str, settings: dict):
        super().__init__(name, settings)
        self.limit = int(settings.get("limit", 5000))

    def allowed_hosts(self) -> set[str]:
        return {(urllib.parse.urlsplit(self.base).hostname or "").lower()}     # the token goes nowhere else

    def fetch(self, since: dict | None) -> Batch:
        token = self._login()
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
    def _login(self) -> str:
        email = credential("ACLED_EMAIL", "the ACLED source")
        password = credential("ACLED_PASSWORD", "the ACLED source")
        self.fetcher.secrets += [email, password]
        answer = self.fetcher.post_form(self.base + TOKEN_PATH, {
            "username": email, "password": password, "grant_type": "password", "client_id": "acled"},
            parse=Answer.json)
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise SourceError(f"{self.base}{TOKEN_PATH}: the login answer has no access_token")
        self.fetcher.secrets.append(token)
        return token

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
