"""Reports through the web layer: upload → reader → store, the highlighted report view, facts review —
and report text carrying script and event-handler payloads stays inert on every page that shows it."""
from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.web.app import create_app

REPORT = """Title: Fighting near Boulkessi <script>alert("title")</script>
Written By: Ana Writer <img src=x onerror=alert(1)>; Edited by: Bo Check

Event: On 12 March 2020, JNIM fighters attacked FAMa positions near Boulkessi in Mopti, killing 29 soldiers. <script>alert("body")</script>

Significance: It is very likely that JNIM will attack Boulkessi again before June 2020 <img src=x onerror=alert(2)>. The Malian army probably cannot hold the base without support.

Recommendations: MINUSMA should increase patrols around Sévaré <b onmouseover=alert(3)>now</b>.
"""
LIVE = ("<script>alert", "<img src=x", "<b onmouseover", "onerror=alert(1)>", 'onclick="')


def assert_inert(html: str) -> None:
    for needle in LIVE:
        assert needle not in html, needle
    assert "&lt;script&gt;alert" in html or "\\u003cscript\\u003ealert" in html


@pytest.fixture
def api(any_web_db):
    path, tokens = any_web_db
    with TestClient(create_app(path)) as client:
        yield client, tokens


def upload(client, token, name="boulkessi.txt", body=REPORT):
    return client.post("/api/reports", files={"file": (name, body.encode(), "text/plain")}, params={"wait": 300},
                       headers=bearer(token))


def test_upload_reads_stores_once_and_lists_the_facts(api):
    client, tokens = api
    first = upload(client, tokens["analyst"])
    assert first.status_code == 201, first.text
    report_id = first.json()["report_id"]
    assert first.json()["created"] is True
    again = upload(client, tokens["analyst"])
    assert again.status_code == 201 and (again.json()["report_id"], again.json()["created"]) == (report_id, False)
    assert first.json()["job"]["state"] == "done" and first.json()["file"] == "boulkessi.txt"
    got = client.get(f"/api/reports/{report_id}", headers=bearer(tokens["viewer"])).json()
    kinds = {f["kind"] for f in got["facts"]}
    assert {"actor", "place", "date", "judgment"} <= kinds
    for fact in got["facts"]:
        assert got["text"][fact["start_char"]:fact["end_char"]] == fact["text"]
    jnim = [f for f in got["facts"] if f["kind"] == "actor" and f["text"] == "JNIM"]
    assert len(jnim) == 2
    assert [r["id"] for r in client.get("/api/reports", headers=bearer(tokens["viewer"])).json()] == [report_id]
    store = client.app.state.store.reader()
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'web.read' AND actor = 'analyst'") == 2


def test_a_broken_document_is_refused_with_the_readers_message(api):
    client, tokens = api
    r = upload(client, tokens["analyst"], "empty.txt", "   \n")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("empty.txt") and "/tmp" not in r.json()["detail"]
    assert client.get("/api/reports", headers=bearer(tokens["viewer"])).json() == []


def test_report_view_highlights_facts_and_keeps_payloads_inert(api):
    client, tokens = api
    report_id = upload(client, tokens["analyst"]).json()["report_id"]
    page = client.get(f"/reports/{report_id}", headers=bearer(tokens["viewer"])).text
    article = re.search(r'<article id="report-text" class="report-text">(.*?)</article>', page, re.S).group(1)
    assert_inert(page)
    marks = re.findall(r'<mark class="fact ([^"]+)"[^>]*>([^<]*)</mark>', article)
    by_text = {text: classes for classes, text in marks}
    assert "k-actor" in by_text["JNIM"] and "k-place" in by_text["Boulkessi"]
    assert "k-date" in by_text["12 March 2020"]
    assert any("k-judgment" in classes for classes, _ in marks)
    plain = re.sub(r"<[^>]+>", "", article)
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in plain
    assert_inert(client.get("/reports", headers=bearer(tokens["viewer"])).text)
    assert_inert(client.get("/facts", params={"status": ""}, headers=bearer(tokens["viewer"])).text)
    assert_inert(client.get("/facts", params={"kind": "recommendation"}, headers=bearer(tokens["viewer"])).text)


def test_facts_review_confirm_correct_reject_with_audit(api):
    client, tokens = api
    report_id = upload(client, tokens["analyst"]).json()["report_id"]
    facts = client.get(f"/api/reports/{report_id}", headers=bearer(tokens["viewer"])).json()["facts"]
    place = next(f for f in facts if f["kind"] == "place" and f["text"] == "Mopti")
    actor = next(f for f in facts if f["kind"] == "actor" and f["text"] == "FAMa")
    date_fact = next(f for f in facts if f["kind"] == "date")
    assert client.post(f"/api/facts/{place['id']}", json={"status": "confirmed"},
                       headers=bearer(tokens["viewer"])).status_code == 403
    ok = client.post(f"/api/facts/{place['id']}", json={"status": "confirmed"}, headers=bearer(tokens["analyst"]))
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed" and ok.json()["updated_by"] == "analyst"
    corrected = {**actor["value"], "name": "Malian armed forces"}
    edited = client.post(f"/api/facts/{actor['id']}", json={"status": "edited", "value": corrected, "note": "alias"},
                         headers=bearer(tokens["analyst"]))
    assert edited.status_code == 200 and edited.json()["edited_value"]["name"] == "Malian armed forces"
    assert client.post(f"/api/facts/{actor['id']}", json={"status": "edited", "value": None},
                       headers=bearer(tokens["analyst"])).status_code == 400
    rejected = client.post(f"/api/facts/{date_fact['id']}", json={"status": "rejected"},
                           headers=bearer(tokens["analyst"]))
    assert rejected.json()["status"] == "rejected"
    assert client.post("/api/facts/nope", json={"status": "confirmed"}, headers=bearer(tokens["analyst"])).status_code == 404
    page = client.get(f"/reports/{report_id}", headers=bearer(tokens["viewer"])).text
    assert f'data-facts="{date_fact["id"]}"' not in page      # a rejected fact is no longer highlighted
    audit = client.get("/api/audit", params={"actor": "analyst"}, headers=bearer(tokens["admin"])).json()
    actions = {(a["action"], a["target"]) for a in audit}
    assert {("fact.confirm", place["id"]), ("fact.edit", actor["id"]), ("fact.reject", date_fact["id"])} <= actions


def test_facts_form_needs_the_csrf_token(api):
    client, tokens = api
    report_id = upload(client, tokens["analyst"]).json()["report_id"]
    fact = client.get(f"/api/reports/{report_id}", headers=bearer(tokens["viewer"])).json()["facts"][0]
    client.post("/login", data={"name": "analyst", "password": "correct horse battery"})
    page = client.get("/facts").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/facts/{fact['id']}", data={"status": "confirmed"}).status_code == 403
    done = client.post(f"/facts/{fact['id']}", data={"status": "confirmed", "csrf_token": csrf,
                                                     "back": f"/reports/{report_id}"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/reports/{report_id}"
    assert client.get(f"/api/reports/{report_id}").json()["facts"][0]["status"] == "confirmed"


def _cards(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<article class="fact-card[^"]*"[^>]*data-fact="([^"]+)" data-kind="([^"]+)"', page)


def test_facts_page_is_readable_cards_paged_and_filtered(api):
    client, tokens = api
    report_id = upload(client, tokens["analyst"]).json()["report_id"]
    report = client.get(f"/api/reports/{report_id}", headers=bearer(tokens["viewer"])).json()
    facts = report["facts"]
    viewer = bearer(tokens["viewer"])
    pages = -(-len(facts) // 5)
    seen = []
    for number in range(1, pages + 1):
        page = client.get("/facts", params={"status": "", "per": 5, "page": number}, headers=viewer).text
        assert f"facts {(number - 1) * 5 + 1}–{min(number * 5, len(facts))} of {len(facts)}" in page
        assert ('class="next"' in page) == (number < pages) and ('class="prev"' in page) == (number > 1)
        seen += [fact_id for fact_id, _ in _cards(page)]
    assert sorted(seen) == sorted(f["id"] for f in facts)        # every fact once over the pages
    # each card shows its span inside the report text around it, as text
    page = client.get("/facts", params={"status": "", "per": 100}, headers=viewer).text
    for before, kind, span, after in re.findall(r'<blockquote class="fact-context">(.*?)<mark class="fact k-(\w+)">'
                                                r'(.*?)</mark>(.*?)</blockquote>', page, re.S):
        quoted = html.unescape(before + span + after).strip("…")
        assert quoted in report["text"] and html.unescape(span) in quoted
    assert "<dd>{" not in page and "&#34;start&#34;" not in page   # value fields, not raw JSON
    # filters: kind, words, report
    judgments = [f for f in facts if f["kind"] == "judgment"]
    page = client.get("/facts", params={"status": "", "kind": "judgment"}, headers=viewer).text
    assert {kind for _, kind in _cards(page)} == {"judgment"} and len(_cards(page)) == len(judgments)
    assert "<dt>band</dt>" in page
    page = client.get("/facts", params={"status": "", "q": "boulkessi"}, headers=viewer).text
    found = {fact_id for fact_id, _ in _cards(page)}
    assert found and found == {f["id"] for f in facts
                               if "boulkessi" in (f["text"] + json.dumps(f["value"], ensure_ascii=False)).lower()}
    page = client.get("/facts", params={"status": "", "report": "nope"}, headers=viewer).text
    assert _cards(page) == [] and 'id="no-facts"' in page
    assert client.get("/facts", params={"status": "bogus"}, headers=viewer).status_code == 422
