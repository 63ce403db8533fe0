"""The connectors' HTTP: Retry-After honoured, redirects kept to allowed hosts, secrets blanked out."""
from __future__ import annotations

import pytest

from fixtures.sources.recorded import Recorded, Reply
from watchfloor.sources.http import Fetcher, SourceError


def test_retry_after_is_honoured_and_capped():
    pauses = []
    with Recorded() as server:
        server.route("/limited", Reply(429, "slow down", {"Retry-After": "7"}), Reply(200, "ok"))
        fetcher = Fetcher(backoff=0.01, max_wait=5, sleep=pauses.append)
        assert fetcher.get(f"{server.url}/limited").body == b"ok"
    assert pauses == [5]          # the server's 7 s, capped by max_wait


def test_redirect_to_another_host_is_not_followed():
    with Recorded() as server:
        server.route("/moved", Reply(302, "", {"Location": "http://elsewhere.example/page"}))
        fetcher = Fetcher(hosts={"127.0.0.1"}, retries=0)
        with pytest.raises(SourceError, match="elsewhere.example"):
            fetcher.get(f"{server.url}/moved")


def test_secrets_are_blanked_out_of_errors():
    with Recorded() as server:
        server.route("/echo", Reply(400, "bad request for token=abc123secret&user=me%40example.org"))
        fetcher = Fetcher(secrets=["abc123secret", "me@example.org"], retries=0)
        with pytest.raises(SourceError) as raised:
            fetcher.get(f"{server.url}/echo", params={"token": "abc123secret"})
    assert "abc123secret" not in str(raised.value) and "me%40example.org" not in str(raised.value)
    assert "HTTP 400" in str(raised.value)
