"""Documents: bytes on disk (txt, md, html, pdf, RSS/Atom) → plain text, metadata, sections, sentences.

Offsets everywhere else index into `Document.text`. Boilerplate ("top of page", subscription promos,
lists of links) stays in the text so offsets never shift, but is listed in `Document.boilerplate`,
left out of sections, and skipped by the extraction steps.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from watchfloor.read.matching import DATELINE_DASH, FRENCH_WEEKDAYS
from watchfloor.read.prefilter import Needs, lowered

MAX_BYTES = 20_000_000
# The longest text one document may hold (about 500,000 words, some 500 dense pages). Reading time grows with
# the text (~25 s per million characters with the statistical model on one core); a longer text is refused
# at once with a message rather than holding a worker for minutes. WATCHFLOOR_MAX_TEXT_CHARS changes it.
MAX_TEXT_CHARS = 3_000_000


def max_text_chars() -> int:
    import os
    value = os.environ.get("WATCHFLOOR_MAX_TEXT_CHARS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MAX_TEXT_CHARS
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
PDF_SUFFIXES = {".pdf"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | PDF_SUFFIXES


class DocumentError(Exception):
    """A document that cannot be read; the message names the file and what is wrong with it."""


@dataclass
class Section:
    name: str
    start: int
    end: int
    own: bool = False     # under a heading of the writer's own, not one of the known ones (_HEADED)


@dataclass
class Document:
    path: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    published: date | None = None
    source_url: str | None = None
    region_of_concern: str | None = None
    outlet: str | None = None
    language: str = "en"
    sections: list[Section] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    references_start: int | None = None      # where the footnote/reference list begins, if any
    anchors: list[tuple[int, date]] = field(default_factory=list)   # (offset, publication date) of feed entries

    def is_content(self, start: int, end: int) -> bool:
        return not any(s <= start and end <= e for s, e in self.boilerplate)

    def in_body(self, start: int) -> bool:
        """Prose (not boilerplate, not the reference list)."""
        return (self.references_start is None or start < self.references_start) and self.is_content(start, start)


# -- loading ------------------------------------------------------------------------------
def load(path: str | Path) -> list[tuple[str, str, dict]]:
    """(source label, plain text, metadata found by the format) for each document in a file.

    A feed gives one per entry; every other format gives one."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if path.is_dir():
        raise DocumentError(f"{path}: is a directory (use read_paths)")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(f"{path}: empty file")
    if size > MAX_BYTES:
        raise DocumentError(f"{path}: too large ({size / 1e6:.0f} MB; the reader takes up to "
                            f"{MAX_BYTES / 1e6:.0f} MB per document)")
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or raw.startswith(b"%PDF"):
        return [(str(path), _pdf_text(path, raw), {})]
    text = decode(raw, str(path))
    head = text[:2000].lstrip().lower()
    if suffix in FEED_SUFFIXES or head.startswith(("<rss", "<feed")) or ("<rss" in head and "<channel" in head):
        return _feed_entries(path, text)
    if suffix in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")):
        body, meta = html_to_text(text, str(path))
        return [(str(path), body, meta)]
    return [(str(path), text, {})]


def decode(raw: bytes, where: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{where}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{where}: binary data, not a text, HTML, PDF or feed document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{where}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                            "re-save the file as UTF-8") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192) + 2:
        raise DocumentError(f"{where}: binary data, not a text document")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_text(path: Path, raw: bytes) -> str:
    import io
    import logging

    from pypdf import PdfReader
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on malformed files
        raise DocumentError(f"{path}: malformed PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(p.strip() for p in pages).replace("\r\n", "\n")
    if not text.strip():
        raise DocumentError(f"{path}: PDF has no extractable text (scanned images need OCR first)")
    return text


def _feed_entries(path: Path, text: str) -> list[tuple[str, str, dict]]:
    """A feed file is one document: each entry's title and text, in feed order. Its publication date is
    the newest entry's; `anchors` lets each entry's relative dates ("on Monday") resolve against its own."""
    import feedparser
    parsed = feedparser.parse(text)
    if not parsed.entries:
        raise DocumentError(f"{path}: feed has no entries" + (f" ({parsed.bozo_exception})" if parsed.bozo else ""))
    parts, anchors, authors, pos = [], [], [], 0
    for i, entry in enumerate(parsed.entries):
        content = entry.content[0].get("value", "") if entry.get("content") else ""
        content = content or entry.get("summary", "")
        try:
            body, _ = html_to_text(f"<html><body>{content}</body></html>", f"{path}#{i}") if content.strip() else ("", {})
        except DocumentError:
            body = ""
        title = " ".join((entry.get("title") or "").split())
        block = "\n\n".join(x for x in (title, body) if x)
        if not block:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        if when:
            anchors.append((pos, date(when.tm_year, when.tm_mon, when.tm_mday)))
        if entry.get("author") and entry.author not in authors:
            authors.append(entry.author)
        parts.append(block)
        pos += len(block) + 2
    if not parts:
        raise DocumentError(f"{path}: feed entries have no text")
    feed = parsed.get("feed", {})
    meta = {"title": feed.get("title"), "source_url": feed.get("link"), "authors": authors, "anchors": anchors,
            "language": feed.get("language"), "outlet": feed.get("title")}
    if anchors:
        meta["published"] = max(d for _, d in anchors)
    return [(str(path), "\n\n".join(parts), {k: v for k, v in meta.items() if v})]


# -- HTML ---------------------------------------------------------------------------------
_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg",
              "button", "template")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "table", "tr", "br", "hr", "dd", "dt", "figcaption", "pre", "body"}
_BOILER_CLASS = re.compile(r"(^|[\s_-])(nav|menu|footer|header|sidebar|share|social|subscribe|newsletter|"
                           r"promo|related|cookie|breadcrumb|advert\w*|ads?|sponsor\w*|comments?)([\s_-]|$)", re.I)


def html_to_text(markup: str, where: str) -> tuple[str, dict]:
    """Main text of an HTML page, footnote markers kept as [n]; metadata from <meta> tags."""
    import lxml.etree
    import lxml.html
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DocumentError(f"{where}: malformed HTML ({exc})") from None
    meta = _html_meta(tree)
    for bad in tree.xpath("//" + " | //".join(_DROP_TAGS)):
        bad.drop_tree()
    for el in tree.xpath("//*[@class or @id]"):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag not in ("html", "body", "main", "article") and _BOILER_CLASS.search(marker) \
                and not re.search(r"foot ?note|endnote|reference|content", marker, re.I):
            el.drop_tree()
    for lst in tree.xpath("//ul | //ol"):
        items = lst.xpath("./li")
        if items and not lst.xpath(".//li[@id]") and all(
                li.xpath(".//a") and " ".join(li.text_content().split()) ==
                " ".join(" ".join(a.text_content() for a in li.xpath(".//a")).split()) for li in items):
            lst.drop_tree()       # a list of links ("related articles") is navigation, not content
    # the page's notes: list items with a note-like id, or any the text's markers link to ("<sup><a href="#n3">")
    targets = {a.get("href")[1:]: re.sub(r"\D", "", a.text_content())      # note id → the marker's number
               for a in tree.xpath("//sup//a[starts-with(@href, '#')]")}
    note_items = [li for li in tree.xpath("//li[@id]")
                  if li.get("id") in targets or _NOTE_ID.match(li.get("id"))]
    for sup in tree.xpath("//sup"):
        n = re.sub(r"\D", "", sup.text_content())
        if n and (sup.xpath(".//a[starts-with(@href, '#')]") or sup.text_content().strip().strip("[]").isdigit()):
            tail = sup.tail
            sup.clear()          # clear() drops the tail too: the sentence after the marker
            sup.text, sup.tail = f"[{n}]", tail
    for a in tree.xpath("//a[starts-with(@href, '#fn') or starts-with(@href, '#footnote') or "
                        "starts-with(@href, '#note') or starts-with(@href, '#ref') or starts-with(@href, '#cite')]"):
        n = re.sub(r"\D", "", a.text_content())
        if n and a.getparent() is not None and a.getparent().tag != "sup" and len(a.text_content().strip()) < 6:
            tail = a.tail
            a.clear()
            a.text, a.tail = f"[{n}]", tail
    for li in note_items:
        n = targets.get(li.get("id")) or re.sub(r"\D", "", li.get("id"))
        for back in li.xpath(".//a[contains(@class, 'back') or starts-with(@href, '#fnref') "
                             "or starts-with(@href, '#cite_ref')]"):
            back.drop_tree()
        if n and not li.text_content().lstrip().startswith(f"[{n}]"):
            li.text = f"[{n}] " + (li.text or "")
    for a in tree.xpath("//a[@href]"):
        href = a.get("href")
        if href.startswith("http") and href not in a.text_content():
            if any(li in note_items for li in a.iterancestors("li")):
                a.tail = f", {href}" + (a.tail or "")
    root = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    parts: list[str] = []
    _flatten(root[0], parts)
    for notes in _notes_outside(root[0], note_items):
        parts.append("\n\n")          # the article's notes, kept in a section of their own after it
        _flatten(notes, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise DocumentError(f"{where}: HTML page has no text content")
    return text, meta


_NOTE_ID = re.compile(r"fn|footnote|note|ref|cite")       # (the start of a note's id: "fn3", "note-3", "cite_note-3")


def _notes_outside(root, note_items: list) -> list:
    """The blocks that hold the page's numbered notes where they stand outside the article the text is taken from
    ("<article>…</article><section class="notes"><ol><li id="fn1">…"): each list of notes with its heading, in page
    order; nothing when the notes are inside the article."""
    if root.tag not in ("article", "main"):
        return []
    out: list = []
    for li in note_items:
        if root in li.iterancestors():
            continue
        block = li.getparent()
        if block is None:
            continue
        holder = block.getparent()
        if holder is not None and holder.tag in ("section", "div") and root not in holder.iterdescendants():
            block = holder         # the notes' section, with its heading ("Sources")
        if block not in out and not any(b in block.iterancestors() for b in out):
            out.append(block)
    return out


def _flatten(el, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table") else "\n")
    if tag == "li":
        parent = el.getparent()
        if (el.text or "").lstrip().startswith("["):
            pass
        elif parent is not None and parent.tag == "ol":
            # an ordered list's items carry their numbers, as the browser shows them: "1. …" (notes lists)
            items = [c for c in parent if isinstance(c.tag, str) and c.tag == "li"]
            try:
                first = int(parent.get("start", "1"))
            except ValueError:
                first = 1
            parts.append(f"{first + items.index(el)}. ")
        else:
            parts.append("- ")
    start = len(parts)
    if el.text and tag:
        parts.append(el.text)
    for child in el:
        _flatten(child, parts)
        if child.tail:
            parts.append(child.tail)
    if tag == "li":
        # a list item's first paragraph ("<li><p>…") starts on the item's line, after its number
        parts[start:] = [_ITEM_BREAK.sub(r"\1", "".join(parts[start:]), count=1)]
    if block:
        parts.append("\n")


_ITEM_BREAK = re.compile(r"\A([ \t]*(?:\[\d+\][ \t]*)?)\n+")


# "Headline | Site name", "Headline — Site name": the site after the last bar or dash set off by spaces
_SITE_SUFFIX = re.compile(r"\s[|–—]\s+([^|–—]{2,60})$")


def _html_meta(tree) -> dict:
    meta: dict = {}
    def first(*xpaths):
        for xp in xpaths:
            found = [v.strip() for v in tree.xpath(xp) if isinstance(v, str) and v.strip()]
            if found:
                return found[0]
        return None
    meta["title"] = first("//meta[@property='og:title']/@content", "//title/text()", "//h1//text()")
    heading = " ".join("".join(tree.xpath("(//h1)[1]//text()")).split())
    if meta["title"] and heading and meta["title"] != heading and meta["title"].startswith(heading) and \
            re.match(r"\s*[|–—:-]\s", meta["title"][len(heading):]):
        site = re.sub(r"^\s*[|–—:-]\s*", "", meta["title"][len(heading):]).strip()
        meta["title"] = heading           # "<title>Headline | Site name</title>" with <h1>Headline</h1>
        if site and len(site) <= 60:
            meta.setdefault("outlet", site)   # the site is the outlet: never an actor in its own page
    elif heading and meta["title"] and heading != meta["title"]:
        # the page's own headline is its <h1>; the <title> is often another wording made for search engines
        # ("Zamfara puts toll … | Site" above "Zamfara governor puts toll …"); a one- or two-word <h1> is a logo
        suffix = _SITE_SUFFIX.search(meta["title"])
        site = suffix.group(1).strip() if suffix else None
        if len(heading.split()) >= 3 and heading.casefold() != (site or "").casefold():
            meta["title"] = heading
            if site:
                meta.setdefault("outlet", site)
    author = first("//meta[@name='author']/@content", "//meta[@property='article:author']/@content")
    if author and not author.startswith("http"):
        meta["authors"] = [_RANK_BEFORE_NAME.sub("", a.strip()) for a in re.split(r",| and ", author) if a.strip()]
    when = first("//meta[@property='article:published_time']/@content", "//meta[@name='date']/@content",
                 "//meta[@name='dc.date']/@content", "//time/@datetime")
    if when:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", when)
        if m:
            try:
                meta["published"] = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
    meta["source_url"] = first("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    meta["outlet"] = first("//meta[@property='og:site_name']/@content") or meta.get("outlet")
    meta["language"] = first("//html/@lang")
    return {k: html_lib.unescape(v) if isinstance(v, str) else v for k, v in meta.items() if v}


# -- metadata and sections from plain text ----------------------------------------------------
_HEADED = r"(?:Event|Events|Significance|Assessment|Analysis|Background|Context|Outlook|Forecast|Recommendations?|" \
          r"Key Takeaways?|Key Judgments?|Key Points|Key Findings|Summary|Executive Summary|BLUF|Bottom Line Up Front|" \
          r"Bottom Line|Implications|Indicators|Comment|Discussion|Conclusion|Sources and notes|Notes and references|" \
          r"Sources|References|Notes|Endnotes|Bibliography|Works cited|Références|Footnotes|Évènement|Événement|Evénement|Analyse|Recommandations?|Perspectives|Contexte|Résumé|Notes de bas de page)"
HEADING_RE = re.compile(rf"^(?:#+\s*)?(?:\*\*|__)?({_HEADED})(?:\*\*|__)?\s*(?P<sep>:|—|–|\s-\s)?\s*(?:\*\*|__)?\s*", re.I)
MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
# Headings that announce a lead summarising the report ("BLUF: …", "Summary: …")
_LEAD_HEADING = re.compile(r"(?i)^(?:summary|executive summary|bluf|bottom line(?: up front)?|key (?:takeaways?|"
                           r"judg(?:e)?ments?|points|findings)|résumé|en bref)$")
REFERENCE_HEADINGS = {"sources", "references", "notes", "endnotes", "footnotes", "notes de bas de page",
                      "sources and notes", "notes and references", "bibliography", "works cited", "références"}

_BOILER_LINE = re.compile(
    r"^\s*(?:top of page|bottom of page|back to top|skip to (?:main )?content|share (?:this|on)\b.*|"
    r"print this page|subscribe\b.*|sign up\b.*|newsletter\b.*|click here\b.*|read more\b.*|related(?: articles| posts)?:?|"
    r"follow us\b.*|advertisement|cookie.*|all rights reserved.*|©.*|copyright\b.*|log ?in|register|menu|"
    r"tags?:.*|categories:.*|get (?:our|the) .*(?:newsletter|updates|briefing).*|support our work.*|donate.*|"
    r"lire aussi.*|abonnez-vous.*|haut de (?:la )?page|bas de (?:la )?page|(?:partager|partagez|share)\s*:.*|"
    # a share bar: "Facebook · Twitter · WhatsApp · Copier le lien"
    r"(?:(?:facebook|twitter|x|whatsapp|linkedin|telegram|e-?mail|print|imprimer|copier le lien|copy link)"
    r"\s*(?:[·|•/,]\s*|$)){2,})\s*$", re.I)
_LINK_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+\.)\s+(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?|[^.!?]{0,80}https?://\S+)\s*$")
_BYLINE = re.compile(r"^\s*(?:Written\s+by|By|Authors?|Auteurs?|Par|Prepared\s+by|Signed\s+by|Signée?s?\s+par|Rédigée?s?\s+par|Écrite?s?\s+par|Préparée?s?\s+par|"
                     r"Compiled\s+by|Analysts?\s*:|Analystes?\s*:|Contributors?\s*:|Spokes(?:person|man|woman)\s*:|Porte-parole\s*:)\s*:?\s+(.+)$", re.I)
_BYLINE_AFTER_DASH = re.compile(r"\s[—–-]\s+((?:By|Par)\s+[A-ZÀ-Ý].+)$")
_EDITED = re.compile(r"(?:Edited\s+by|Editors?|Édité par|Edité par|Relu par|Révisé par|Reviewed by)\s*:?\s+(.+?)(?:[;|·]|$)",
                     re.I)
_EDITED_NEEDS = Needs(_EDITED)
_STAMP_WORD = re.compile(r"(?i)^\s*(?:published|issued|updated|posted|publié|mis à jour)(?:\s+(?:on|le))?\s+")
_META_LINE = re.compile(r"^\s*(Published|Issued|Updated|Date|Dated|Publication date|Publié le|Région concernée|"
                        r"Region of concern|Region|Regions|"
                        r"Area of concern|Location|Source|URL|Link|Outlet|Publisher)\s*:\s*(.+?)\s*$", re.I)


def build(source: str, text: str, meta: dict | None = None) -> Document:
    """A Document from plain text and whatever metadata the format already gave."""
    meta = dict(meta or {})
    if not text.strip():
        raise DocumentError(f"{source}: no text")
    limit = max_text_chars()
    if len(text) > limit:
        raise DocumentError(f"{source}: {len(text) / 1e6:.1f} million characters of text; the reader takes up to "
                            f"{limit / 1e6:.1f} million per document (about {limit // 6_000:,} pages). Split it into "
                            "its reports or chapters (or raise WATCHFLOOR_MAX_TEXT_CHARS)")
    doc = Document(path=source, text=text)
    doc.boilerplate = _boilerplate_spans(text)
    _text_metadata(doc, meta)
    doc.anchors = list(meta.get("anchors") or doc.anchors)
    doc.sections = _sections(doc)
    doc.language = meta.get("language") or _language(text)
    doc.language = doc.language[:2].lower()
    return doc


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


_PROMO_LINE = re.compile(
    r"\b(?:paid subscribers?|subscribers? only|subscription|premium (?:content|members?|subscribers?)|"
    r"exclusive (?:articles|content|research|analysis)|become a (?:member|subscriber|patron)|on patreon|"
    r"sign up (?:for|to)|recent (?:exclusive )?(?:articles|posts|reports) include|you (?:may|might) also like|"
    r"recommended (?:for you|reading)|related (?:coverage|stories|reading)|most read|trending now|"
    r"réservé aux abonnés|à lire aussi)\b", re.I)
_PROMO_NEEDS = Needs(_PROMO_LINE)
_BULLET_LINE = re.compile(r"^\s*(?:[-*•·▪►]|\d+[.)])\s+\S")


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Wire and web copy's furniture inside the story: photo captions ("FILE PHOTO: …", "… REUTERS/Name/File Photo",
# "(AP Photo/Name)", "Photo : AFP"), the credits after the story ("Reporting by …; Editing by …") and the agency's
# standards line ("Our Standards: …"). Its names, dates and places are not the story's.
_FURNITURE_LINE = re.compile(r"(?i)^\s*\(?(?:(?:file photo|photo|image|picture|caption|légende|crédit photo|photo credit)"
                             r"\s*:|(?:additional\s+)?(?:reporting|writing|editing|translation|graphics)\s+by\s|"
                             r"our standards\s*:|advertisement\b)")
_PHOTO_CREDIT = re.compile(r"\b(?:REUTERS|AFP|AP Photo|EPA|Getty Images|Anadolu|Xinhua)/[A-Z]")


def _boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Navigation, promos and link lists: a promo paragraph (an offer to subscribers, 'recent articles
    include:') and the bulleted list that follows it are not content."""
    spans = []
    in_promo_list = False
    promo_possible = not _PROMO_NEEDS.absent(lowered(text))      # (most reports hold no promo words at all)
    for pos, line in _lines(text):
        if not line.strip():
            continue
        if in_promo_list and _BULLET_LINE.match(line):
            spans.append((pos, pos + len(line)))
            continue
        in_promo_list = False
        if _BOILER_LINE.match(line) or _LINK_BULLET.match(line) or _FURNITURE_LINE.match(line) or (
                "@" in line and len(line) < 200 and _EMAIL.search(line)) or (      # "In Yaoundé, A. Name, a@unhcr.org"
                "/" in line and len(line) < 400 and _PHOTO_CREDIT.search(line)):
            spans.append((pos, pos + len(line)))
        elif promo_possible and len(line) < 400 and _PROMO_LINE.search(line):
            spans.append((pos, pos + len(line)))
            in_promo_list = True
    return spans


_SUBJECT_LINE = re.compile(r"(?i)^(?:objet|subject|re)\s*:\s*(.+)$")


def _text_metadata(doc: Document, meta: dict) -> None:
    from watchfloor.read.dates import parse_date_phrase
    text = doc.text
    head_lines = list(_lines(text[:3000]))[:25]
    title = meta.get("title")
    nonempty = [line.strip() for _, line in head_lines if line.strip()]
    if title is None:
        # a letter's or communiqué's subject line is its title, wherever the letterhead puts it ("Objet : attaque
        # contre …" under "RÉPUBLIQUE DU MALI / Un Peuple – Un But – Une Foi / MINISTÈRE …")
        subject = next((m.group(1).strip() for _, line in head_lines
                        if (m := _SUBJECT_LINE.match(line.strip())) and len(m.group(1).strip()) > 8), None)
        title = subject[:200] if subject else None
    headline = None          # the headline under a page's labels, once found (`_headline_below`)
    for pos, line in head_lines if title is None else []:
        s = line.strip().strip("#* ").strip()
        if not s or not doc.is_content(pos, pos + len(line)):
            continue
        if headline is not None:
            if s != headline:
                continue
            headline = None   # (the headline itself is judged as any line)
        if headline is None and (_WIRE_SLUG.match(s) or _label_row(s)):
            headline = _headline_below(nonempty, line.strip())
            if headline is not None:
                continue      # "World / Africa", "Home > News > Mali", "THE DEFENSE POST", "NIGER-SECURITY/": a
                #               page's section labels, outlet or slug above the headline
        if len(s) <= 40 and parse_date_phrase(s) is not None and not re.search(r"[:—–-]\s*\S", s):
            continue          # "16 May 2017", "Mardi 18 février 2020": a date line, no title
        k = nonempty.index(line.strip()) if line.strip() in nonempty else -1
        following = nonempty[k + 1] if 0 <= k < len(nonempty) - 1 else ""
        if _BANNER.match(s) or (_BANNER.match(following) and not _HEADLINE_VERB.search(s)) or _DOC_SYMBOL.match(s):
            continue          # "United Nations / Meetings Coverage and Press Releases", "SC/15341 — 30 June 2023";
            #                   a headline above a "PRESS RELEASE" line ("UNMISS condemns …") is the title
        if _org_banner(s) or _NOT_A_TITLE.match(s) or _PLACE_LINE.match(s):
            continue          # "UNITED NATIONS", "Office for … (OCHA) — Nigeria", "Area: …", "Buea, Cameroon"
        if _issuer(s, nonempty[k - 1] if k > 0 else "", following):
            continue          # "FOR IMMEDIATE RELEASE / Lakeside Rights Forum / Accra, 3 May 2020": who issues it
        heading = HEADING_RE.match(s)
        if _BYLINE.match(line) or _META_LINE.match(s) or (heading and len(s) - heading.end() < 8):
            continue
        if _MASTHEAD.search(s) and pos == head_lines[0][0]:
            continue          # "UN HUMAN RIGHTS OFFICE — PRESS RELEASE": the outlet's banner, not the title
        if title is None and len(s) <= 200:
            title = re.sub(r"^(?:title|titre|headline|subject|objet)\s*:\s*", "", s, flags=re.I) or s
        break
    if title and meta.get("title") is None:
        title = _entry_title(title, nonempty) or title
    doc.title = title
    doc.authors = list(meta.get("authors") or [])
    doc.editors = list(meta.get("editors") or [])
    doc.published = meta.get("published")
    doc.source_url = meta.get("source_url")
    doc.outlet = meta.get("outlet")
    parts_of_head = [(pos, part) for pos, line in head_lines for part in _meta_parts(line)]
    # (the head's parts lie in its first 3000 characters, Markdown emphasis taken out: `_meta_parts`)
    edited_possible = not _EDITED_NEEDS.absent(lowered(text[:3000].replace("*", "").replace("_", "")))
    for pos, line in parts_of_head:
        by = _BYLINE.match(line)
        after_dash = None if by else _BYLINE_AFTER_DASH.search(line)
        if after_dash:            # "Bunia, le 29 juillet 2025 — Par Espérance Ngabu": a dateline, then the byline
            by = _BYLINE.match(after_dash.group(1))
        if by and not doc.authors:
            parts = [p.strip() for p in re.split(r"[;|]|\s[—–]\s", by.group(1))]
            names = parts[0]
            for part in parts[1:]:      # "Par A. Name, à Kinshasa – publié le 1er mars 2024 à 11 h 40"
                stamp = _STAMP_WORD.sub("", part)
                if doc.published is None and stamp != part and parse_date_phrase(stamp):
                    doc.published = parse_date_phrase(stamp)
            if doc.outlet is None and len(parts) > 1 and parse_date_phrase(_STAMP_WORD.sub("", parts[1])) is None \
                    and not re.match(r"(?i)edited", parts[1]):
                doc.outlet = _outlet_only(parts[1])
            names = re.sub(r"(?i)\b(?:edited by|editors?)\b.*$", "", names)
            doc.authors = _names(names)
        ed = _EDITED.search(line) if edited_possible else None
        if ed and not doc.editors:
            doc.editors = _names(ed.group(1))
        m = _META_LINE.match(line)
        if m:
            key, value = m.group(1).lower(), m.group(2)
            if key in ("published", "issued", "updated", "date", "dated", "publication date", "publié le") \
                    and doc.published is None:
                found = parse_date_phrase(value)
                doc.published = found
            elif key in ("region of concern", "région concernée", "region", "regions", "area of concern", "location"):
                doc.region_of_concern = doc.region_of_concern or value
            elif key in ("source", "url", "link") and re.match(r"https?://", value) and not doc.source_url:
                doc.source_url = value
            elif key in ("outlet", "publisher") or (key == "source" and not value.startswith("http")):
                doc.outlet = doc.outlet or value
    if not doc.authors:
        _meta_line_author(doc, head_lines)
    if not doc.authors and title:
        _names_under_title(doc, head_lines, title)
    if not doc.authors and title:
        _author_lines(doc, head_lines, title)
    _wire_credits(doc)
    if not doc.authors:
        doc.authors = _issuer_in_head(nonempty[:10])
    if not doc.authors:
        for pos, part in parts_of_head[:12]:
            desk = _DESK_LINE.match(re.split(r"\s[—–]\s", part)[0])      # "…, Observatory — issued 11 February"
            if desk:          # "Threat desk, Sahel Risk Partners" alone in the header
                doc.authors = [desk.group(1).strip(" .")]
                break
    if doc.published is None:      # "published 21 February 2022" without a colon
        for pos, part in parts_of_head:
            kw = re.match(r"(?i)\s*(?:published|issued|updated|posted|publié)(?: on| le)?\s+(.{6,40}?)"
                          r"(?:\s+(?:by|par)\s+(.{3,80}))?$", part)
            if kw and parse_date_phrase(kw.group(1)):
                doc.published = parse_date_phrase(kw.group(1))
                if kw.group(2) and not doc.authors:       # "Published 3 May 2024 by the Analysis Unit"
                    doc.authors = _names(kw.group(2))
                break
    if doc.published is None:
        for pos, line in head_lines[:15]:
            s = line.strip()
            dateline = _DATELINE.match(s)
            parts = [dateline.group(1) or dateline.group(3) or dateline.group(4)] if dateline else \
                [p.strip() for p in re.split(r"\s[|—–·]\s|\|", s)]
            for part in parts:
                part = re.sub(r"\s*\([^()\d]*\)\s*$", "", part or "")      # "…, 16 octobre 2019 (article traduit …)"
                if 6 <= len(part) <= 60:
                    part = re.sub(r"(?i)^(?:updated|posted|published)( on)?:?\s*", "", part)
                    pieces = [p.strip() for p in part.split(",")]
                    # "Press briefing note, Geneva, 10 December 2021": the date is the line's last piece(s)
                    found = parse_date_phrase(part) or (len(pieces) > 1 and (
                        parse_date_phrase(pieces[-1]) or parse_date_phrase(", ".join(pieces[-2:]))))
                    if found:
                        doc.published = found
                        break
            if dateline and doc.published is None:
                doc.published = _dateline_year(text, dateline.group(1) or dateline.group(3) or dateline.group(4) or "")
            if dateline and (dateline.group(2) or dateline.group(5)) and doc.outlet is None:
                doc.outlet = (dateline.group(2) or dateline.group(5)).strip()
            if doc.published:
                break
    if doc.published is None and not meta.get("anchors"):
        _period_anchor(doc, head_lines)
    if not doc.authors:
        for pos, line in head_lines[:8]:
            attributed = None if _ATTRIBUTED_NEEDS.absent(lowered(line)) else _ATTRIBUTED_TO.search(line.strip())
            if attributed:
                doc.authors = [attributed.group(1)]
                break
    if not doc.authors:
        tail = [line for _, line in _lines(text[-1500:]) if line.strip()][-4:]
        signed = next((k for k, line in enumerate(tail) if _SIGNED.match(line)), None)
        if signed is not None and signed + 1 < len(tail):
            name = _SIGNER.match(_RANK_BEFORE_NAME.sub("", tail[signed + 1].strip()))
            if name:            # "Signed," then the name (and the role under it)
                doc.authors = [name.group(2).strip()]
    if not doc.authors:
        tail = [line for _, line in _lines(text[-1500:]) if line.strip()][-4:]
        for line in reversed(tail):
            if re.match(r"\s*(?:\[\^?\d+\]|\d+\.\s|https?://)", line) or _TAIL_FURNITURE.match(line):
                continue        # footnotes come after the signature; so do "* *** *" and "For information media"
            if line is tail[-1] and len(tail) > 1 and _PLACE_DATE_LINE.match(line):
                continue        # "New York, 13 January 2021" under the signature
            k = tail.index(line)
            if _CONTACT.search(line) or (k and _CONTACT.search(tail[k - 1])):
                break           # "For more information, please contact: A. Name, Press Officer": no author
            sign = _SIGN_OFF.match(line)
            if sign and len(line) < 200:
                doc.authors = [sign.group(1).strip()]
            else:
                k = tail.index(line)
                signer = _signatory(line, tail[k - 1] if k else "")
                if signer:
                    doc.authors = [signer]
            break
    if not doc.authors:
        # a signature's name with its office on the lines under it ("Jean Dupont\nMinistre de la Communication,\n
        # Porte-parole du Gouvernement")
        tail = [line for _, line in _lines(text[-1500:]) if line.strip()][-4:]
        k = len(tail) - 1
        while k > 0 and _OFFICE_LINE.match(tail[k]) and not _NAME_LINE.match(tail[k]):
            k -= 1
        name = _NAME_LINE.match(tail[k]) if 0 <= k < len(tail) - 1 else None
        if name and not _OFFICE_LINE.match(tail[k]):
            doc.authors = [name.group(1)]
    if doc.outlet is None and doc.source_url:
        m = re.match(r"https?://(?:www\.)?([^/:]+)", doc.source_url)
        doc.outlet = m.group(1) if m else None


_ON_WEEKDAY = re.compile(r"(?i)\b(?:on|late on|early on|le|ce)\s+([^\W\d]+day|" + FRENCH_WEEKDAYS + r")\b")
_MONTH_DAY = re.compile(r"(?i)^(?:([a-zéû]+)\.?\s+(\d{1,2})|(\d{1,2})(?:er)?\s+([a-zéû]+)\.?)$")


def _outlet_only(part: str) -> str:
    """'Le Courrier du Faso, Ouagadougou, 17 novembre 2021' -> 'Le Courrier du Faso': a byline's outlet without the
    date and the one-word place that follow it."""
    from watchfloor.read.dates import parse_date_phrase
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) > 1 and parse_date_phrase(pieces[-1]):
        pieces.pop()
        if len(pieces) > 1 and re.fullmatch(r"[A-ZÀ-Ý][\w'’-]+", pieces[-1]):
            pieces.pop()
    return ", ".join(pieces)


_SINCE_YEAR = re.compile(r"(?i)\b(?:since|depuis)\s+((?:19|20)\d\d)\b")


def _dateline_year(text: str, day_text: str):
    """The date of a dateline without its year ("BAMAKO, June 20 (Reuters) -"): the year in which that day falls on
    the weekday the story's first paragraph names for it ("said on Monday"), or else for the day before ("late on
    Monday" in a story filed on the Tuesday), among the years the text names and the year after the last; None
    unless exactly one year fits."""
    from datetime import date, timedelta
    from watchfloor.read.dates import MONTHS, WEEKDAYS
    m = _MONTH_DAY.match(day_text.strip())
    if not m:
        return None
    month = MONTHS.get((m.group(1) or m.group(4)).lower().rstrip("."))
    day = int(m.group(2) or m.group(3))
    if month is None:
        return None
    named = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)}
    if not named:
        return None
    # a year named only as a start ("since 2011") is before the story's: no candidate itself
    since = {int(y) for y in _SINCE_YEAR.findall(text)}
    others = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", _SINCE_YEAR.sub("", text))}
    years = (named - (since - others)) | {max(named) + 1}
    lead = text[:1500]
    days = {WEEKDAYS[w.lower()] for w in _ON_WEEKDAY.findall(lead) if w.lower() in WEEKDAYS}
    same, after = set(), set()
    for y in years:
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d.weekday() in days:
            same.add(d)
        elif (d - timedelta(days=1)).weekday() in days:
            after.add(d)
    fits = same or after
    return next(iter(fits)) if len(fits) == 1 else None


_MONTHS = {m: i for i, names in enumerate((
    ("january", "janvier"), ("february", "février", "fevrier"), ("march", "mars"), ("april", "avril"), ("may", "mai"),
    ("june", "juin"), ("july", "juillet"), ("august", "août", "aout"), ("september", "septembre"),
    ("october", "octobre"), ("november", "novembre"), ("december", "décembre", "decembre")), 1) for m in names}
_PERIOD = re.compile(r"(?i)(?<![\w-])(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\s+((?:19|20)\d\d)\b")


# A periodical's name on the first line ("Monthly conflict tracker — Africa", "Veille mensuelle des conflits"):
# the entry's own title, on the next line and naming its month ("Mali — July 2024 — …"), is the title.
_SERIES = re.compile(r"(?i)\b(?:tracker|monitor|weekly|monthly|bulletin|digest|newsletter|update|watch|review|"
                     r"veille|hebdomadaire|mensuel(?:le)?|lettre)\b")


# An issue line's stamp anywhere in it ("Basin Desk, Shore Risk Analytics | Issued Monday 3 June 2024"): no entry's title.
_ISSUE_STAMP = re.compile(r"(?i)(?:^|[|—–,]\s*)(?:issued|published|posted|updated|publié|diffusé)\b")


def _entry_title(title: str, nonempty: list[str]) -> str | None:
    if not _SERIES.search(title) or ":" in title or len(title.split()) > 10 or title not in nonempty:
        return None
    k = nonempty.index(title)
    following = nonempty[k + 1].strip("#* ").strip() if k + 1 < len(nonempty) else ""
    if _NOT_A_TITLE.match(following) and k + 2 < len(nonempty):
        following = nonempty[k + 2].strip("#* ").strip()      # over "Published 5 September 2023"
    if _NOT_A_TITLE.match(following):
        return None
    if following and len(following) <= 160 and _PERIOD.search(following) and not following.endswith(".") \
            and re.search(r"\s[—–|-]\s|:\s", following) and not _META_LINE.match(following) \
            and not _DESK_LINE.match(following) and not _ISSUE_STAMP.search(following) \
            and not re.match(r"(?i)(?:issued|published|posted|updated|week of|week\s*\d+|issue\s+(?:no\.?\s*)?\d+|period|"
                             r"publié|semaine)\b", following):     # ("Week 44: 25–31 October": a period, no title)
        return following
    return None


def _period_anchor(doc: Document, head_lines) -> None:
    """A report without a publication date whose head names the month it covers ("Mali — July 2024 —
    Deteriorated situation", "janvier 2025"): its day-and-month dates ("1 July") are read in that month's year.
    The month's last day anchors them; the publication date stays unknown."""
    import calendar
    for pos, line in head_lines[:8]:
        m = _PERIOD.search(line)
        if m and len(line.strip()) < 160:
            year, month = int(m.group(2)), _MONTHS[m.group(1).lower()]
            doc.anchors = [(0, date(year, month, calendar.monthrange(year, month)[1]))]
            return


def _names_under_title(doc: Document, head_lines, title: str) -> None:
    """Authors on a line of their own just under the title (journal articles): the first non-empty line after
    the title, if it is only people's names and two or more words each (never a sentence)."""
    seen_title, skipped = False, 0
    for pos, line in head_lines:
        s = line.strip()
        if not s:
            continue
        if not seen_title:
            seen_title = title in s
            continue
        plain = _without_date_part(re.sub(r"[*_]{1,2}([^*_]+?)[*_]{1,2}", r"\1", s).strip())
        if skipped < 2 and (_SERIES_LINE.search(plain) or _AFFILIATION.search(plain)) and not _NAMES_LINE.match(plain):
            skipped += 1          # "Policy brief No. 14/2021 · Tahoua Policy Lab", "Lakes Institute – Commentary"
            continue              # between the title and the names
        if len(plain) < 90 and not plain.endswith((".", ":", "?", "!")) and _NAMES_LINE.match(plain) and \
                not _ROLE_WORD.search(plain) and not HEADING_RE.match(s) and not _MARKS.search(plain):
            doc.authors = _names(plain)
        return


def _without_date_part(line: str) -> str:
    """A names line less a date after a separator ("A and B · 6 April 2021", "A and B — March 2024")."""
    from watchfloor.read.dates import parse_date_phrase
    parts = re.split(r"\s[·|—–]\s", line)
    if len(parts) > 1 and parse_date_phrase(parts[-1].strip()):
        return " · ".join(parts[:-1]).strip()
    return line


# Superscript marks after an author's name ("Aminata Cissé¹*"), and an affiliation line they point to.
_MARKS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079*†‡§]+|\^\d+")
_AFFILIATION_LINE = re.compile(r"^\s*(?:[\u00b9\u00b2\u00b3\u2070-\u2079†‡§]|\*(?!\*)|\^?\d\s)")


def _author_lines(doc: Document, head_lines, title: str) -> None:
    """Authors under the title in the forms journals and think tanks use, the lines then left out of the body
    (affiliations are not actors):
    - one line per author, the name first and the role or affiliation after a comma ("**A. Name**, Research
      Fellow, Institute for …");
    - names with the role in brackets ("A. Name (Senior Fellow, Centre …) and B. Name (Professor, …)");
    - names with superscript marks ("A. Name¹* and B. Name²"), the affiliation lines they point to after them."""
    seen_title, names, spans, skipped = False, [], [], 0
    for pos, line in head_lines:
        s = line.strip()
        if not seen_title:
            seen_title = bool(s) and title in s
            continue
        if not s:
            continue
        plain = _MARKS.sub("", re.sub(r"[*_]{1,2}([^*_]+?)[*_]{1,2}", r"\1", s)).strip()
        if names and _AFFILIATION_LINE.match(s):
            spans.append((pos, pos + len(line)))          # "¹ Faculté des sciences …"
            continue
        if not names and skipped < 2 and _SERIES_LINE.search(plain) and not _ROLE_WORD.search(plain):
            skipped += 1          # "Policy Brief No. 14 — 15 December 2022" between the title and the authors
            continue
        bracketless = re.sub(r"\s*\([^()]{3,200}\)", "", plain).strip()
        one = re.match(rf"^({_NAME})\s*,\s*(.+)$", plain)
        if one and re.match(r"(?:le\s+)?\d{1,2}\s+\w+\s+(?:19|20)\d\d|\w+\s+\d{1,2},?\s+(?:19|20)\d\d", one.group(2)):
            break             # "Port Sudan, 6 June 2024 — The Coordinator …": the dateline, the story begins
        if one and (_CLAUSE.search(one.group(2)) or one.group(1).split()[0] in _OPENING_WORDS):
            break             # "On Monday, analysts at the X Institute said …": a sentence, the story begins
        desk = _DESK_LINE.match(plain)
        if desk and not names:
            found = [desk.group(1).strip(" .")]       # "Gulf Desk, Harbour Risk Advisory": the organisation writes
        elif bracketless != plain and (_NAMES_LINE.match(bracketless) or re.fullmatch(_NAME, bracketless)) and \
                (_ROLE_WORD.search(plain) or _AFFILIATION.search(plain)):      # "A (Institute for …) and B (Centre …)"
            found = _names(bracketless)
        elif one and (_ROLE_WORD.search(one.group(2)) or _AFFILIATION.search(one.group(2))):
            found = [one.group(1)]
        elif (shared := _SHARED_AFFILIATION.match(plain)) and _AFFILIATION.search(shared.group(2)) and \
                not _CLAUSE.search(shared.group(2)):
            found = _names(shared.group(1))      # "A. Name and B. Name, Institute for …": one affiliation for both
        elif _MARKS.search(s) and (_NAMES_LINE.match(plain) or re.fullmatch(_NAME, plain)):
            found = _names(plain)
        else:
            break
        names += [n for n in found if n not in names]
        spans.append((pos, pos + len(line)))
    if names:
        doc.authors = names
        doc.boilerplate = sorted(doc.boilerplate + spans)


# What an author's role or affiliation never holds, and a sentence's opening words that are no name
_CLAUSE = re.compile(r"\b(?:said|says|told|warned|killed|attacked|claimed|announced|reported|was|were|is|are|has|have|"
                     r"had|will|would|could|according|a déclaré|ont|sont|était)\b")
_OPENING_WORDS = frozenset({"On", "In", "At", "By", "Since", "After", "Before", "During", "Last", "This", "Early",
                            "Late", "Earlier", "Later", "Le", "La", "Les", "En", "Depuis", "Après", "Avant"})
# A periodical's issue line: "Policy Brief No. 14 — 15 December 2022", "Analysis Series, No. 31 — November 2022".
_SERIES_LINE = re.compile(r"(?i)\b(?:no\.|n°|vol\.|issue|series|(?:19|20)\d\d)\b")
_AFFILIATION = re.compile(r"(?i)\b(?:university|université|universidad|college|institute|institut|centre|center|"
                          r"school|faculty|faculté|department|département|programme|program|foundation|fondation|"
                          r"council|group|unit|cell|desk|lab|laboratory|observatory|observatoire|advisory|partners|"
                          r"intelligence|analytics|associates|consulting|monitor|network|forum|initiative|team|division|section|"
                          r"risk|bureau|office)\b")
# A rank or courtesy title before an author's name: "Capt. Elena Marchetti", "Me Moctar Mariko"
_RANK_BEFORE_NAME = re.compile(r"^(?:(?:Capt|Col|Gen|Lt|Maj|Cdr|Dr|Prof|Pr|Mr|Mrs|Ms|Mme|Mlle|M|Me|Sgt|Adm|Brig)\.?\s+)+"
                               r"(?=[A-ZÀ-Ý])")
# A team of an organisation as the writer: "Threat desk, Sahel Risk Partners" → the organisation.
_DESK_LINE = re.compile(r"^\s*(?:the\s+)?[\w&'’ -]{0,40}?\b(?:[Dd]esk|[Uu]nit|[Cc]ell|[Tt]eam|[Ss]ection|[Pp]rogramme|[Pp]rogram|"
                        r"[Dd]ivision)\s*,\s*"
                        r"((?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){0,5})\s*$")
# A wire story's credits: "(Reporting by A in Maiduguri; Additional reporting by B; Writing by C; Editing by D)",
# "(Rédaction : A ; édition : B)". Who reported or wrote is an author, who edited an editor; additional reporting
# is neither.
_WIRE_CREDITS = re.compile(r"\((?:(?:Additional\s+)?[Rr]eporting by|[Rr]édaction\s*:|[Ww]riting by|[Ee]diting by)[^()]{3,300}\)")
_CREDIT = re.compile(r"(?i)^\s*(additional reporting|reporting|writing|editing|rédaction|édition|edition|"
                     r"reportage|écrit|texte)\s*(?:by|par|:)\s*(.+?)\s*$")
_AUTHOR_CREDITS = {"reporting", "writing", "rédaction", "reportage", "écrit", "texte"}
_EDITOR_CREDITS = {"editing", "édition", "edition"}


def _wire_credits(doc: Document) -> None:
    """The credits are the authors where no byline named them, the editors, and never part of the body."""
    m = None
    for m in _WIRE_CREDITS.finditer(doc.text, max(0, len(doc.text) - 1500)):
        pass
    if m is None:
        return
    strip_place = lambda names: [re.sub(r"\s+(?:in|à|from|depuis)\s+[A-ZÀ-Ý][\w'’ -]+$", "", n).strip() for n in names]
    authors, editors = [], []
    for part in m.group(0)[1:-1].split(";"):
        credit = _CREDIT.match(part)
        if not credit:
            continue
        kind, names = credit.group(1).lower(), strip_place(_names(credit.group(2)))
        if kind in _AUTHOR_CREDITS:
            authors += [n for n in names if n not in authors]
        elif kind in _EDITOR_CREDITS:
            editors += [n for n in names if n not in editors]
    if not doc.authors:
        doc.authors = authors
    if editors and not doc.editors:
        doc.editors = editors
    doc.boilerplate = sorted(doc.boilerplate + [(m.start(), m.end())])


# A web page or wire copy above its headline: section labels and outlet names ("World", "Afrique", "UN News",
# "THE DEFENSE POST"), a breadcrumb or a row of labels ("Home > News > Africa", "News | Conflict"), a wire's slug
# ("NIGER-SECURITY/ (UPDATE 2)"). Such a line is passed over only when a headline follows it before the story.
_WIRE_SLUG = re.compile(r"^[A-Z]{2,}(?:[-/][A-Z0-9]{2,})*/(?:\s|$)")
_LABEL_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.&-]*|&|and|of|the|on|for|et|de|du|des|la|le|les|l['’]\w+)$")
_LABEL_SEPARATOR = re.compile(r"\s*(?:[|>›»]|\s/\s)\s*")


# Words that make a short title-case line a report's own title ("Sahel Security Brief", "Weekly Threat Update"), not
# a label above it.
_REPORT_KIND = re.compile(r"(?i)\b(?:brief(?:ing)?|report|update|bulletin|digest|tracker|monitor|overview|outlook|"
                          r"review|assessment|analysis|warning|alert|snapshot|situation|summary|note|memo|paper|"
                          r"weekly|monthly|daily|quarterly|annual|file|watch|rapport|bilan|veille|point)\b")


def _label(text: str, most: int) -> bool:
    words = text.split()
    return 1 <= len(words) <= most and words[0][0].isupper() and not re.search(r"[\d:;,.!?()—–]", text) and \
        all(_LABEL_WORD.match(w) for w in words) and not _REPORT_KIND.search(text)


# A series' number in a page's labels: "Report 299 / Africa", "Briefing N°180 / Africa".
_SERIES_NUMBER = re.compile(r"(?i)^(?:report|briefing|brief|bulletin|issue|paper|note|rapport|briefing note|policy brief)"
                            r"\s+(?:n[°o]\.?\s*)?\d+$")


def _label_row(line: str) -> bool:
    """A section label or an outlet's name alone, or a row of them (breadcrumb, tabs, a series' number)."""
    parts = [p for p in _LABEL_SEPARATOR.split(line) if p]
    if len(parts) > 1:
        return all(_label(p, 3) or _SERIES_NUMBER.match(p) for p in parts)
    return _label(line, 4)


def _headline_below(nonempty: list[str], line: str) -> str | None:
    """The headline within the three lines after `line`: five to thirty words, not ending as a sentence does; None
    when the story (a sentence) or no such line comes first."""
    if line not in nonempty:
        return None
    k = nonempty.index(line)
    for following in nonempty[k + 1:k + 4]:
        words = following.split()
        if following.endswith((".", "?", "!", ":")) and len(words) >= 8:
            return None       # the story begins
        if 5 <= len(words) <= 30 and not following.endswith(".") and len(re.findall(r"[^\W\d_]{3,}", following)) >= 3 \
                and "|" not in following and not _DESK_LINE.match(following) \
                and not (_NOT_A_TITLE.match(following) or _BYLINE.match(following) or _META_LINE.match(following)):
            return following
    return None


# A headline's verb ("X condemns …", "Y calls for …", "Z kills 26"): a banner or an issuer's name has none.
_HEADLINE_VERB = re.compile(r"\b[a-z]{3,}(?:s|ed)\b(?!\s*$)")
_BANNER = re.compile(r"(?i)^(?:meetings coverage|press releases?|news releases?|media advisory|media release|"
                     r"for immediate release|embargoed\b.*|pour (?:diffusion|publication) imm[ée]diate|"
                     r"statements and messages|speeches and statements|(?:the\s+)?secr[ée]tary[- ]g[ée]n[ée]ral\s*$|"
                     r"secrétaire général\s*$|"
                     r"communiqués? de presse|(?:[A-Za-z]+\s+)?(?:statement|déclaration|communiqué)"
                     r"(?=\s*(?:[—–|-]|n°|no\.|$)))\b")
# Head lines that are never the title: labels ("Area: …", "Distribution date: …") and issue lines ("Issued 24 April
# 2023 by …").
_NOT_A_TITLE = re.compile(r"(?i)^(?:(?:area|areas|distribution(?: date| list)?|classification|approved(?: by)?|reference|"
                          r"ref|prepared (?:by|for)|audience|coverage|period|reporting period|trend|tendance|zone|"
                          r"countries|country|pays|time|valid until|handling|tlp)\s*:|"
                          r"(?:last\s+)?(?:issued|published|posted|updated|modified|publié|diffusé|mis à jour)"
                          r"\s*(?:on\s+|le\s+|:\s*)?\d)")
# A place alone on a line under a banner: "Buea, Cameroon".
_PLACE_LINE = re.compile(r"^[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?,\s*[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?$|"
                         # where a release is issued from: "NEW YORK / BANGKOK", "Geneva/Nairobi"
                         r"^[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+){0,2}(?:\s*/\s*[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+){0,2})+$")
_FUNCTION_WORDS = {"of", "for", "the", "and", "on", "in", "de", "des", "du", "la", "le", "les", "pour", "et", "d'", "l'"}


_DOC_SYMBOL = re.compile(r"^[A-Z]{1,6}(?:/[A-Z0-9.]+)*/\d[\w./-]*\s*(?:[—–|-]|$)")
# A masthead on the first line: an organisation and the kind of document, or an issue line.
_MASTHEAD = re.compile(r"^[^a-z]*\s[—|]\s(?:PRESS|NEWS|MEDIA|STATEMENT|COMMUNIQU|D[ÉE]CLARATION|BULLETIN|NOTE)[^a-z]*$|"
                       r"\s[—|]\s.*\b(?:No\.|Brief|Note|Bulletin|Release|Issue)\b")

# "NIAMEY, Jan. 13, 2020 (Sahel Wire) - …": a wire story's dateline, a whole head line, its date and outlet
# captured (matching.DATELINE_DASH: how the reader's dateline patterns relate).
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,},\s+(?:[A-Z][^\W\d]*(?:[ .][^\W\d]+)*,\s+)?(.{5,25}?)\s*(?:\(([^)]{2,40})\))?\s*"
                       + DATELINE_DASH + r"\s"
                       r"|^[A-Z][A-Z .'’-]{2,}\s+\((.{6,25}?)\)\s*" + DATELINE_DASH + r"\s"      # or "GENEVA (12 May 2023) —"
                       # or a city in title case, with a date that has its year: "Ouagadougou, 14 mars 2024 (AFP) -"
                       r"|^[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,2},\s+(?:le\s+)?"
                       r"((?:\d{1,2}(?:er)?\s+[^\W\d]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)\s+\d{4})\s*"
                       r"(?:\(([^)]{2,40})\))?\s*" + DATELINE_DASH + r"\s")
_ORG_HEAD = re.compile(r"(?i)\b(?:nations|r[ée]publique|republic|ministry|minist[èe]re|ligue|league|network|r[ée]seau|"
                       r"association|council|conseil|office|bureau|commission|committee|comit[ée]|government|"
                       r"gouvernement|union|organi[sz]ation|foundation|fondation|institute|institut|centre|center|agency|"
                       r"agence|programme|mission|coalition|federation|f[ée]d[ée]ration|secretariat|presidency|"
                       r"pr[ée]sidence|observatory|observatoire|collectif|coordination|movement|mouvement|front|"
                       r"watch|monitor|forum|alliance|syndicat|union)\b")
_DOC_KIND = r"(?:statement|press release|news release|communiqu[ée]|d[ée]claration|media advisory)"
_OUTLET_WORD = re.compile(r"(?i)\b(?:news|press|radio|wire|times|post|agency|agence|tv|television|télévision|"
                          r"[ée]cho|journal|herald|tribune|gazette|courier|courrier|"
                          r"info|infos|actu|dépêche|depeche)\b")


# The nouns that end the names of associations, networks and rights groups ("Coastal Protection Network", "Highland
# Civic Watchers"): components._ASSOCIATION_END, and among the nouns of an issuer's name below.
ASSOCIATION_NOUNS = (r"network|watch|watchers|collective|coalition|alliance|league|association|society|"
                     r"federation|commission|committee|trust|foundation|initiative|ligue|collectif|r[ée]seau|"
                     r"coordination")
# An issuing organisation alone on a head line, by the noun that ends its name ("Lakeside Rights Forum",
# "Coastal Civilian Protection Network", "Delta Human Rights Watchers"), and a line that is a place and a date
# ("Accra, 3 May 2020").
_ISSUER_NOUN = re.compile(r"(?i)\b(?:" + ASSOCIATION_NOUNS + r"|institute|centre|center|observatory|forum|council|"
                          r"monitor|project|organi[sz]ation|advisory|consulting|partners|analytics|observatoire|"
                          r"fondation|institut)$")
_ISSUER_NAME = re.compile(r"^(?:[Tt]he\s+)?[A-ZÀ-Ý][\w'’&.-]*(?:\s+(?:[A-ZÀ-Ý&][\w'’&.-]*|of|for|on|and|de|des|du|pour|"
                          r"la|le|l['’]\w+)){1,7}(?:\s*\([A-Z][A-Za-z]{1,9}\))?$")
# "Briefing paper – Coastal Civilian Protection Network (CCPN)": the kind of document, then who issues it.
_KIND_THEN_ISSUER = re.compile(r"(?i)^(?:briefing (?:paper|note)|policy (?:brief|paper)|press release|news release|"
                               r"statement|report|note|communiqu[ée](?: de presse)?|d[ée]claration)\s*[—–:-]\s+(.+)$")


def _place_date_line(line: str) -> bool:
    from watchfloor.read.dates import parse_date_phrase
    m = re.match(r"^[A-ZÀ-Ý][\w'’ -]{1,30}?(?:\s*/\s*[A-ZÀ-Ý][\w'’ -]{1,30}?)*,\s*(.{6,30})$", line)
    return bool(m and parse_date_phrase(m.group(1)))


def issuer_name(line: str) -> str | None:
    """An organisation's name alone on a line (with its acronym), by the noun that ends it; else None."""
    line = line.strip().strip("*_# ").strip()
    if not _ISSUER_NAME.match(line):
        return None
    name = re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", line)
    name = re.sub(r"^[Tt]he\s+", "", name)
    return name if _ISSUER_NOUN.search(name) else None


def _issuer(line: str, before: str, after: str) -> str | None:
    """The organisation a head line names as the issuer of a release: its name alone on the line under a banner
    ("FOR IMMEDIATE RELEASE", "PRESS RELEASE") or over the place and date it is issued from; else None."""
    name = issuer_name(line)
    if name and (_BANNER.match(before.strip()) or _place_date_line(after.strip())):
        return name
    return None


# "Saharan Security Watch — Early Warning Unit", "*Lakeshore Conflict Observatory — situation analysis · 3 May*": the
# issuer, then its unit or the kind of paper.
_ISSUER_THEN_KIND = re.compile(r"^[*_]*\s*(.+?)\s+[—–]\s+(?i:(?:[\w'’&-]+\s+){0,4}(?:desk|unit|cell|team|section|"
                               r"programme|program|division)\b\s*[*_]*$|(?:[\w-]+\s+){0,2}(?:analysis|brief|briefing|"
                               r"update|assessment|report|note|commentary|bulletin|alert)\b)")
# A UN body: its releases are written in the third person and have no author (the labelling rules), whatever their
# headline or head line names.
_UN_BODY = re.compile(r"(?i)^(?:the\s+)?(?:UN\b|U\.N\.|United Nations|Nations unies|ONU\b)|\b(?:Mission|MINUS\w*|MONUSCO|"
                      r"UNMISS|Commission of Inquiry|Special Rapporteur|Security Council|Human Rights Council|"
                      r"High Commissioner)\b")
# A release's headline that ends by naming who speaks: "Sudan: Stop the killings, says Lakeside Rights Forum".
_SAYS_ISSUER = re.compile(r",\s+(?:says|warns|urges|tells|demands|dit|affirme|exhorte)\s+(.+?)\s*$")


def _issuer_in_head(lines: list[str]) -> list[str]:
    """[the issuing organisation] of a release or briefing paper from its head lines, or []."""
    released = False
    for k, line in enumerate(lines):
        kind = _KIND_THEN_ISSUER.match(line.strip())
        name = issuer_name(kind.group(1)) if kind else None
        if name:
            return [name]
        kind = _ISSUER_THEN_KIND.match(line.strip())
        name = issuer_name(kind.group(1)) if kind else None
        if name and not _UN_BODY.search(name):
            return [name]
        released = released or bool(_BANNER.match(line.strip()))
        says = _SAYS_ISSUER.search(line) if released else None
        name = issuer_name(says.group(1)) if says else None
        if name and not _UN_BODY.search(name):
            return [name]
        name = _issuer(line, lines[k - 1] if k else "", lines[k + 1] if k + 1 < len(lines) else "")
        if name:
            return [name]
    return []


def _org_banner(line: str) -> bool:
    """An organisation's name as a banner over the title: "UNITED NATIONS", "RÉPUBLIQUE DU NIGER", "Ministère de
    l'Intérieur, …", "Office for … (OCHA) — Nigeria", "United Nations — Statement by the Secretary-General",
    "Déclaration de l'Association … (AMDH)", or an outlet and its section ("UN News — Humanitarian Aid")."""
    words = line.split()
    if len(words) > 14 or ":" in line or re.match(rf"(?i){_DOC_KIND}\s+(?:du|of|on|sur|relati)", line):
        return False          # "COMMUNIQUÉ DU GOUVERNEMENT RELATIF À L'ATTAQUE …": the title
    head = re.split(r"\s[—–|]\s", line)[0]
    rest = line[len(head):].strip(" —–|")
    acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", head)
    name = re.sub(rf"(?i)^{_DOC_KIND}\s+(?:de\s+l['’]|de\s+la|du|des|of the|of|by the|by)\s*", "", head[:acronym.start()] if acronym else head)
    name_words = re.split(r"[\s,]+|(?<=['’])", name.strip())
    capitalised = bool(name.strip()) and all(w[:1].isupper() or w.lower() in _FUNCTION_WORDS or not w
                                             for w in name_words)
    if acronym and (capitalised or _ORG_HEAD.search(name)) and not head[acronym.end():].strip():
        return True           # a name with its acronym
    if not re.search(r"[a-z]", line) and _ORG_HEAD.search(name) and not rest and len(name_words) <= 8:
        return True           # a letterhead in capitals ("RÉPUBLIQUE DU NIGER"; a title-case line may be a headline)
    if not re.search(r"[a-z]", line) and _ORG_HEAD.search(name) and len(name_words) <= 3 and rest and \
            len(rest.split()) <= 3:
        return True           # a letterhead in capitals and the country office's ("UNITED NATIONS — CAMEROON")
    if capitalised and len(name_words) <= 5 and re.match(rf"(?i){_DOC_KIND}\b", rest):
        return True           # the organisation and the kind of document
    section = [w for w in rest.split() if w not in ("/", "›", ">", "»")]     # ("Actualité / Sécurité")
    return bool(capitalised and len([w for w in name_words if w]) <= 4 and _OUTLET_WORD.search(name) and rest and
                len(section) <= 4 and all(w[:1].isupper() or w.lower() in _FUNCTION_WORDS for w in section))


_EMPHASIS = re.compile(r"[*_]{1,2}([^*_]+?)[*_]{1,2}")
_META_SEPARATOR = re.compile(r"\s[|·•]\s|\s\|\s?|\s;\s")


def _meta_parts(line: str) -> list[str]:
    """A header line's parts: 'Issued: 20 June 2022 | Prepared by: Desk' → two parts; Markdown emphasis off."""
    clean = (_EMPHASIS.sub(r"\1", line) if "*" in line or "_" in line else line).strip().strip("*_>").strip()
    if not any(map(clean.__contains__, "|·•;")):
        return [clean]            # (no separator: one part)
    parts = [p.strip() for p in _META_SEPARATOR.split(clean) if p.strip()]
    return parts if len(parts) > 1 else [clean]


_STAFF = re.compile(r"(?i)^(?:by\s+)?(?:(?:a|our)\s+)?(?:staff|own)\s+(?:reporter|writer|correspondent)s?$|"
                    r"^(?:by\s+)?(?:notre|nos|un)\s+(?:correspondant|envoyé spécial|rédaction)\w*$")
_PERSON_PART = re.compile(r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|da|van|von|al-\w+|bin|ben|ould|ag)){1,3}")
_NAME_AND_ROLE = re.compile(rf"({_PERSON_PART.pattern}),\s+((?:[\w'’-]+\s+){{0,3}}[\w'’-]+)")


def _meta_line_author(doc: Document, head_lines) -> None:
    """The writer on a header line of parts, one of them the date: "Jane Roe · Beirut · 14 October 2023" (a name,
    where it was written, when), or "Niamey, 22 March 2024 · Staff reporter" (the outlet's own staff: the outlet)."""
    from watchfloor.read.dates import parse_date_phrase
    for pos, line in head_lines[:15]:
        parts = _meta_parts(line)
        if len(parts) < 2:
            parts = [p.strip() for p in re.split(r"\s[—–]\s", parts[0]) if p.strip()]
        if len(parts) < 2 or not any(parse_date_phrase(p.split(",", 1)[-1].strip()) or parse_date_phrase(p)
                                     for p in parts):
            continue
        if any(_STAFF.match(p) for p in parts):
            if doc.outlet:
                doc.authors = [doc.outlet]
            return
        several = next((p for p in parts if _NAMES_LINE.match(p) or _SHARED_AFFILIATION.match(p)), None)
        if several:           # "Policy brief — A. Roe and B. Doe, Centre for … — 26 November 2020"
            doc.authors = _names(several)
            return
        if len(parts) >= 3 and _PERSON_PART.fullmatch(parts[0]) and not _ORG_HEAD.search(parts[0]) and \
                not parse_date_phrase(parts[0]):
            doc.authors = [parts[0]]
            return
        titled = _NAME_AND_ROLE.fullmatch(parts[0])
        if titled and _ROLE_WORD.match(titled.group(2)) and not _ORG_HEAD.search(titled.group(1)):
            doc.authors = [titled.group(1)]    # "Jeanne Roux, chercheuse associée — 2 avril 2020": the writer, her
            return                             # role and the date


def _names(value: str) -> list[str]:
    """The authors in a byline's names part: people ("A and B", "A, B & C") or one organisation ("the Sahel
    Desk"); a role and the affiliation after it are not authors ("X, Senior Fellow, Centre for …"), nor is an
    unnamed writer ("our correspondent in Niono")."""
    value = value.strip()
    desk = _DESK_LINE.match(value)
    if desk:              # "the Horn Risk Desk, Eastlake Analytics": the organisation writes
        return [desk.group(1).strip(" .")]
    org = re.match(r"(?:[Tt]he|[Ll]a|[Ll]e)\s+(.+)$|[Ll]['’](.+)$", value)
    if org:               # "the Sahel Desk, Liptako Analysis Unit": one organisation (with its unit), not people
        name = (org.group(1) or org.group(2)).strip(" .")
        return [name] if len(name) < 80 else []
    out = []
    for n, segment in enumerate(re.split(r"[,;]", value)):
        if n and (_ROLE_WORD.search(segment) or _AFFILIATION.search(segment)):
            break         # "Senior Fellow" and the affiliation after it, or the affiliation alone ("… & Gulf Team")
        if n and out and len(segment.split()) == 1 and segment.strip()[:1].isupper():
            break         # "Ali Hassan, Mogadishu": a place after the writer's name
        for part in re.split(r"\band\b|\bet\b|&", segment):
            part = part.strip(" .")
            if not part or len(part) >= 80:
                continue
            if out and (_ROLE_WORD.search(part) or _AFFILIATION.search(part)):
                return out
            part = _RANK_BEFORE_NAME.sub("", _WRITING_FROM.sub("", part))   # "A. Diallo in Abidjan": where she writes
            if not part or not part[0].isupper():
                continue      # "our correspondent in Niono", "staff"
            out.append(part)
    return out


_WRITING_FROM = re.compile(r"\s+(?:in|at|from|à|depuis|reporting from)\s+[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)?\s*$")
_ROLE_WORD = re.compile(
    r"(?i)\b(?:senior|junior|fellow|director|directrice|directeur|analyst|analyste|researcher|chercheu(?:r|se)|"
    r"professor|professeur|lecturer|correspondent|correspondante?|editor|rédact(?:eur|rice)|journalist|journaliste|"
    r"reporter|head of|chief|coordinator|consultant|advisor|adviser|spokes(?:person|man|woman)|porte-parole|"
    r"associate|officer|manager|deputy|visiting|postdoctoral|doctoral|phd|doctorante?|consultante|"
    r"chargée? (?:de|d['’])\s*(?:recherche|mission|programme|plaidoyer|études|projet)|responsable|"
    r"conseill(?:er|ère)|maître de conférences|enseignante?)\b")
# A line of authors' names alone under the title ("Awa Compaoré and Jonathan Reyes"): two to four names of
# two to four capitalised words each, joined by commas, "and", "et" or "&".
_NAME = _PERSON_PART.pattern       # (a person's name, as in a byline: two to four capitalised words)
# (one name alone is not taken: it cannot be told from a subtitle such as "Central Sahel Update")
_NAMES_LINE = re.compile(rf"^\s*{_NAME}(?:\s*,\s*{_NAME})*\s*(?:,?\s*(?:and|et|&)\s+{_NAME})\s*$")


_SHARED_AFFILIATION = re.compile(rf"^({_NAME}(?:\s*,\s*{_NAME})*\s*,?\s*(?:and|et|&)\s+{_NAME})\s*,\s*(.+)$")


# A communiqué's signatory on the last line: "Le Président, Me A. Name", "General de Brigade A. Name" under
# "Le Ministre de l'Intérieur", "The Special Envoy" above a name.
_SIGNER_TITLE = (r"(?:Me|Maître|Dr|Pr|Prof\.?|M\.|Mme|S\.E\.|H\.E\.|Général(?:-major|\s+de\s+(?:[Bb]rigade|[Dd]ivision|[Cc]orps d['’][Aa]rmée)|\s+d['’][Aa]rmée)?|"
                 r"Lieutenant-[Gg]énéral|Major[ -]General|Lieutenant[ -]General|"
                 r"General|Colonel(?:-Major)?|Lieutenant-Colonel|Commandant|Capitaine|Captain|Major|Brigadier(?:\s+General)?|"
                 r"Ambassadeur|Ambassador)")
_SIGNER = re.compile(rf"^\s*(?:(?:Le|La|The)\s+[^,.;]{{3,80}},\s*)?((?:{_SIGNER_TITLE}\s+)*)"
                     r"((?:[A-ZÀ-Ý][\w'’.-]+\s+){1,4}[A-ZÀ-Ý][\w'’.-]+)\s*$")
_OFFICE_LINE = re.compile(r"^\s*(?:(?:Le|La|The)\s+)?(?:Ministre|Minister|Porte-parole|Spokes(?:person|man|woman)|"
                          r"Présidente?|President|Secrétaire|Secretary|Directeur|Directrice|Director|Chef|Chief|"
                          r"Commandant|Commander|Gouverneur|Governor|Coordonnat(?:eur|rice)|Coordinator|"
                          r"Représentante?|Representative|Haute?-Commissaire|High\s+Commissioner|Procureure?|"
                          r"Prosecutor|Maire|Mayor|Préfète?|Chargée?\s+d)\b[^.!?]{0,150}$")
_NAME_LINE = re.compile(r"^\s*((?:[A-ZÀ-Ý][\w'’.-]+\s+){1,4}[A-ZÀ-Ý][\w'’.-]+)\s*$")
_ROLE_LINE = re.compile(r"^\s*(?:Le|La|The|Pour|For|P\.O\.)\s+[^.!?]{3,150}$")


def _signatory(line: str, before: str) -> str | None:
    m = _SIGNER.match(line)
    if not m or len(line) > 160:
        return None
    has_role = bool(re.match(r"\s*(?:Le|La|The)\s", line)) or bool(m.group(1))
    if has_role or _ROLE_LINE.match(before):
        return m.group(2).strip()
    return None


_PLACE_DATE_LINE = re.compile(r"^\s*[A-ZÀ-Ý][\w'’. -]{1,30},\s+(?:le\s+)?\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+(?:19|20)\d\d\s*$|"
                              r"^\s*[A-ZÀ-Ý][\w'’. -]{1,30},\s+[^\W\d]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d\s*$")
# "Statement attributable to the UN High Commissioner for Refugees, Filippo Grandi": the named official writes.
_ATTRIBUTED_TO = re.compile(r"(?i:statement|déclaration|remarks|message)\s+(?i:attributable\s+to|by|de|du|of)\s+"
                            r"[^,\n]{3,90},\s+((?:[A-ZÀ-Ý][\w'’.-]+\s+){1,3}[A-ZÀ-Ý][\w'’.-]+)\s*$")
_ATTRIBUTED_NEEDS = Needs(_ATTRIBUTED_TO)
# Lines under a signature that are no part of it: separators, "For information media. Not an official record.", "###".
_TAIL_FURNITURE = re.compile(r"(?i)^[\W_]+$|\s*(?:for information media|not an official record|end of (?:text|release)|"
                             r"-\s*ends\s*-|fin du communiqué)")
_SIGNED = re.compile(r"(?i)^\s*(?:signed|signé|signée|sincerely|cordialement)\s*[,:]?\s*$")
_CONTACT = re.compile(r"(?i)\b(?:contact|for more information|media enquiries|press enquiries|pour plus d['’]informations)\b|"
                      r"[\w.-]+@[\w-]+\.[\w.]+|\+\d[\d ]{7,}")
# A closing signature: "Jane Doe, Spokesperson for the Secretary-General", "— Jean Dupont, analyste".
_SIGN_OFF = re.compile(
    r"^\s*[-—–]*\s*((?:[A-ZÀ-Ý][\w'’.-]+\s+){1,3}[A-ZÀ-Ý][\w'’.-]+)\s*,\s*(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}"
    r"(?:Spokes(?:person|man|woman)|Director|Directrice|Directeur|Coordinator|Coordinat(?:eur|rice)|Representative|"
    r"Analyst|Analyste|Head|Chief|Secretary|Editor|Researcher|Officer|Correspondent|Envoy|Porte-parole|Chargée?|"
    r"Fellow|Associate|Advisor|Adviser|Conseill(?:er|ère)|Représentant(?:e)?|Chercheu(?:r|se))\b.{0,120}$")


def _sections(doc: Document) -> list[Section]:
    text = doc.text
    marks: list[tuple[int, int, str]] = []    # (heading start, content start, name)
    for pos, line in _lines(text):
        stripped = line.strip()
        if not stripped or not doc.is_content(pos, pos + len(line)):
            continue
        lead = len(line) - len(line.lstrip())
        m = HEADING_RE.match(stripped)
        if m and (m.group("sep") or m.end() == len(stripped)):
            marks.append((pos, pos + lead + m.end(), _canonical_heading(m.group(1))))
            continue
        md = MD_HEADING_RE.match(stripped)
        if md and len(stripped) < 120:
            marks.append((pos, pos + len(line), md.group(1).strip("* ")))
    own: set[int] = set()
    if marks:
        marks, own = _with_plain_headings(text, marks, doc)
    sections: list[Section] = []
    if not marks:
        doc.references_start = _footnote_block_start(text)
        return [Section("body", 0, _trim_end(text, 0, len(text), doc))] if text else []
    if text[:marks[0][0]].strip():
        sections.append(Section("body", 0, _trim_end(text, 0, marks[0][0], doc)))
    for i, (hstart, cstart, name) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        line_end = text.find("\n", cstart)
        inline = bool(text[cstart:line_end if line_end >= 0 else len(text)].strip(" \t:"))   # text after "Label:"
        while cstart < end and text[cstart] in " \n\t:":
            cstart += 1
        if inline and _LEAD_HEADING.match(name):
            # "Summary: one paragraph" leads the report: the paragraphs after it, up to the next heading, are
            # its body (told in full there), not more of the summary
            blank = re.search(r"\n[ \t]*\n", text[cstart:end])
            if blank and text[cstart + blank.end():end].strip():
                body = cstart + blank.end()
                sections.append(Section(name, cstart, _trim_end(text, cstart, body, doc)))
                cstart, name = body, "body"
        end = _trim_end(text, cstart, end, doc)
        if name.lower() in REFERENCE_HEADINGS and doc.references_start is None:
            doc.references_start = hstart
        sections.append(Section(name, cstart, max(cstart, end), hstart in own))
    if doc.references_start is None:
        doc.references_start = _footnote_block_start(text)
    if doc.references_start is not None:
        for sec in sections:
            if sec.start < doc.references_start < sec.end:
                sec.end = _trim_end(text, sec.start, doc.references_start, doc)
    return sections


# A heading of the writer's own under the report's known ones: a short line standing alone, blank line above and
# a paragraph below ("Developments", "SITUATION OVERVIEW", "Mali"); not a list item, a sentence, a label or a date.
_PLAIN_HEADING = re.compile(r"^[A-ZÀ-Ý][\w'’&/()-]*(?:[ \t]+[\w'’&/()-]+){0,5}$")


# The known sections that judge or advise, whose end a heading of the writer's own marks (a summary's end is left to
# the summary's own rule: the facts it tells may be told nowhere else)
_JUDGING_SECTIONS = re.compile(r"(?i)^(?:key (?:judg(?:e)?ments?)|assessment|analysis|analyse|outlook|forecast|"
                               r"significance|implications?|indicators|comment|discussion|conclusions?|perspectives|"
                               r"recommendations?|recommandations?)\b")


def _with_plain_headings(text: str, marks: list, doc: Document) -> tuple[list, set[int]]:
    """The known headings' marks and the writer's own headings that end a section of judgments or advice: in a
    structured report, "Key judgments" then "Developments" are two sections, not one long list of judgments."""
    lines = list(_lines(text))
    known = {m[0] for m in marks}
    judging = [(cstart, marks[k + 1][0] if k + 1 < len(marks) else len(text))
               for k, (_, cstart, name) in enumerate(marks) if _JUDGING_SECTIONS.match(name)]
    if not judging:
        return marks, set()
    extra = []
    for i in range(1, len(lines) - 1):
        pos, line = lines[i]
        stripped = line.strip()
        if not any(a < pos < b for a, b in judging) or pos in known or len(stripped) > 60 or \
                not _PLAIN_HEADING.match(stripped) \
                or lines[i - 1][1].strip() or len(lines[i + 1][1].strip()) < 60 or re.search(r"\d{4}", stripped) \
                or not doc.is_content(pos, pos + len(line)):
            continue
        extra.append((pos, pos + len(line), stripped[:1] + stripped[1:].lower() if stripped.isupper() else stripped))
    return (sorted(marks + extra), {m[0] for m in extra}) if extra else (marks, set())


def _trim_end(text: str, start: int, end: int, doc: Document | None = None) -> int:
    """End of a section without trailing blank lines and boilerplate."""
    while True:
        while end > start and text[end - 1] in " \n\t":
            end -= 1
        line_start = max(start, text.rfind("\n", start, end) + 1)
        if doc is not None and end > start and not doc.is_content(line_start, end):
            end = line_start
            continue
        return end


def _canonical_heading(name: str) -> str:
    low = name.lower()
    return {"bluf": "BLUF", "bottom line up front": "BLUF", "recommendation": "Recommendations",
            "key takeaway": "Key Takeaways", "key judgment": "Key Judgments", "évènement": "Event",
            "événement": "Event", "evénement": "Event", "recommandation": "Recommendations",
            "recommandations": "Recommendations"}.get(low, name[:1].upper() + name[1:])


_FOOTNOTE_LINE = re.compile(r"^\s*(?:\[\^?\d{1,3}\]:?|\d{1,3}[.)]|\(\d{1,3}\)|\^\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*(?=\S).*"
                            r"(?:https?://|\b(?:19|20)\d\d\b|Ibid)", re.I)


_SENTENCE_JOIN = re.compile(r"[a-z\d)”\"’'][.!?]\s+[A-Z“\"]")


_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|should|could|may|might|can|did|does|"
                     r"est|sont|était|a|ont|sera|seront|doit|doivent|devrait|devraient)\b")


def _is_prose(line: str) -> bool:
    """A paragraph of several sentences with their verbs: a note is a reference, perhaps with a sentence of
    comment (a reference's "Title. Outlet. Month Year." has sentence breaks but no verbs)."""
    if "http" in line or len(line) <= 120:
        return False
    joins = len(_SENTENCE_JOIN.findall(line))
    return (joins >= 2 and len(_FINITE.findall(line)) >= 2) or (joins >= 3 and len(line) > 400)


_BRACKET_NOTE_LINE = re.compile(r"^\s*(?:\[\^?\d{1,3}\]:?|\^\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*\S")
_IBID_LINE = re.compile(r"^\s*\[\d{1,3}\]\s+Ibid", re.I)
_NUMBERED_LINE = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.)\s")


def _footnote_block_start(text: str) -> int | None:
    """Start of a trailing run of footnote lines ("[1] Title, Outlet, Month Year, URL"), if any.

    A run may begin with bracketed notes that carry no URL or year ("[1] Map by Google Maps") as long
    as some line of the run looks like a reference; numbered "1." lines count only when they do."""
    first, strong = None, False
    for pos, line in _lines(text):
        if _is_prose(line):
            first, strong = None, False      # "3. Assessment. We assess that …": a numbered paragraph, not a note
            continue
        is_strong = bool(_FOOTNOTE_LINE.match(line) or _IBID_LINE.match(line))
        if is_strong or _BRACKET_NOTE_LINE.match(line):
            if first is None:
                first, strong = pos, False
            strong = strong or is_strong
        elif line.strip() and first is not None and not _BOILER_LINE.match(line):
            if not (strong and _NUMBERED_LINE.match(line)):
                first, strong = None, False
    return first if strong else None


def _language(text: str) -> str:
    sample = " " + text[:4000].lower() + " "
    fr = sum(sample.count(w) for w in (" le ", " la ", " les ", " des ", " est ", " une ", " dans ", " et "))
    en = sum(sample.count(w) for w in (" the ", " of ", " and ", " is ", " in ", " to ", " that ", " a "))
    return "fr" if fr > en else "en"


# -- sentences ------------------------------------------------------------------------------
_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "st", "no", "vol", "jan", "feb",
           "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc", "vs", "cf",
           "u.s", "u.n", "u.k", "approx", "est", "p", "pp", "art", "m", "mme", "fig", "inc", "ltd", "co", "jr", "sr"}
# A sentence ends at . ! ? … (with closing quotes, brackets, a footnote mark — [1], [^1], ^1, ¹, (1) —; French "? »" too) before a
# capital or digit, which may follow an opening quote ("« Il", "“The").
_SENT_END = re.compile(r"[.!?…](?:[\"'”’)\]]|[ \u00a0\u202f]?»|\[\^?\d{1,3}\]|\^\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\(\d{1,3}\))*"
                       r"(?=\s+(?:[\"'“‘(\[]|«[ \u00a0\u202f]?)?[A-ZÀ-Ý0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end]. A line break ends a sentence when the line
    before it ends one, is short (a heading, a list item), or the next line starts a list item;
    otherwise it is a hard wrap inside a sentence."""
    end = len(text) if end is None else end
    out = []
    for u0, u1 in _units(text, start, end):
        pos = u0
        for m in _SENT_END.finditer(text, u0, u1):
            word = _WORD_BEFORE.search(text[max(u0, m.start() - 12):m.start()])
            if text[m.start()] == "." and word and (word.group(1).lower().rstrip(".") in _ABBREV or
                                                   len(word.group(1)) == 1 and word.group(1).isupper()):
                continue
            s, e = _strip(text, pos, m.end())
            if e > s:
                out.append((s, e))
            pos = m.end()
        s, e = _strip(text, pos, u1)
        if e > s:
            out.append((s, e))
    return out


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•·]|\d{1,3}[.)]|\[\d{1,3}\])\s")


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    units, u0 = [], start
    pos = start
    prev = False        # text[u0:nl] holds more than blanks: once it does it stays so until the unit ends (no copy
    while True:         # of the whole unit per line)
        nl = text.find("\n", pos, end)
        if nl < 0:
            units.append((u0, end))
            return units
        prev = prev or (u0 < nl and not text[u0:nl].isspace())
        line_start = text.rfind("\n", start, nl) + 1
        last_line = text[max(line_start, start):nl].strip()
        nxt_end = text.find("\n", nl + 1, end)
        nxt = text[nl + 1:end if nxt_end < 0 else nxt_end]
        if (not last_line or not nxt.strip() or last_line.endswith((".", "!", "?", ":", ";", "…", '"', "”"))
                or len(last_line) < 50 or _LIST_ITEM.match(nxt) or not prev):
            units.append((u0, nl))
            u0 = nl + 1
            prev = False
        pos = nl + 1


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
