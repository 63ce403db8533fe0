"""Citations: numbered footnote markers in the text and the footnotes they point to.

Markers in every common form: "[3]", "[3, 4]", "[3-5]", "[^3]" (Markdown), superscript digits ("killed¹²"),
a caret ("killed.^3"), and "(3)" right after a sentence or clause when a note numbered 3 exists. HTML
<sup><a href="#fn3"> becomes "[3]" when the document is read. Footnotes: lines "[3] …", "3. …", "3) …",
"(3) …", "^3 …", "³ …" (and "3 …" inside a Notes/References section), each "Title, Outlet, Month Year, URL"
or Chicago-style "Author, “Title,” Outlet, Date, URL"; "Ibid"/"Ibid." resolves to the previous citation.
A references list of bare URLs (no numbers) gives one citation per URL, numbered in order.
"""
from __future__ import annotations

import re

from watchfloor.read.dates import _GROUPS, _date_matches, resolve
from watchfloor.read.matching import finditer_at, line_starts

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_SUP = f"[{_SUPERSCRIPT}]"

MARKER_RE = re.compile(
    r"\[\^?(?P<br>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]"
    rf"|(?<=[\w.,;:!?)\]\"”’'])(?P<sup>{_SUP}{{1,3}}(?:[,‚]{_SUP}{{1,3}})*)"
    r"|(?<=[\w.,;:!?)\"”’'])\^(?P<caret>\d{1,3})\b")
# Where a MARKER_RE match can start: "[", a superscript digit, "^" (it is tried there only: `_markers`).
_MARKER_START = re.compile(rf"[\[\^{_SUPERSCRIPT}]")


def _markers(text: str, pos: int = 0, endpos: int | None = None):
    """MARKER_RE.finditer(text, pos, endpos)."""
    endpos = len(text) if endpos is None else endpos
    return finditer_at(MARKER_RE, text, (m.start() for m in _MARKER_START.finditer(text, pos, endpos)), pos, endpos)


def _paren_markers(text: str, pos: int, endpos: int):
    """PAREN_MARKER_RE.finditer(text, pos, endpos): its matches start at "(" or at the blank before one."""
    starts = []
    k = text.find("(", pos, endpos)
    while k >= 0:
        if k - 1 >= pos and text[k - 1].isspace():
            starts.append(k - 1)
        starts.append(k)
        k = text.find("(", k + 1, endpos)
    return finditer_at(PAREN_MARKER_RE, text, starts, pos, endpos)


def _footnote_lines(text: str, pos: int = 0):
    """FOOTNOTE_RE.finditer(text, pos): tried at line starts only (it starts with ^, multi-line)."""
    return finditer_at(FOOTNOTE_RE, text, line_starts(text, pos), pos)


# "(3)" as a marker: after a sentence's end, or after a word before punctuation. Accepted only when a
# footnote numbered 3 exists, since "(3)" also numbers items in running text.
PAREN_MARKER_RE = re.compile(r"(?:(?<=[.!?\"”’])\s?|(?<=\w)\s?)\((?P<n>\d{1,3})\)(?=\s|$|[.,;:])")
FOOTNOTE_RE = re.compile(
    rf"^[ \t]*(?:\[\^?(?P<br>\d{{1,3}})\]:?|\^(?P<caret>\d{{1,3}})|(?P<num>\d{{1,3}})[.)]|\((?P<par>\d{{1,3}})\)"
    rf"|(?P<sup>{_SUP}{{1,3}}))[ \t]*(?P<body>\S.*)$", re.M)
# Inside a Notes/References section a bare "3 Title…" line is a footnote too.
BARE_FOOTNOTE_RE = re.compile(r"^[ \t]*(?P<num>\d{1,3})[ \t]+(?P<body>[^\d\s].*)$", re.M)
_URL_RE = re.compile(r"<?(https?://[^\s<>\"]+?)>?(?=[\s,;)\]]|\.?$|\.\s)")
_URL_LINE = re.compile(r"^[ \t]*(?:[-*•·][ \t]+)?(?:(?P<label>[^\n]{0,200}?)[ \t]*[:–—-][ \t]*)?<?(?P<url>https?://\S+?)>?[ \t]*$", re.M)
_QUOTED = re.compile(r"[\"“«]\s*(.+?)\s*[,.]?\s*[\"”»]")
_IBID = re.compile(r"^\s*(?:ibid|ibidem|id\.)\b\.?,?\s*(.*)$", re.I)


def _numbers(spec: str) -> list[int]:
    out = []
    for part in re.split(r"\s*[,‚]\s*", spec.translate(_SUP_TO_DIGIT)):
        if re.search(r"[–-]", part):
            a, b = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            if 0 < b - a < 50:
                out.extend(range(a, b + 1))
        elif part.isdigit():
            out.append(int(part))
    return out


def _note_number(m: re.Match) -> int:
    for key in ("br", "caret", "num", "par", "sup"):
        value = m.groupdict().get(key)
        if value:
            return int(value.translate(_SUP_TO_DIGIT))
    raise ValueError("footnote line without a number")


def find_citations(text: str, references_start: int | None) -> list[dict]:
    """§10 citations [{n, title, outlet, date, url}] plus start/end (of the footnote) and markers."""
    notes_from = references_start if references_start is not None else _footnote_area(text)
    footnotes: dict[int, dict] = {}
    previous = None
    start = notes_from if notes_from is not None else len(text)
    lines = list(_footnote_lines(text, start))
    if references_start is not None:
        taken = {m.start() for m in lines}
        lines += [m for m in BARE_FOOTNOTE_RE.finditer(text, start) if m.start() not in taken]
        lines.sort(key=lambda m: m.start())
    for m in lines:
        n = _note_number(m)
        body = m.group("body").strip()
        ibid = _IBID.match(body)
        if ibid and previous is not None:
            note = dict(previous, n=n, ibid=True, page=ibid.group(1).strip(" .") or None)
        else:
            note = parse_footnote(body)
            note["n"] = n
            note["ibid"] = False
        note["start"], note["end"] = m.start("body"), m.end("body")
        footnotes.setdefault(n, note)
        previous = note
    if not footnotes:
        footnotes = _url_list(text, start if references_start is not None else _url_block_start(text))
    markers: dict[int, list[dict]] = {}
    body_end = notes_from if notes_from is not None else len(text)
    for m in _markers(text, 0, body_end):
        if m.group("br") and text[m.end():m.end() + 1] == "(":   # a Markdown link "[3](...)" is no marker
            continue
        for n in _numbers(m.group("br") or m.group("sup") or m.group("caret")):
            markers.setdefault(n, []).append({"start": m.start(), "end": m.end()})
    for m in _paren_markers(text, 0, body_end):
        n = int(m.group("n"))
        if n in footnotes and not _line_start(text, m.start()):
            markers.setdefault(n, []).append({"start": m.start(), "end": m.end()})
    # A superscript or caret with no footnote of its number is an exponent ("km²"), not a mark.
    markers = {n: kept for n, ms in markers.items()
               if (kept := [x for x in ms if n in footnotes or text[x["start"]] == "["])}
    out = []
    for n in sorted(set(footnotes) | set(markers)):
        note = footnotes.get(n) or {"n": n, "title": None, "outlet": None, "date": None, "url": None,
                                    "ibid": False, "start": markers[n][0]["start"], "end": markers[n][0]["end"]}
        out.append({"n": n, "title": note.get("title"), "outlet": note.get("outlet"), "date": note.get("date"),
                    "url": note.get("url"), "ibid": note.get("ibid", False), "start": note["start"],
                    "end": note["end"], "markers": sorted(markers.get(n, []), key=lambda x: x["start"])})
    return out


def _line_start(text: str, pos: int) -> bool:
    """Whether only blanks stand between the line's start and `pos` (an enumerated item, not a marker)."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _url_list(text: str, start: int | None) -> dict[int, dict]:
    """A references list of bare URLs (optionally labelled or bulleted) from `start`: one note per URL."""
    if start is None:
        return {}
    out: dict[int, dict] = {}
    for m in _URL_LINE.finditer(text, start):
        note = parse_footnote(text[m.start():m.end()].strip(" \t-*•·"))
        n = len(out) + 1
        note.update(n=n, ibid=False, start=m.start("url"), end=m.end("url"))
        out[n] = note
    return out


def _url_block_start(text: str) -> int | None:
    """Where a trailing run of URL lines (at least two, at the end of the text) begins, if any."""
    lines = [m for m in re.finditer(r"^.*$", text, re.M) if m.group(0).strip()]
    first = None
    for m in reversed(lines):
        if _URL_LINE.fullmatch(m.group(0)):
            first = m.start()
        else:
            break
    if first is None:
        return None
    count = sum(1 for m in lines if m.start() >= first)
    return first if count >= 2 else None


def _footnote_area(text: str) -> int | None:
    """Where footnote lines start when there is no 'Notes'/'Sources' heading: the first footnote line
    that comes after a marker with the same number."""
    first_marker = {}
    for m in _markers(text):
        for n in _numbers(m.group("br") or m.group("sup") or m.group("caret")):
            first_marker.setdefault(n, m.end())
    for m in _footnote_lines(text):
        n = _note_number(m)
        marked = m.group("br") or m.group("sup") or m.group("caret")
        if marked and n in first_marker and first_marker[n] <= m.start():
            return m.start()
        if marked and not first_marker and (re.search(r"https?://|\b(?:19|20)\d\d\b|ibid", m.group("body"), re.I)):
            return m.start()
    return None


# A note that records the author's own source: an interview, a conversation, correspondence.
_PERSONAL = re.compile(r"(?i)(?:the\s+)?(?:authors?['’]s?\s+|(?:tele)?phone\s+|telephone\s+|remote\s+|online\s+|"
                       r"video\s+|in-person\s+|private\s+)?(?:interviews?|conversations?|correspondence|discussions?|"
                       r"e-?mail(?:\s+exchanges?)?|exchanges?|entretiens?|échanges?)(?:\s+[\w-]+)?\s+"
                       r"(?:with|by|avec|par|conducted)\b")


_DATE_IN_TITLE = re.compile(r"(?i)\b(?:du|de|of|dated|daté|datée|en date du)\s*$")
# A series and its number after a quoted title ("note n° 11/2019", "Working Paper No. 7", "vol. 3", "p. 12")
_SERIES_NUMBER = re.compile(r"(?i)(?:\bn[o°º]\.?\s*\d|\bno\.\s*\d|\bvol\.\s*\d|\bissue\s+\d|^pp?\.\s*\d)")


# A body's name: its acronym in brackets after it, or a body's head word last ("… Humanitarian Aid Office (ECHO)",
# "Kenya Red Cross Society")
_ISSUER = re.compile(r"\([A-Z][A-Za-z]{1,9}\)$|\b(?:Office|Agency|Ministry|Commission|Society|Council|Committee|"
                     r"Organi[sz]ation|Programme|Program|Mission|Institute|Directorate|Secretariat|Authority|"
                     r"Foundation|Federation|Department|Bureau|Observatory|Centre|Center)$")


def parse_footnote(body: str) -> dict:
    """'Title, Outlet, Month Year, URL' (and common variants) → {title, outlet, date, url}."""
    url_m = _URL_RE.search(body)
    url = url_m.group(1).rstrip(".,;)") if url_m else None
    rest = (body[:url_m.start()] + body[url_m.end():]) if url_m else body
    date_value, date_span = None, None
    for dm in _date_matches(rest, 0, len(rest)):      # DATE_RE.finditer(rest), tried at its anchors only
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
    if date_span and _DATE_IN_TITLE.search(rest, 0, date_span[0]):
        without_date = rest         # "communiqué du 2 août 2021", "statement of 4 May": the date is the title's
    title = outlet = None
    q = _QUOTED.search(without_date)
    if q:
        title = q.group(1).strip(" ,.")
        after = [p.strip(" .") for p in re.split(r",|\.\s", without_date[q.end():]) if p.strip(" .()")]
        before = [p.strip(" .") for p in without_date[:q.start()].split(",") if p.strip(" .")]
        outlet = after[0] if after else None
        first_after = next((p for p in without_date[q.end():].split(",") if p.strip(" .()")), "")
        if outlet is None or (before and _SERIES_NUMBER.search(first_after.strip())):
            outlet = before[-1] if before else None     # "CABLT, « Title », note n° 11/2019": the issuer, no number
    else:
        parts = [p.strip(" .;:()") for p in re.split(r",\s+|\s+[|–—]\s+|\.\s+(?=[A-Z])", without_date)]
        parts = [p for p in parts if p and not re.fullmatch(r"(?:accessed|retrieved|consulted|updated|published|"
                                                            r"on|at|available at|p\.?\s*\d+|pp\.?\s*[\d-]+)", p, re.I)]
        parts = [re.sub(r"(?i)\b(?:accessed|retrieved|available at|consulté le)\b.*$", "", p).strip(" .,") for p in parts]
        parts = [p + ")" if p.count("(") > p.count(")") else p for p in parts if p]      # "Agency (WAM)"
        if parts and _PERSONAL.match(parts[0]):
            title = ", ".join(parts)        # "Interview with a local official, Gao, by telephone": no outlet
        # "Issuer, statement, Date": a lower-case kind of document after its issuer is the title.
        elif len(parts) > 1 and parts[-1][:1].islower() and parts[0][:1].isupper() and len(parts[-1].split()) <= 8:
            title, outlet = parts[-1], ", ".join(parts[:-1])
        # "Issuer (ACRONYM), Title, Date", "Kenya Red Cross Society, Flash Update, Date": a body's name first
        elif len(parts) == 2 and _ISSUER.search(parts[0]) and not _ISSUER.search(parts[1]):
            title, outlet = parts[1], parts[0]
        # "Title, Outlet, Date, URL": titles may hold commas, so the outlet is the last short part.
        elif len(parts) > 1 and len(parts[-1].split()) <= 6:
            title, outlet = ", ".join(parts[:-1]), parts[-1]
        elif parts:
            title = ", ".join(parts)
    if outlet is None and url:
        m = re.match(r"https?://(?:www\.)?([^/:]+)", url)
        outlet = m.group(1) if m else None
    return {"title": title or None, "outlet": outlet or None, "date": date_value, "url": url}
