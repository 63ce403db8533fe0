"""Citations: numbered footnote markers in the text and the footnotes they point to.

Markers: "[3]", "[3, 4]", "[3-5]", "[^3]" (Markdown) — HTML <sup><a href="#fn3"> becomes "[3]" when the
document is read. Footnotes: lines "[3] Title, Outlet, Month Year, URL" (or "3. …", "^3 …", Chicago-style
"Author, “Title,” Outlet, Date, URL"); "Ibid"/"Ibid." resolves to the previous citation.
"""
from __future__ import annotations

import re

from watchfloor.read.dates import DATE_RE, _GROUPS, resolve

MARKER_RE = re.compile(r"\[\^?(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
FOOTNOTE_RE = re.compile(r"^[ \t]*(?:\[\^?(\d{1,3})\]:?|\^(\d{1,3})|(\d{1,3})[.)])[ \t]+(\S.*)$", re.M)
_URL_RE = re.compile(r"<?(https?://[^\s<>\"]+?)>?(?=[\s,;)\]]|\.?$|\.\s)")
_QUOTED = re.compile(r"[\"“«]\s*(.+?)\s*[,.]?\s*[\"”»]")
_IBID = re.compile(r"^\s*(?:ibid|ibidem|id\.)\b\.?,?\s*(.*)$", re.I)


def _numbers(spec: str) -> list[int]:
    out = []
    for part in re.split(r"\s*,\s*", spec):
        if re.search(r"[–-]", part):
            a, b = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            if 0 < b - a < 50:
                out.extend(range(a, b + 1))
        else:
            out.append(int(part))
    return out


def find_citations(text: str, references_start: int | None) -> list[dict]:
    """§10 citations [{n, title, outlet, date, url}] plus start/end (of the footnote) and markers."""
    notes_from = references_start if references_start is not None else _footnote_area(text)
    footnotes: dict[int, dict] = {}
    previous = None
    for m in FOOTNOTE_RE.finditer(text, notes_from if notes_from is not None else len(text)):
        n = int(m.group(1) or m.group(2) or m.group(3))
        body = m.group(4).strip()
        ibid = _IBID.match(body)
        if ibid and previous is not None:
            note = dict(previous, n=n, ibid=True, page=ibid.group(1).strip(" .") or None)
        else:
            note = parse_footnote(body)
            note["n"] = n
            note["ibid"] = False
        note["start"], note["end"] = m.start(4), m.end(4)
        footnotes.setdefault(n, note)
        previous = note
    markers: dict[int, list[dict]] = {}
    body_end = notes_from if notes_from is not None else len(text)
    for m in MARKER_RE.finditer(text, 0, body_end):
        if text[m.end():m.end() + 1] == "(":     # a Markdown link "[3](...)" is not a footnote marker
            continue
        for n in _numbers(m.group(1)):
            markers.setdefault(n, []).append({"start": m.start(), "end": m.end()})
    out = []
    for n in sorted(set(footnotes) | set(markers)):
        note = footnotes.get(n) or {"n": n, "title": None, "outlet": None, "date": None, "url": None,
                                    "ibid": False, "start": markers[n][0]["start"], "end": markers[n][0]["end"]}
        out.append({"n": n, "title": note.get("title"), "outlet": note.get("outlet"), "date": note.get("date"),
                    "url": note.get("url"), "ibid": note.get("ibid", False), "start": note["start"],
                    "end": note["end"], "markers": markers.get(n, [])})
    return out


def _footnote_area(text: str) -> int | None:
    """Where footnote lines start when there is no 'Notes'/'Sources' heading: the first footnote line
    that comes after a marker with the same number."""
    first_marker = {}
    for m in MARKER_RE.finditer(text):
        for n in _numbers(m.group(1)):
            first_marker.setdefault(n, m.end())
    for m in FOOTNOTE_RE.finditer(text):
        n = int(m.group(1) or m.group(2) or m.group(3))
        if m.group(1) and n in first_marker and first_marker[n] <= m.start():
            return m.start()
        if m.group(1) and not first_marker and (re.search(r"https?://|\b(?:19|20)\d\d\b|ibid", m.group(4), re.I)):
            return m.start()
    return None


def parse_footnote(body: str) -> dict:
    """'Title, Outlet, Month Year, URL' (and common variants) → {title, outlet, date, url}."""
    url_m = _URL_RE.search(body)
    url = url_m.group(1).rstrip(".,;)") if url_m else None
    rest = (body[:url_m.start()] + body[url_m.end():]) if url_m else body
    date_value, date_span = None, None
    for dm in DATE_RE.finditer(rest):
        kind = dm.lastgroup
        if kind in ("iso", "dmy_num", "mdy", "dmy", "my", "year", "m_alone"):
            inner = _GROUPS[kind].fullmatch(dm.group(0))
            try:
                value, _ = resolve(kind, inner.groupdict(), None)
            except (KeyError, ValueError):
                value = None
            if value:
                date_value, date_span = value, (dm.start(), dm.end())
    if date_value is None:
        ym = re.search(r"\b((?:19|20)\d\d)\b", rest)
        if ym:
            date_value, date_span = ym.group(1), ym.span()
    without_date = rest[:date_span[0]] + rest[date_span[1]:] if date_span else rest
    title = outlet = None
    q = _QUOTED.search(without_date)
    if q:
        title = q.group(1).strip(" ,.")
        after = [p.strip(" .") for p in re.split(r",|\.\s", without_date[q.end():]) if p.strip(" .()")]
        outlet = after[0] if after else None
        if outlet is None:
            before = [p.strip(" .") for p in without_date[:q.start()].split(",") if p.strip(" .")]
            outlet = before[-1] if before else None
    else:
        parts = [p.strip(" .;:()") for p in re.split(r",\s+|\s+[|–—]\s+|\.\s+(?=[A-Z])", without_date)]
        parts = [p for p in parts if p and not re.fullmatch(r"(?:accessed|retrieved|consulted|updated|published|"
                                                            r"on|at|available at|p\.?\s*\d+|pp\.?\s*[\d-]+)", p, re.I)]
        parts = [re.sub(r"(?i)\b(?:accessed|retrieved|available at|consulté le)\b.*$", "", p).strip(" .,") for p in parts]
        parts = [p for p in parts if p]
        # "Title, Outlet, Date, URL": titles may hold commas, so the outlet is the last short part.
        if len(parts) > 1 and len(parts[-1].split()) <= 6:
            title, outlet = ", ".join(parts[:-1]), parts[-1]
        elif parts:
            title = ", ".join(parts)
    if outlet is None and url:
        m = re.match(r"https?://(?:www\.)?([^/:]+)", url)
        outlet = m.group(1) if m else None
    return {"title": title or None, "outlet": outlet or None, "date": date_value, "url": url}
