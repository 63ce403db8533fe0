"""The brief as a reader sees it: HTML in headless Chromium, PDF pages rendered with poppler.
Report text with markup stays text; the map and the chart are there and not blank."""
from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from matplotlib.image import imread

from brief_helpers import freedonia_brief

from watchfloor.warn.language import word_for
from watchfloor.warn.render import render, write_brief

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    store, brief_id = freedonia_brief(tmp)
    paths = {p.suffix[1:]: p for p in write_brief(store, brief_id, tmp / "out")}
    yield store, brief_id, paths, tmp
    store.close()


def test_files_are_named_by_country_and_month(written):
    _, _, paths, _ = written
    assert {p.name for p in paths.values()} == {f"brief-freedonia-2020-06.{ext}" for ext in ("md", "html", "pdf")}
    md = paths["md"].read_text()
    for name in ("map", "timeline"):
        png = paths["md"].parent / f"brief-freedonia-2020-06-{name}.png"
        assert f"]({png.name})" in md and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_markup_is_escaped_in_html_and_markdown(written):
    store, brief_id, paths, _ = written
    page = paths["html"].read_text()
    assert "<script" not in page.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE)  # no event-handler attribute in any tag
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page   # the title, shown as text
    assert "&lt;img src=x onerror=alert(&#34;body&#34;)&gt;" in page       # the body, shown as text
    targets = set(re.findall(r'<li id="fn(\d+)">', page))
    links = set(re.findall(r'<a href="#fn(\d+)">', page))
    assert links and links <= targets  # every footnote mark leads to its source
    md = render(store, brief_id, "md")
    assert "<script" not in md and "<img" not in md and "&lt;img src=x onerror=" in md


def test_html_in_headless_chromium(written):
    from playwright.sync_api import sync_playwright
    _, _, paths, tmp = written
    dialogs = []
    shot = tmp / "html.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(paths["html"].as_uri())
        page.wait_for_load_state("load")
        images = page.eval_on_selector_all(
            "figure img", "els => els.map(e => [e.closest('figure').id, e.complete, e.naturalWidth, "
                          "e.naturalHeight, e.getBoundingClientRect().width])")
        scripts = page.eval_on_selector_all("script, [onerror], [onload], iframe", "els => els.length")
        tooltips = page.eval_on_selector_all(".judgment", "els => els.map(e => [e.innerText, e.title])")
        text = page.inner_text("body")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert dialogs == []
    assert scripts == 0
    assert len(tooltips) >= 3  # each judgment shows the number behind its word and the model run on hover
    for sentence, title in tooltips:
        p = float(re.search(r"= (\d\.\d\d);", title).group(1))
        assert word_for(p) in sentence or p >= 0.99 or p < 0.05
        assert re.search(r"model run \S+", title)
    assert {i[0] for i in images} == {"map", "timeline"}
    for _, complete, width, height, shown in images:
        assert complete and width > 200 and height > 100 and shown > 100
    assert '<script>alert("title")</script>' in text       # the reader sees the markup as text
    assert "Event:" in text and "Significance:" in text and "Recommendations:" in text
    pixels = imread(shot)
    assert pixels.shape[0] > 600 and _ink(pixels) > 0.02


def _ink(pixels: np.ndarray) -> float:
    """Share of pixels that are not (near) white."""
    rgb = pixels[..., :3].astype(float)
    rgb = rgb / 255.0 if rgb.max() > 1 else rgb
    return float((rgb.min(axis=-1) < 0.9).mean())


def _reddish(pixels: np.ndarray) -> float:
    rgb = pixels[..., :3].astype(float)
    rgb = rgb / 255.0 if rgb.max() > 1 else rgb
    return float(((rgb[..., 0] > 0.6) & (rgb[..., 1] < 0.55) & (rgb[..., 2] < 0.45)).mean())


def test_pdf_pages_show_the_map_and_the_chart(written):
    _, _, paths, tmp = written
    pdf = paths["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [(int(r.split()[3]), int(r.split()[4])) for r in listing.splitlines()[2:] if r.split()[2] == "image"]
    assert len(sizes) >= 2 and all(w > 200 and h > 100 for w, h in sizes)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp / "page")], check=True)
    pages = sorted(tmp.glob("page*.png"))
    assert pages
    rendered = [imread(p) for p in pages]
    assert all(_ink(px) > 0.01 for px in rendered)
    assert max(_reddish(px) for px in rendered) > 0.002  # the map's shaded regions (OrRd) and the forecast band
