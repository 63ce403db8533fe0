"""RSS/Atom feeds of news and think-tank reports, and a watched folder of reports.

A feed is configured by an editor (`watchfloor sources add NAME --kind feed --url …`). Each new entry's page
is fetched only from the feed's own host or a host on the editors' allowlist (setting `allowlist`; never a
host taken from a report's text), redirects included, within `max_bytes` and `timeout`; an entry linking
elsewhere is read from the text the feed itself carries. An item already stored (by URL, or by content hash
at another URL) is not fetched or read again. run.py reads each item with the reader and stores it once.

A watched folder (`--kind folder --folder PATH`) is read the same way: each readable file once per content.
"""
from __future__ import annotations

import html
import mimetypes
import urllib.parse
from datetime import date, datetime, timezone
from pathlib import Path

from watchfloor.sources import Batch, Connector, Item
from watchfloor.sources.http import Answer, Malformed, SourceError

FEED_LIMITS = {"timeout": 15.0, "max_bytes": 5 * 1024 * 1024}
FAILED = object()
READABLE = {".txt", ".md", ".html", ".htm", ".xhtml", ".pdf"}


class FeedSource(Connector):
    kind = "feed"
    limits = FEED_LIMITS

    def __init__(self, name: str, settings: dict):
        if not settings.get("url"):
            raise SourceError(f"source {name}: a feed needs its URL (watchfloor sources add {name} --kind feed "
                              "--url https://…)")
        self.url = settings["url"]
        self.hosts = {(urllib.parse.urlsplit(self.url).hostname or "").lower()} | \
            {h.lower() for h in settings.get("allowlist") or []}
        super().__init__(name, settings)

    def allowed_hosts(self) -> set[str]:
        return self.hosts

    def fetch(self, since: dict | None) -> Batch:
        parsed = self.fetcher.get(self.url, parse=_feed)
        title = parsed.feed.get("title")
        documents, skipped = [], []
        for i, entry in enumerate(parsed.entries[: int(self.settings.get("max_items", 500))]):
            link = entry.get("link") or ""
            url = link or f"{self.url}#{entry.get('id') or i}"
            if self.seen(url, None):
                continue
            meta = {k: v for k, v in {"title": entry.get("title"), "outlet": title, "source_url": link or None,
                                      "published": _entry_day(entry)}.items() if v}
            page = self._page(link, skipped) if link else None
            if page is FAILED:
                continue        # tried again next run: the item is not recorded as read
            if page is not None:
                documents.append(Item(url, page.body, page.headers.get("content-type", ""), meta))
            else:
                text = _entry_text(entry)
                if text:
                    documents.append(Item(url, text.encode("utf-8"), "text/html", meta))
        return Batch(cursor={"checked": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                     documents=documents, skipped=skipped, fetched=len(parsed.entries))

    def _page(self, link: str, skipped: list[str]):
        """The item's page; None when its host is not allowed (the feed's text is read); FAILED on a fault."""
        host = (urllib.parse.urlsplit(link).hostname or "").lower()
        if host not in self.hosts:
            skipped.append(f"{link}: host {host} is neither the feed's nor on the allowlist; read from the feed")
            return None
        try:
            return self.fetcher.get(link)
        except SourceError as exc:
            skipped.append(str(exc))
            return FAILED


class FolderSource(Connector):
    kind = "folder"

    def __init__(self, name: str, settings: dict):
        if not settings.get("folder"):
            raise SourceError(f"source {name}: a watched folder needs its path (--folder PATH)")
        super().__init__(name, settings)
        self.folder = Path(settings["folder"]).expanduser()

    def fetch(self, since: dict | None) -> Batch:
        if not self.folder.is_dir():
            raise SourceError(f"source {self.name}: {self.folder} is not a folder")
        documents = []
        files = sorted(p for p in self.folder.rglob("*") if p.is_file() and p.suffix.lower() in READABLE
                       and not p.name.startswith("."))
        for path in files:
            content = path.read_bytes()
            item = Item(str(path.resolve()), content, mimetypes.guess_type(path.name)[0] or "text/plain")
            if not self.seen(item.url, item.content_hash):
                documents.append(item)
        return Batch(cursor={"checked": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                     documents=documents, fetched=len(files))


def _feed(answer: Answer):
    import feedparser
    parsed = feedparser.parse(answer.body)
    if not parsed.get("version"):
        raise Malformed(f"{answer.url}: not an RSS or Atom feed ({parsed.get('bozo_exception') or 'no entries'})")
    return parsed


def _entry_day(entry) -> date | None:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(when.tm_year, when.tm_mon, when.tm_mday) if when else None


def _entry_text(entry) -> str:
    content = entry.content[0].get("value", "") if entry.get("content") else ""
    body = content or entry.get("summary", "")
    title = html.escape(entry.get("title") or "")
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>" if body else ""
