"""Documents in every format the reader takes, and bad input: one clear error per bad document,
the rest of the batch read, nothing half-stored."""
from __future__ import annotations

import json

import pytest

from read_helpers import WARNING_BRIEF, store, write  # noqa: F401  (fixtures)
from watchfloor.read.document import DocumentError, load
from watchfloor.read.pipeline import ReadFailure, ReadResult, read_document, read_paths

HTML = """<!doctype html><html lang="en"><head><title>Kidal: the army returns | Example Review</title>
<meta property="og:site_name" content="Example Review"><meta name="author" content="C. Writer">
<meta property="article:published_time" content="2023-11-16T08:00:00Z">
<script>var tracking = "Wagner Group";</script><style>.x{}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/mali">Mali</a></li></ul></nav>
<article><h1>Kidal: the army returns</h1>
<ul><li><a href="/a/1">Five charts on Sahel security</a></li><li><a href="/a/2">Podcast: the road to Kidal</a></li></ul>
<p>On 14 November, FAMa units entered Kidal after the CSP withdrew.<sup><a href="#fn1" id="r1">1</a></sup>
The junta will almost certainly present this as a victory.<sup><a href="#fn2">2</a></sup></p>
<div class="newsletter-promo"><p>Subscribe to our newsletter for &amp; more</p></div>
<ol class="footnotes"><li id="fn1">Army retakes Kidal, <a href="https://news.example.org/kidal">Example Wire</a>, November 2023</li>
<li id="fn2">Ibid.</li></ol></article>
<footer>Copyright Example Review</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Sahel Wire</title>
<link>https://wire.example.org/</link>
<item><title>Ambush near Djibo</title><pubDate>Thu, 19 Aug 2021 08:30:00 GMT</pubDate>
<description>Gunmen ambushed a convoy near Djibo on Wednesday, killing 12 soldiers.</description></item>
<item><title>Attack near Ouallam</title><pubDate>Tue, 17 Aug 2021 07:00:00 GMT</pubDate>
<description>&lt;p&gt;ISSP fighters attacked a post near Ouallam on Monday.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_html_main_text_keeps_footnote_links_and_drops_chrome(tmp_path):
    r = read_document(write(tmp_path / "kidal.html", HTML)).as_json()
    assert r["title"] == "Kidal: the army returns"      # the <h1>: the site suffix of <title> dropped
    assert r["date"] == "2023-11-16" and r["authors"] == ["C. Writer"]
    assert "tracking" not in r["text"] and "Subscribe" not in r["text"] and "Home" not in r["text"]
    assert "Five charts" not in r["text"] and "Podcast" not in r["text"]
    assert "Kidal after the CSP withdrew.[1]" in r["text"]
    assert [(c["n"], c["title"], c["outlet"], c["url"]) for c in r["citations"]] == [
        (1, "Army retakes Kidal", "Example Wire", "https://news.example.org/kidal"),
        (2, "Army retakes Kidal", "Example Wire", "https://news.example.org/kidal")]
    assert r["judgments"][0]["term"] == "will almost certainly"
    assert {p["admin1"] for p in r["places"] if p["name"] == "Kidal"} == {"Kidal"}


def test_feed_entries_keep_their_own_dates(tmp_path):
    r = read_document(write(tmp_path / "wire.xml", FEED)).as_json()
    assert r["title"] == "Example Sahel Wire" and r["date"] == "2021-08-19"
    values = {d["text"]: d["value"] for d in r["dates"]}
    assert values == {"Wednesday": "2021-08-18", "Monday": "2021-08-16"}
    assert {e["place"] for e in r["events"]} == {"Djibo", "Ouallam"}


def test_markdown_headings_are_sections(tmp_path):
    r = read_document(write(tmp_path / "w.md", "# Weekly update\n\n## Mali\nFAMa patrols resumed near Gao.\n\n"
                                                "## Key Takeaways\nAttacks are likely to rise.\n")).as_json()
    assert [s["name"] for s in r["sections"]] == ["Weekly update", "Mali", "Key Takeaways"]
    takeaway = r["sections"][2]
    assert r["text"][takeaway["start"]:takeaway["end"]] == "Attacks are likely to rise."


def test_pdf(tmp_path):
    import weasyprint
    pdf = tmp_path / "brief.pdf"
    weasyprint.HTML(string="<p>Published: 3 March 2023</p><p>JNIM will likely attack Boulkessi.</p>").write_pdf(pdf)
    r = read_document(pdf).as_json()
    assert r["date"] == "2023-03-03"
    assert [j["term"] for j in r["judgments"]] == ["will likely"]


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blob.txt", bytes(range(256)) * 40, "binary data"),
    ("latin.txt", "Rapport sur la sécurité à Gao".encode("latin-1"), "not UTF-8"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "malformed PDF"),
    ("empty.html", b"<html><body><script>x</script></body></html>", "no text content"),
])
def test_bad_documents_fail_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as err:
        load(path)
    assert name in str(err.value)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(DocumentError, match="too large"):
        load(path)


def test_batch_goes_on_past_bad_documents_and_stores_nothing_half(tmp_path, store):
    good = write(tmp_path / "a_good.txt", WARNING_BRIEF)
    (tmp_path / "b_bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "c_empty.md").write_bytes(b"")
    also_good = write(tmp_path / "d_good.md", "# Note\nFAMa units entered Kidal on 14 November 2023.")
    results = list(read_paths([tmp_path], store=store))
    assert [type(r) for r in results] == [ReadResult, ReadFailure, ReadFailure, ReadResult]
    assert "b_bad.txt" in results[1].error and "binary" in results[1].error
    assert store.scalar("SELECT count(*) FROM reports") == 2
    assert {r[0] for r in store.rows("SELECT path FROM reports")} == {str(good), str(also_good)}
    orphans = store.scalar("SELECT count(*) FROM facts WHERE report_id NOT IN (SELECT id FROM reports)")
    assert orphans == 0


def test_cli_read_json_one_object_per_line(tmp_path, store):
    from typer.testing import CliRunner

    from watchfloor.cli import app
    path = store.path
    store.close()
    a = write(tmp_path / "a.txt", WARNING_BRIEF)
    b = write(tmp_path / "b.txt", "FAMa units entered Kidal on 14 November 2023.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    run = CliRunner().invoke(app, ["--db", path, "read", str(a), str(bad), str(b), "--json"])
    assert run.exit_code == 1
    lines = [json.loads(x) for x in run.stdout.splitlines() if x.strip()]
    assert [x.get("path") for x in lines] == [str(a), str(bad), str(b)]
    assert "error" in lines[1] and lines[0]["text"].startswith("Warning Brief")
    keys = {"path", "title", "date", "authors", "sections", "actors", "places", "dates", "quantities", "judgments",
            "possibilities", "recommendations", "citations", "events", "text"}
    assert keys <= set(lines[0])
    listing = CliRunner().invoke(app, ["--db", path, "reports"])
    assert listing.exit_code == 0 and "Warning Brief" in listing.stdout


def test_a_text_longer_than_the_limit_is_refused_at_once_naming_the_file(tmp_path, monkeypatch):
    from watchfloor.read.document import max_text_chars
    from watchfloor.read.pipeline import read_paths
    path = tmp_path / "corpus_dump.txt"
    sentence = "Militia fighters looted a market near the river crossing on 2 May 2021. "
    path.write_text(sentence * (max_text_chars() // len(sentence) + 10), encoding="utf-8")
    failures = list(read_paths([path], model=False))
    assert len(failures) == 1 and failures[0].__class__.__name__ == "ReadFailure"
    assert "corpus_dump.txt" in failures[0].error and "million characters" in failures[0].error
    monkeypatch.setenv("WATCHFLOOR_MAX_TEXT_CHARS", str(len(sentence) * 3))
    short = tmp_path / "short.txt"
    short.write_text(sentence * 2, encoding="utf-8")
    assert [r.__class__.__name__ for r in read_paths([short], model=False)] == ["ReadResult"]
    short.write_text(sentence * 4, encoding="utf-8")
    assert [r.__class__.__name__ for r in read_paths([short], model=False)] == ["ReadFailure"]


# -- bylines in the forms outlets use (headers written for these tests, in no fixture) ------------------
@pytest.mark.parametrize("head, authors", [
    ("Lake Chad's fishermen return\n\nFatimé Abakar and Pierre Ngando\n\nSahel Review, 3 March 2024\n\nBody.",
     ["Fatimé Abakar", "Pierre Ngando"]),
    ("Why the corridor matters\n\nBy Ruth Okafor, Senior Analyst, Gulf of Guinea Institute\n\nBody text.", ["Ruth Okafor"]),
    ("Crues à Mopti\n\nPar Issa Traoré — Le Courrier du Delta — lundi 4 mars 2024\n\nTexte.", ["Issa Traoré"]),
    ("Market fire in Kano\n\nBy our correspondent in Kano | Northern Post | 2 May 2024\n\nText.", []),
    ("UN OFFICE BRIEFING\n\nFloods in Maiduguri\n\nSpokesperson: Maria Lopez\nDate: 4 May 2024\n\nText.",
     ["Maria Lopez"]),
    ("Burkina Faso and Niger\n\nBurkina Faso and Côte d'Ivoire\n\nThe two countries signed a pact.\n", []),
])
def test_bylines(head, authors):
    from watchfloor.read.document import build
    assert build("t", head).authors == authors


def test_an_html_title_loses_the_sites_suffix_when_the_h1_is_the_headline():
    from watchfloor.read.document import html_to_text
    page = ("<html><head><title>Floods cut the Niamey road | West Africa Monitor</title></head><body>"
            "<h1>Floods cut the Niamey road</h1><p>Heavy rain cut the road on Monday.</p></body></html>")
    assert html_to_text(page, "t.html")[1]["title"] == "Floods cut the Niamey road"


@pytest.mark.parametrize("head, h1, title, outlet", [
    # the <title> worded otherwise for search engines: the page's own headline is its <h1>, the site the outlet
    ("Niger: 12 soldiers killed near Tillia | Sahel Wire", "Twelve soldiers die in ambush near Tillia",
     "Twelve soldiers die in ambush near Tillia", "Sahel Wire"),
    # a one-word <h1> is the site's logo, not the headline
    ("Herders clash with farmers in Benue — Middle Belt Post", "MBP", "Herders clash with farmers in Benue — Middle Belt Post",
     None),
])
def test_an_html_pages_headline_is_its_h1(head, h1, title, outlet):
    from watchfloor.read.document import html_to_text
    page = (f"<html><head><title>{head}</title></head><body><h1>{h1}</h1>"
            "<p>Gunmen attacked the convoy on Monday, officials said.</p></body></html>")
    meta = html_to_text(page, "t.html")[1]
    assert (meta["title"], meta.get("outlet")) == (title, outlet)


def test_a_monthly_entry_without_a_publication_date_reads_its_days_in_the_month_it_covers():
    # written for this test (in no fixture)
    from watchfloor.read.dates import find_dates
    from watchfloor.read.document import build
    text = ("Conflict tracker — West Africa\n\nNiger — March 2023 — Unchanged situation\n\n"
            "Gunmen on 14 March killed four herders near Banibangou. In February, talks with donors stalled.\n")
    doc = build("t", text)
    assert doc.published is None
    found = {d["text"]: d["value"] for d in find_dates(doc.text, doc.published, anchors=doc.anchors)}
    assert found["14 March"] == "2023-03-14" and found["February"] == "2023-02"


def test_a_dated_report_keeps_its_publication_date_for_relative_dates():
    from watchfloor.read.document import build
    doc = build("t", "Weekly note — March 2023\nPublished: 2 April 2023\n\nOn Monday the road reopened.\n")
    assert doc.published.isoformat() == "2023-04-02" and doc.anchors == []


@pytest.mark.parametrize("head, title", [
    ("Monthly conflict tracker — West Africa\n\nGuinea — March 2024 — Unchanged situation\n\nThe junta kept the "
     "curfew.\n", "Guinea — March 2024 — Unchanged situation"),
    ("Weekly update\n\nIssued 3 March 2024\n\nThe junta kept the curfew in the capital for a third week.\n",
     "Weekly update"),
    ("Sahel weekly: roads close as rains begin\n\nMarch 2024 edition\n\nText here.\n",
     "Sahel weekly: roads close as rains begin"),
])
def test_a_periodicals_entry_title_under_its_name(head, title):
    # headers written for this test (in no fixture)
    from watchfloor.read.document import build
    assert build("t", head).title == title


@pytest.mark.parametrize("head, title", [
    # a communiqué's subject line under its letterhead
    ("RÉPUBLIQUE DU NIGER\nFraternité – Travail – Progrès\n\nMINISTÈRE DE L'INTÉRIEUR\n\n"
     "Objet : attaque contre la gendarmerie de Tillia\n\n", "attaque contre la gendarmerie de Tillia"),
    # a date line above the headline is no title
    ("Press release\n3 March 2021\n\nAid convoy reaches Kaya after two-month blockade\n\n",
     "Aid convoy reaches Kaya after two-month blockade"),
])
def test_a_subject_line_or_the_line_after_a_date_is_the_title(head, title):
    from watchfloor.read.document import build
    text = head + "Les forces de défense ont repoussé l'attaque dans la nuit de lundi, selon un communiqué.\n"
    assert build("t", text).title == title


def test_html_notes_after_the_article_are_read_as_its_citations(tmp_path):
    # the notes stand in a section of their own after </article>; a promo and a footer follow them
    page = ("<html><head><title>Flooded roads | Lake Post</title></head><body><article><h1>Flooded roads</h1>"
            "<p>Water cut the road between Bol and Baga Sola on Tuesday.<sup><a href=\"#n1\">1</a></sup> Traders "
            "waited for two days.<sup><a href=\"#n2\">2</a></sup></p></article>"
            "<div class=\"endnotes\"><h3>Notes</h3><ol><li id=\"note1\">Lac Relief Office, \"Road situation\", "
            "3 September 2024, https://relief.example/lac</li><li id=\"note2\">Ibid.</li></ol></div>"
            "<aside class=\"promo\">Subscribe now</aside><footer>About us</footer></body></html>")
    r = read_document(write(tmp_path / "lac.html", page)).as_json()
    assert [(c["n"], c["outlet"], c["url"]) for c in r["citations"]] == [
        (1, "Lac Relief Office", "https://relief.example/lac"), (2, "Lac Relief Office", "https://relief.example/lac")]
    assert "Subscribe" not in r["text"] and "About us" not in r["text"]
    assert r["text"].index("Traders waited") < r["text"].index("Road situation")


def test_html_notes_linked_from_the_markers_whatever_their_ids(tmp_path):
    # the notes' ids say nothing ("s4"): the markers link to them, so they are the notes, after </article>
    page = ("<html><head><title>Ferry halted | River Times</title></head><body><article><h1>Ferry halted</h1>"
            "<p>The ferry at Kousseri stopped running on Monday.<sup><a href=\"#s4\">1</a></sup> Fishermen said "
            "the river had risen by a metre.<sup><a href=\"#s5\">2</a></sup></p></article>"
            "<section class=\"sources\"><ol><li id=\"s4\">\"Ferry service suspended\", River Times, 2 September "
            "2024, https://rivertimes.example/ferry</li><li id=\"s5\">Interview with a boat owner, Kousseri, by "
            "telephone, 3 September 2024.</li></ol></section><footer>Contact us</footer></body></html>")
    r = read_document(write(tmp_path / "ferry.html", page)).as_json()
    assert [(c["n"], c["title"], c["outlet"]) for c in r["citations"]] == [
        (1, "Ferry service suspended", "River Times"), (2, "Interview with a boat owner, Kousseri, by telephone", None)]


@pytest.mark.parametrize("note", [
    # Markdown's generators: each note a paragraph inside its item, a back link at its end
    '<li id="fn:{n}"><p>{body} <a href="#fnref:{n}" class="footnote-backref">&#8617;</a></p></li>',
    # an encyclopaedia's references: a caret back to the marker before the note's text
    '<li id="cite_note-{n}"><span class="mw-cite-backlink"><b><a href="#cite_ref-{n}">^</a></b></span> '
    '<span class="reference-text">{body}</span></li>',
])
def test_html_notes_whose_text_is_a_block_inside_the_item(tmp_path, note):
    bodies = ["Harbour Authority, \"Berth closures\", 12 May 2023, https://harbour.example/berths",
              "\"Dockers strike for a second day\", Coast Echo, 13 May 2023"]
    page = ("<html><head><title>Port closed | Coast Echo</title></head><body><h1>Port closed</h1>"
            "<p>Dockers blocked the gates of the container terminal at Beira.<sup><a href=\"#fn:1\">1</a></sup> "
            "Two ships were diverted to Nacala.<sup><a href=\"#fn:2\">2</a></sup></p>"
            "<div class=\"footnotes\"><hr><ol>" + "".join(note.format(n=n, body=b) for n, b in enumerate(bodies, 1))
            + "</ol></div></body></html>")
    r = read_document(write(tmp_path / "port.html", page)).as_json()
    assert [(c["n"], c["title"], c["url"]) for c in r["citations"]] == [
        (1, "Berth closures", "https://harbour.example/berths"), (2, "Dockers strike for a second day", None)]
    assert "^" not in r["text"] and "\u21a9" not in r["text"]
