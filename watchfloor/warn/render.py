"""A stored brief version as Markdown, self-contained HTML (images as data URIs) or PDF (WeasyPrint).

Rendering reads only what was stored, so a published version always renders the same.
All text from reports is escaped: Jinja2 autoescape for HTML, an HTML-escaping filter for Markdown.
"""
from __future__ import annotations

import html
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from watchfloor.store import briefs as db
from watchfloor.store.connection import Store

FORMATS = ("md", "html", "pdf")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("watchfloor.warn", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["md"] = _md_escape
    return env


def _md_escape(text) -> str:
    """Markdown viewers pass raw HTML through: escape it, and keep table cells whole."""
    return html.escape(str(text if text is not None else ""), quote=False).replace("|", "\\|").replace("\n", " ")


def _tooltip(j: dict) -> str:
    return (f"{j.get('what', 'probability')} = {j['probability']:.2f}; ICD 203 band "
            f"{j['band_lo']:.2f}–{j['band_hi']:.2f} ({j['term']}); model run {j['run_id']}")


def _context(store: Store, brief_id: int, version: int | None) -> tuple[dict, dict]:
    rec = db.brief_version(store, brief_id, version)
    assets = db.brief_assets(store, brief_id, rec["version"])
    ctx = {"c": rec["content"], "brief_id": brief_id, "version": rec["version"], "status": rec["status"],
           "authors": ", ".join(rec["authors"]), "editors": ", ".join(rec["editors"])}
    return ctx, assets


def render(store: Store, brief_id: int, fmt: str = "html", version: int | None = None,
           image_paths: dict[str, str] | None = None) -> str | bytes:
    """Markdown or HTML as text, PDF as bytes. Markdown embeds images as data URIs unless image_paths
    (name -> relative path) is given."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    ctx, assets = _context(store, brief_id, version)
    data_uris = {name: f"data:{mime};base64,{b64}" for name, (mime, b64) in assets.items()}
    env = _env()
    if fmt == "md":
        ctx["images"] = {**data_uris, **(image_paths or {})}
        ctx["refs"] = lambda ns: "".join(f"[^{n}]" for n in ns)
        return env.get_template("brief.md.j2").render(**ctx)
    ctx["images"] = data_uris
    ctx["refs"] = lambda ns: Markup("".join(f'<sup><a href="#fn{int(n)}">[{int(n)}]</a></sup>' for n in ns))
    ctx["tooltip"] = _tooltip
    page = env.get_template("brief.html.j2").render(**ctx)
    if fmt == "html":
        return page
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher
    # data: URIs only: nothing in a brief may make WeasyPrint touch the network or the file system
    return HTML(string=page, base_url=None, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def brief_stem(store: Store, brief_id: int) -> str:
    rec = db.brief_version(store, brief_id)
    slug = "".join(ch if ch.isalnum() else "_" for ch in rec["content"].get("country_name", rec["country"]).lower())
    return f"brief-{slug.strip('_')}-{rec['as_of'].isoformat()[:7]}"


def write_brief(store: Store, brief_id: int, out_dir: str | Path, formats: tuple[str, ...] = FORMATS,
                version: int | None = None) -> list[Path]:
    """Write out/brief-<country>-<YYYY-MM>.{md,html,pdf}; Markdown gets its PNGs beside it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = brief_stem(store, brief_id)
    paths = []
    for fmt in formats:
        if fmt == "md":
            import base64
            rec = db.brief_version(store, brief_id, version)
            names = {}
            for name, (_, b64) in db.brief_assets(store, brief_id, rec["version"]).items():
                png = out_dir / f"{stem}-{name}.png"
                png.write_bytes(base64.b64decode(b64))
                names[name] = png.name
            body = render(store, brief_id, "md", version, image_paths=names)
        else:
            body = render(store, brief_id, fmt, version)
        path = out_dir / f"{stem}.{fmt}"
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths
