"""Live sources: one module per source, one contract.

Each connector is built from its stored settings (`Connector(settings, credentials, fetcher)`) and answers
`fetch(since) -> Batch`, where `since` is the cursor the last successful run stored (None the first time)
and the batch carries the cursor the next run starts from. `run.py` applies a batch and stores its cursor
in one transaction, so a run killed half-way leaves the store as it was and the next run resumes where the
last one stopped. `watch.py` runs each source on its interval.

Sources: acled.py (ACLED read API), ucdp.py (UCDP GED API and Candidate releases), gdelt.py (GDELT 2.0
15-minute export files), feeds.py (RSS/Atom feeds and a watched folder of reports).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from watchfloor.sources.http import Fetcher, SourceError

KINDS = ("acled", "ucdp", "gdelt", "feed", "folder")
DEFAULT_EVERY = {"acled": 6 * 3600, "ucdp": 24 * 3600, "gdelt": 15 * 60, "feed": 30 * 60, "folder": 5 * 60}
CREDENTIALS_ENV = "WATCHFLOOR_CREDENTIALS"


@dataclass
class Batch:
    """What one fetch brought: event rows in the source's layout, or documents to read; and the next cursor."""
    cursor: dict | None
    layout: str | None = None                 # 'acled', 'ucdp', 'gdelt' for event rows
    columns: tuple[str, ...] = ()
    rows: list[dict] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)   # source ids the source deleted
    release: str | None = None                # UCDP: the release the rows come from
    candidate: bool = False                   # UCDP: rows of a monthly Candidate release
    replaces_candidates: tuple | None = None  # UCDP final release: (first day, last day) it covers
    documents: list["Item"] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # what was left out, and why
    fetched: int = 0                          # rows or items the source sent (before filtering)
    more: bool = False                        # the source may have more at once (run.py fetches again)


@dataclass
class Item:
    """A document to read: a feed item's page or a file in a watched folder."""
    url: str                  # the page's URL, or the file's path
    content: bytes
    content_type: str = ""    # 'text/html', 'application/pdf', ... (from the answer or the suffix)
    meta: dict = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        import hashlib
        return hashlib.sha256(self.content).hexdigest()


class Connector:
    """What every connector shares: its name, its settings, its base URL (the public one unless the settings
    name another, as tests do) and its HTTP limits. A connector adds `fetch(since) -> Batch`."""
    kind = ""
    base_url = ""
    limits: dict = {}          # the kind's HTTP limits, before the settings' own

    def __init__(self, name: str, settings: dict):
        self.name = name
        self.settings = settings
        self.base = (settings.get("base_url") or self.base_url).rstrip("/")
        self.fetcher = fetcher_for(self.limits | settings, hosts=self.allowed_hosts())
        self.seen = lambda url, content_hash=None: False     # run.py: is an item already stored?

    def allowed_hosts(self) -> set[str] | None:
        """The only hosts the connector may reach (None: any)."""
        return None

    def fetch(self, since: dict | None) -> Batch:
        raise NotImplementedError


def credentials_file() -> Path:
    return Path(os.environ.get(CREDENTIALS_ENV) or Path.home() / ".config" / "watchfloor" / "credentials.toml")


def credential(name: str, purpose: str) -> str:
    """A credential from the environment, else from the credentials file (TOML, `NAME = "value"`); a missing
    one raises a SourceError naming the variable (never the value of anything)."""
    value = os.environ.get(name)
    if value:
        return value
    path = credentials_file()
    if path.is_file():
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8")).get(name)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SourceError(f"{path}: not a TOML file ({exc.__class__.__name__}); expected lines NAME = \"value\"")\
                from None
        if value:
            return str(value)
    raise SourceError(f"{purpose} needs {name}: set the environment variable {name} or add {name} = \"…\" to "
                      f"{path} (or point {CREDENTIALS_ENV} at such a file)")


def connector_for(kind: str):
    """The connector class of a source kind."""
    from watchfloor.sources import acled, feeds, gdelt, ucdp
    classes = {"acled": acled.AcledSource, "ucdp": ucdp.UcdpSource, "gdelt": gdelt.GdeltSource,
               "feed": feeds.FeedSource, "folder": feeds.FolderSource}
    if kind not in classes:
        raise SourceError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    return classes[kind]


def fetcher_for(settings: dict, secrets: list[str] | None = None, hosts: set[str] | None = None) -> Fetcher:
    """A Fetcher with the source's limits (settings: timeout, retries, backoff, max_bytes)."""
    fetcher = Fetcher(secrets=list(secrets or []), hosts=hosts)
    for key in ("timeout", "backoff", "max_wait"):
        if key in settings:
            setattr(fetcher, key, float(settings[key]))
    for key in ("retries", "max_bytes"):
        if key in settings:
            setattr(fetcher, key, int(settings[key]))
    return fetcher


__all__ = ["Batch", "Connector", "Item", "SourceError", "credential", "connector_for", "fetcher_for", "KINDS"]
