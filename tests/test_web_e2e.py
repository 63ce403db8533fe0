"""End to end in a real browser (Debian's Chromium, headless) against `watchfloor serve` on 127.0.0.1:
log in, the risk map with regions and points, a date filter, a region's timeline and forecast, a report
with highlights, a bad upload's error, a brief from draft to published (analyst, then editor).
Screenshots go to test-artifacts/ and must not be blank. The server runs on each backend in turn: a DuckDB
file, then a PostgreSQL database of the tests' throwaway cluster."""
from __future__ import annotations

import re
import shutil

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from pg_helpers import BACKENDS
from web_helpers import (ARTIFACTS, PASSWORD, Server, _pg_web_template, bearer, distinct_colours,  # noqa: F401
                         watched, web_template)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    if request.param == "duckdb":
        template, tokens = request.getfixturevalue("web_template")
        path = folder / "e2e.duckdb"
        shutil.copy(template, path)
    else:
        name, tokens = request.getfixturevalue("_pg_web_template")
        path = request.getfixturevalue("pg_cluster").database(name)
    with Server(path, folder / "server.log") as running:
        # a quick baseline run is enough to shade the map by risk
        made = httpx.post(running.url + "/api/forecasts", data={"country": "MLI", "model": "last"},
                          headers=bearer(tokens["analyst"]), timeout=60)
        assert made.status_code == 201, made.text
        yield running, tokens


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def login(watched, url: str, name: str):
    """A new browser context, logged in; `watched` fails the test on any console error or failed request."""
    context = watched.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url + "/map")
    assert "/login" in page.url
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(url + "/map")
    expect(page.locator("#whoami")).to_have_text(f"{name} · {name}")
    return context, page


def shot(page, name: str, min_colours: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert distinct_colours(path) > min_colours, f"{path} looks blank"


def test_map_date_filter_and_region_timeline(server, watched):
    srv, tokens = server
    context, page = login(watched, srv.url, "analyst")
    page.wait_for_selector("body[data-ready='1']")
    regions = int(page.get_attribute("body", "data-regions"))
    points = int(page.get_attribute("body", "data-points"))
    country = page.input_value("#country")
    api = httpx.Client(base_url=srv.url, headers=bearer(tokens["viewer"]))
    expected_regions = len(api.get("/api/regions", params={"country": country}).json()["features"])
    assert regions == expected_regions > 5
    assert page.locator("path.region").count() == regions
    assert points > 0 and page.locator("path.event").count() == points
    run = api.get("/api/regions", params={"country": country}).json()["run"]
    # the legend names the newest run and the month it forecasts
    expect(page.locator("#legend")).to_contain_text(f"— run {run['run_id']}")
    expect(page.locator("#legend")).to_contain_text("P(fatal event) in ")
    shot(page, "map", 40)

    # the time slider moves a 12-month window back through the data
    last_until = page.input_value("#until")
    page.focus("#slider")
    for _ in range(24):
        page.keyboard.press("ArrowLeft")
    page.wait_for_selector("body[data-ready='1']")
    moved = page.input_value("#until")
    assert moved < last_until and page.input_value("#since") < moved
    expect(page.locator("#status")).to_contain_text(f"{page.input_value('#since')} to {moved}")

    # filter by date: exactly the API's events with coordinates in that window
    page.fill("#since", "2020-01-01")
    page.fill("#until", "2020-03-31")
    page.click("#apply")
    page.wait_for_selector(f"body[data-ready='1']:not([data-points='{points}'])")
    window = api.get("/api/events", params={"country": country, "since": "2020-01-01", "until": "2020-03-31",
                                             "format": "geojson", "limit": 5000}).json()
    assert int(page.get_attribute("body", "data-points")) == len(window["features"]) > 0
    expect(page.locator("#status")).to_contain_text("2020-01-01 to 2020-03-31")

    # click the region with the most fatalities: its panel shows the timeline
    geo = api.get("/api/regions", params={"country": country}).json()
    busiest = max(geo["features"], key=lambda f: f["properties"].get("fatalities", 0))["properties"]
    page.locator(f"path.region[data-region='{busiest['id']}']").dispatch_event("click")
    expect(page.locator("#region-name")).to_have_text(busiest["name"])
    expect(page.locator("#region-risk")).to_contain_text("P(fatal event)")
    page.wait_for_selector("#region-chart[data-months]")
    assert int(page.get_attribute("#region-chart", "data-months")) > 1
    assert int(page.get_attribute("#region-chart", "data-forecast")) == 6
    assert page.locator("#region-chart polygon.forecast-band").count() == 1
    assert page.locator("#region-chart rect.bar-events").count() > 0
    shot(page, "map-region", 40)

    page.click("#region-link")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#timeline-title")).to_contain_text(busiest["name"])
    assert page.locator("#timeline-chart polyline.line-fatalities").count() == 1
    assert page.locator("#timeline-table tbody tr").count() > 0
    shot(page, "timeline", 20)
    context.close()


def test_upload_of_a_bad_csv_shows_the_ingest_error(server, watched, tmp_path):
    srv, _ = server
    context, page = login(watched, srv.url, "analyst")
    bad = tmp_path / "my events.csv"
    bad.write_text("id,year,month\n1,2020,13\n", encoding="utf-8")
    watched.allow(400, "/api/ingest")       # the refusal this test provokes
    page.goto(srv.url + "/upload")
    page.select_option("#kind", "ucdp")
    page.set_input_files("#file", str(bad))
    page.click("#send")
    page.wait_for_selector("body[data-uploaded]")
    result = page.locator("#upload-result")
    expect(result).to_have_class("result bad")
    expect(result).to_contain_text("Upload refused (400)")
    expect(result).to_contain_text("my_events.csv: line 1: not a UCDP GED header")
    assert int(page.evaluate("document.getElementById('progress').value")) == 100
    shot(page, "upload-error", 10)
    context.close()


def test_a_viewer_sees_pages_but_not_the_upload(server, watched):
    srv, _ = server
    context, page = login(watched, srv.url, "viewer")
    watched.allow(403, "/upload")           # the refusal this test provokes
    response = page.goto(srv.url + "/upload")
    assert response.status == 403
    expect(page.locator("#error-message")).to_contain_text("needs the analyst role")
    page.goto(srv.url + "/network")
    page.wait_for_selector("body[data-nodes]")
    assert int(page.get_attribute("body", "data-nodes")) > 3
    assert page.locator("#network line.fights").count() > 0
    shot(page, "network", 10)
    page.goto(srv.url + "/docs")   # Swagger UI served from static/vendor, no CDN
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("watchfloor")
    expect(page.locator(".opblock-summary-path", has_text="/api/events").first).to_be_visible()
    context.close()


REPORT = """Title: Attack on Boulkessi <script>alert("t")</script>
Written By: Ana Writer; Edited by: Bo Check

Event: On 12 March 2020, JNIM fighters attacked FAMa positions near Boulkessi in Mopti, killing 29 soldiers. <img src=x onerror=alert(1)>

Significance: It is very likely that JNIM will attack Boulkessi again before June 2020.
"""


def test_uploaded_report_opens_with_highlights(server, watched, tmp_path):
    srv, _ = server
    context, page = login(watched, srv.url, "analyst")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    path = tmp_path / "boulkessi.txt"
    path.write_text(REPORT, encoding="utf-8")
    page.goto(srv.url + "/upload")
    page.select_option("#kind", "report")
    page.set_input_files("#file", str(path))
    page.click("#send")
    # the reading is a background job: its state shows until the report can be opened
    expect(page.locator("#job-status")).to_be_visible()
    page.wait_for_selector("#open-report", timeout=180_000)
    expect(page.locator("#job-status")).to_contain_text("boulkessi.txt: done")
    expect(page.locator("#jobs tbody tr[data-state='done']").first).to_contain_text("boulkessi.txt")
    page.click("#open-report")
    expect(page.locator("#report-title")).to_contain_text('Attack on Boulkessi <script>alert("t")</script>')
    text = page.locator("#report-text")
    expect(text.locator("mark.k-actor", has_text="JNIM").first).to_be_visible()
    expect(text.locator("mark.k-place", has_text="Boulkessi").first).to_be_visible()
    assert text.locator("mark.k-judgment").count() >= 1 and text.locator("mark.k-date").count() >= 1
    assert page.locator("#report-text img, #report-text script").count() == 0
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator("#facts tbody tr").count() >= 6
    shot(page, "report", 20)
    assert dialogs == []
    context.close()


def test_brief_from_draft_to_published_by_analyst_then_editor(server, watched):
    srv, tokens = server
    context, page = login(watched, srv.url, "analyst")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(srv.url + "/briefs")
    page.select_option("#brief-country", "NER")   # no force presence: no what-if runs, a quick draft
    page.fill("#brief-authors", "analyst, Ana <img src=x onerror=alert(1)>")
    page.click("#draft-brief", timeout=180_000)       # composing the draft takes longer on a loaded machine
    page.wait_for_url(re.compile(r".*/briefs/\d+$"), timeout=180_000)
    brief_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("#brief-status")).to_have_text("draft")
    expect(page.locator("#needs-editor")).to_be_visible()
    assert page.locator("#review, #publish").count() == 0
    frame = page.frame_locator("#brief-frame")
    expect(frame.locator("h1")).not_to_be_empty()
    expect(frame.locator("#significance")).to_contain_text("Significance")
    expect(page.locator("#brief-authors")).to_have_text("analyst, Ana <img src=x onerror=alert(1)>")
    assert page.locator("img[src=x]").count() == 0 and frame.locator("img[src=x]").count() == 0
    assert dialogs == []
    context.close()

    context, page = login(watched, srv.url, "editor")
    page.goto(f"{srv.url}/briefs/{brief_id}")
    page.click("#review")
    expect(page.locator("#brief-status")).to_have_text("reviewed")
    page.click("#publish")
    expect(page.locator("#brief-status")).to_have_text("published")
    assert page.locator("#review, #publish").count() == 0
    page.wait_for_timeout(300)
    shot(page, "brief-published", 40)
    context.close()

    api = httpx.Client(base_url=srv.url, headers=bearer(tokens["viewer"]), timeout=60)
    got = api.get(f"/api/briefs/{brief_id}").json()
    assert got["status"] == "published" and got["published_by"] == "editor" and got["reviewed_by"] == "editor"
    trail = [(a["actor"], a["action"]) for a in got["audit"]]
    assert ("editor", "brief.review") in trail and ("editor", "brief.publish") in trail
    assert ("analyst", "web.brief.create") in trail
    md = api.get(f"/api/briefs/{brief_id}/render", params={"format": "md", "download": "true"})
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"] and got["title"] in md.text
    html = api.get(f"/api/briefs/{brief_id}/render", params={"format": "html"})
    assert "<img src=x" not in html.text and "sandbox" in html.headers["content-security-policy"]
    editor = httpx.Client(base_url=srv.url, headers=bearer(tokens["editor"]), timeout=60)
    assert editor.post(f"/api/briefs/{brief_id}/review").status_code == 409   # published is immutable
    # the published judgments are tracked: resolve one by hand with a note, on the judgments page
    judgments = api.get("/api/judgments", params={"source": f"brief:{brief_id}:v1"}).json()
    assert judgments and all(j["made_by"].startswith("analyst, Ana <img") for j in judgments)
    context, page = login(watched, srv.url, "analyst")
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(srv.url + "/judgments")
    row = page.locator("#open tr", has_text=judgments[0]["claim"])
    row.locator("input[name=note]").fill("seen in the field reports")
    row.locator("button[value=void]").click()
    expect(page.locator("#resolved")).to_contain_text(judgments[0]["claim"])
    for _ in range(100):   # the chart is drawn on request
        if page.locator("#reliability").evaluate("img => img.complete && img.naturalWidth") > 100:
            break
        page.wait_for_timeout(100)
    assert page.locator("#reliability").evaluate("img => img.naturalWidth") > 100
    shot(page, "judgments", 20)
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
    context.close()
    resolved = api.get(f"/api/judgments/{judgments[0]['id']}").json()
    assert resolved["outcome"] == "void" and resolved["resolved_by"] == "analyst"
    assert resolved["resolution_note"] == "seen in the field reports"


def test_timeline_country_selector_shows_the_chosen_country(server, watched):
    srv, tokens = server
    context, page = login(watched, srv.url, "viewer")
    api = httpx.Client(base_url=srv.url, headers=bearer(tokens["viewer"]))
    countries = [c["iso3"] for c in api.get("/api/countries").json()]
    first, other = countries[0], countries[1]
    region = api.get("/api/regions", params={"country": first}).json()["features"][0]["properties"]
    page.goto(f"{srv.url}/timeline?country={first}&region={region['id']}")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#timeline-title")).to_contain_text(region["name"])
    with page.expect_navigation():
        page.select_option("#country", other)        # a script file handles it: the CSP blocks inline handlers
    page.wait_for_selector("body[data-ready='1']")
    assert f"country={other}" in page.url
    assert page.input_value("#region") == ""
    expect(page.locator("#timeline-title")).to_have_text(f"Events and fatalities per month — {other}")
    assert page.locator("#timeline-table tbody tr").count() > 0
    context.close()


def test_facts_page_cards_page_and_filter(server, watched, tmp_path):
    srv, tokens = server
    analyst = httpx.Client(base_url=srv.url, headers=bearer(tokens["analyst"]), timeout=300)
    stored = analyst.post("/api/reports", files={"file": ("cards.txt", REPORT.replace("Boulkessi", "Boni").encode(),
                                                          "text/plain")}, params={"wait": 300})
    assert stored.status_code == 201, stored.text
    total = len(analyst.get("/api/reports/" + stored.json()["report_id"]).json()["facts"])
    context, page = login(watched, srv.url, "analyst")
    page.goto(f"{srv.url}/facts?status=&per=5&report={stored.json()['report_id']}")
    cards = page.locator("#facts article.fact-card")
    assert cards.count() == min(5, total)
    first = cards.first
    expect(first.locator("blockquote.fact-context mark")).not_to_be_empty()
    assert first.locator("dl.fact-fields dt").count() >= 1
    expect(page.locator("#pager-top")).to_contain_text(f"of {total}")
    page.locator("#pager-top a.next").click()
    expect(page.locator("#pager-top")).to_contain_text(f"facts 6–{min(10, total)} of {total}")
    page.select_option("#filter-kind", "actor")
    page.click("#filter")
    page.wait_for_url(re.compile(r".*kind=actor.*"))
    kinds = {cards.nth(i).get_attribute("data-kind") for i in range(cards.count())}
    assert kinds == {"actor"}
    assert page.locator("#facts img, #facts script").count() == 0
    shot(page, "facts", 10)
    context.close()


def test_map_tooltips_show_event_text_as_text(server, watched, tmp_path):
    srv, tokens = server
    import csv
    import io
    from watchfloor.bundled import BUNDLED_EVENTS
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        row = next(r for r in reader if r["country"] == "Mali")
        columns = reader.fieldnames
    row.update(id="990000001", side_a='<b id="injected">Armed men</b>', side_b="Civilians")
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerow(row)
    analyst = httpx.Client(base_url=srv.url, headers=bearer(tokens["analyst"]), timeout=120)
    done = analyst.post("/api/ingest", files={"file": ("one.csv", out.getvalue().encode(), "text/csv")},
                        data={"layout": "ucdp"})
    assert done.status_code == 200, done.text
    event = analyst.get("/api/events", params={"actor": "injected"}).json()["events"][0]
    context, page = login(watched, srv.url, "analyst")
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#country", "MLI")
    page.fill("#since", event["date_start"])
    page.fill("#until", event["date_start"])
    page.click("#apply")
    marker = page.locator(f"path.event[data-event='{event['id']}']")
    marker.wait_for()
    marker.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip", has_text="injected")
    expect(tooltip).to_contain_text('<b id="injected">Armed men</b> vs Civilians')
    assert page.locator("#injected").count() == 0
    context.close()


def test_the_watch_catches_console_errors_and_failed_requests(server, watched):
    srv, _ = server
    context, page = login(watched, srv.url, "viewer")
    page.goto(srv.url + "/map")
    page.evaluate("console.error('something broke')")
    page.evaluate("fetch('/static/no-such-file.js')")
    page.wait_for_timeout(500)
    assert any("something broke" in p for p in watched.problems)
    assert any("HTTP 404" in p and "no-such-file.js" in p for p in watched.problems)
    watched.problems.clear()      # provoked on purpose
    context.close()
