"""Security: every route refuses the wrong role; report text is inert wherever it is shown; filters cannot
inject SQL; uploads over the limit are refused cleanly; cookie writes need the CSRF token."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web_helpers import _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.store.users import ROLES
from watchfloor.web.app import all_routes, create_app, required_role
from watchfloor.web.highlight import highlight

PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/health"), ("GET", "/openapi.json"), ("GET", "/docs")}


@pytest.fixture
def api(any_web_db):
    path, tokens = any_web_db
    with TestClient(create_app(path)) as client:
        yield client, tokens


def _protected(app):
    for route in all_routes(app):
        if not hasattr(route, "methods") or route.path.startswith("/static"):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path, required_role(route)


def test_every_route_is_public_by_list_or_declares_a_role(api):
    client, _ = api
    found = list(_protected(client.app))
    assert len(found) > 40
    unguarded = {(m, p) for m, p, role in found if role is None}
    assert unguarded == PUBLIC
    assert {role for *_, role in found} - {None} == set(ROLES)


def test_every_protected_route_refuses_no_credentials_and_a_lower_role(api):
    client, tokens = api
    checked = 0
    for method, path, role in _protected(client.app):
        if role is None:
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        anonymous = client.request(method, url, follow_redirects=False)
        if path.startswith("/api"):
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
        else:
            assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login"), (method, path)
        if role != "viewer":
            lower = ROLES[ROLES.index(role) - 1]
            refused = client.request(method, url, headers=bearer(tokens[lower]), follow_redirects=False)
            assert refused.status_code == 403, (method, path, lower, refused.status_code)
        enough = client.request(method, url, headers=bearer(tokens[role]), follow_redirects=False)
        assert enough.status_code not in (401, 403), (method, path, role, enough.status_code, enough.text[:200])
        checked += 1
    assert checked > 30


def test_only_an_editor_reviews_and_publishes(api):
    client, _ = api
    roles = {(m, p): r for m, p, r in _protected(client.app)}
    for path in ("/api/briefs/{brief_id}/review", "/api/briefs/{brief_id}/publish", "/briefs/{brief_id}/review",
                 "/briefs/{brief_id}/publish"):
        assert roles[("POST", path)] == "editor"
    assert roles[("POST", "/api/users")] == "admin" and roles[("GET", "/api/audit")] == "admin"


def test_a_bogus_token_or_session_is_refused(api):
    client, tokens = api
    assert client.get("/api/events", headers=bearer(tokens["viewer"] + "x")).status_code == 401
    client.cookies.set("wf_session", "made-up")
    assert client.get("/api/events").status_code == 401


PAYLOAD = ('Fighters of <script>alert("x")</script> struck <img src=x onerror=alert(1)> near '
           '"Gao" & <b onmouseover=alert(2)>Kidal</b> on 3 May.')


def test_highlighted_report_text_is_escaped_around_every_fact():
    spans = [("actor", PAYLOAD.index("<script>"), PAYLOAD.index("</script>") + 9),
             ("place", PAYLOAD.index("<img"), PAYLOAD.index("struck") + 40),
             ("judgment", 0, len(PAYLOAD)), ("date", PAYLOAD.index("3 May"), PAYLOAD.index("3 May") + 5)]
    facts = [{"id": f'r1:{k}:{a}:{b}:0" onclick="alert(3)', "kind": k, "start_char": a, "end_char": b,
              "status": "extracted"} for k, a, b in spans]
    html = str(highlight(PAYLOAD, facts))
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert 'onclick="' not in html and "&#34; onclick=&#34;" in html
    assert "&lt;script&gt;" in html and "onerror=alert(1)&gt;" in html
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') \
        .replace("&amp;", "&").replace("&#39;", "'") == PAYLOAD
    assert html.count('<mark class="fact') >= 4


@pytest.mark.parametrize("params", [
    {"region": "x' OR '1'='1"}, {"actor": "%' OR 1=1 --"}, {"type": "state-based'); DROP TABLE events; --"},
    {"region": "Gao\" OR \"\"=\""}, {"actor": "_"}, {"actor": "%"},
])
def test_filter_parameters_cannot_inject_sql(api, params):
    client, tokens = api
    store = client.app.state.store.reader()
    before = store.scalar("SELECT count(*) FROM events")
    got = client.get("/api/events", params={**params, "limit": 5000}, headers=bearer(tokens["viewer"]))
    assert got.status_code == 200
    # Only literal matches: '%' and '_' are not wildcards and quotes are data.
    assert got.json()["total"] == 0
    assert client.get("/api/timeline", params=params, headers=bearer(tokens["viewer"])).status_code == 200
    assert client.get("/api/actors/network", params=params, headers=bearer(tokens["viewer"])).status_code == 200
    assert store.scalar("SELECT count(*) FROM events") == before


@pytest.mark.parametrize("params", [{"country": "MLI'--"}, {"limit": "1; DROP TABLE events"},
                                    {"since": "2020-01-01' OR '1'='1"}, {"offset": "-1"}])
def test_malformed_filters_are_refused_before_any_query(api, params):
    client, tokens = api
    assert client.get("/api/events", params=params, headers=bearer(tokens["viewer"])).status_code == 422


def test_upload_over_the_limit_is_refused_cleanly(api):
    client, tokens = api
    limit = client.app.state.upload_limit
    big = b"id,year\n" + b"1,2020\n" * (limit // 7 + 10)
    r = client.post("/api/ingest", files={"file": ("big.csv", big, "text/csv")}, data={"layout": "ucdp"},
                    headers=bearer(tokens["analyst"]))
    assert r.status_code == 413 and ("too large" in r.text.lower() or "20 MB limit" in r.text)

    def chunks():   # no Content-Length: counted while streaming
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n\r\n"
        for _ in range(limit // (1 << 20) + 2):
            yield b"x" * (1 << 20)
    r = client.post("/api/ingest", content=chunks(), headers={**bearer(tokens["analyst"]),
                                                              "Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413
    assert client.app.state.store.reader().scalar("SELECT count(*) FROM audit WHERE action = 'web.ingest'") == 0
    assert client.get("/api/me", headers=bearer(tokens["analyst"])).status_code == 200


def test_pages_send_a_strict_content_security_policy(api):
    client, tokens = api
    page = client.get("/map", headers=bearer(tokens["viewer"]))
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # no inline scripts: all JS comes from /static
