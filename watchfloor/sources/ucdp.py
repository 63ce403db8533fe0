"""UCDP's GED API: the yearly release, then the monthly Candidate releases, with an access token
(UCDP_ACCESS_TOKEN, sent in the `x-ucdp-access-token` header).

`GET {base}/api/gedevents/{version}?pagesize=…&page=0&Country=<GW codes>` answers
`{"TotalCount", "TotalPages", "PreviousPageUrl", "NextPageUrl", "Result": [GED rows]}`; the pages are
followed by NextPageUrl (only on the API's own host: the token goes nowhere else). One release per fetch:
first the yearly release in the settings (e.g. 24.1), then each Candidate release after it (25.0.1, 25.0.2,
…; a version the API does not know is not published yet), and, when the next yearly release appears (25.1),
that release: its rows replace the Candidate rows of the period it covers (see run.py).

Settings: base_url (default https://ucdpapi.pcr.uu.se), release (default 24.1), candidates (default true),
countries (ISO3 codes), start (YYYY-MM-DD), page_size.
"""
from __future__ import annotations

import csv
import re
import urllib.parse
from datetime import date
from functools import lru_cache

from watchfloor.config import DATA_DIR
from watchfloor.sources import Batch, Connector, credential
from watchfloor.sources.http import Answer, Malformed
from watchfloor.ingest.layouts import GED_FULL_COLUMNS

BASE_URL = "https://ucdpapi.pcr.uu.se"
TOKEN_HEADER = "x-ucdp-access-token"


class UcdpSource(Connector):
    kind = "ucdp"
    base_url = BASE_URL

    def __init__(self, name: str, settings: dict):
        super().__init__(name, settings)
        self.page_size = int(settings.get("page_size", 1000))

    def allowed_hosts(self) -> set[str]:
        return {(urllib.parse.urlsplit(self.base).hostname or "").lower()}     # the token goes nowhere else

    def fetch(self, since: dict | None) -> Batch:
        token = credential("UCDP_ACCESS_TOKEN", "the UCDP source")
        self.fetcher.secrets.append(token)
        headers = {TOKEN_HEADER: token}
        since = dict(since or {})
        final = since.get("release")
        if not final:
            return self._final(self.settings.get("release", "24.1"), headers, since)
        following = f"{_year(final) + 1}.1"
        batch = self._final(following, headers, since)
        if batch.rows:
            return batch
        if not self.settings.get("candidates", True):
            return Batch(cursor=since)
        last = since.get("candidate") or f"{_year(final) + 1}.0.0"
        for version in _next_candidates(last):
            rows = self._release(version, headers)
            if rows is not None:
                return Batch(cursor=since | {"candidate": version}, layout="ucdp", columns=GED_FULL_COLUMNS,
                             rows=rows, release=version, candidate=True, fetched=len(rows), more=True)
        return Batch(cursor=since)

    def _final(self, version: str, headers: dict, since: dict) -> Batch:
        rows = self._release(version, headers)
        if not rows:
            return Batch(cursor=since)
        covers_to = date(2000 + _year(version) - 1, 12, 31)     # GED YY.1 covers up to the end of 20YY-1
        cursor = since | {"release": version}
        if since.get("candidate") and _year(since["candidate"]) <= _year(version):
            cursor.pop("candidate")     # candidates of the year the release covers are done with
        return Batch(cursor=cursor, layout="ucdp", columns=GED_FULL_COLUMNS, rows=rows, release=version,
                     replaces_candidates=(date(1989, 1, 1), covers_to), fetched=len(rows), more=True)

    def _release(self, version: str, headers: dict) -> list[dict] | None:
        """Every row of one release for the watched countries; None when the API does not have the release."""
        params = {"pagesize": self.page_size, "page": 0}
        codes = gw_codes(tuple(self.settings.get("countries") or ()))
        if codes:
            params["Country"] = ",".join(str(c) for c in codes)
        if self.settings.get("start"):
            params["StartDate"] = self.settings["start"]
        url = f"{self.base}/api/gedevents/{version}?" + urllib.parse.urlencode(params)
        rows: list[dict] = []
        while url:
            page = self.fetcher.get(url, headers=headers, parse=_ged_page, missing_ok=True)
            if page is None:
                return None
            result, url = page
            rows += [{k: "" if v is None else str(v) for k, v in r.items()} for r in result]
            if not result:
                break
        return rows or None


def _ged_page(answer: Answer) -> tuple[list[dict], str | None]:
    body = answer.json()
    if not isinstance(body, dict) or not isinstance(body.get("Result"), list):
        raise Malformed(f"{answer.url.split('?')[0]}: not a UCDP API answer (no 'Result' list)")
    return body["Result"], (body.get("NextPageUrl") or None)


def _year(version: str) -> int:
    m = re.match(r"(\d+)\.", version)
    if not m:
        raise ValueError(f"UCDP release {version!r}: expected a version such as 24.1 or 25.0.3")
    return int(m.group(1))


def _next_candidates(last: str) -> list[str]:
    """The Candidate versions that may follow `last` (25.0.3 → 25.0.4, then 26.0.1 at a year's turn)."""
    parts = last.split(".")
    year, month = int(parts[0]), int(parts[2]) if len(parts) > 2 else 0
    return ([f"{year}.0.{month + 1}"] if month < 12 else []) + [f"{year + 1}.0.1"]


@lru_cache(maxsize=32)
def gw_codes(countries: tuple[str, ...]) -> list[int]:
    """Gleditsch-Ward codes (UCDP's Country filter) of ISO3 codes."""
    if not countries:
        return []
    with open(DATA_DIR / "gw_countries.csv", newline="", encoding="utf-8") as fh:
        by_iso3 = {}
        for row in csv.DictReader(fh):
            by_iso3.setdefault(row["iso3"], int(row["gw_code"]))
    return [by_iso3[c.upper()] for c in countries if c.upper() in by_iso3]
