"""A small report upload while a large one is being read, against a real `watchfloor serve` on 127.0.0.1.

Prints: the read APIs' latency before and during the large reading, the small uploads' latency (upload →
report stored; target ≤ 2 s), and the large upload's reading and storing times.

    .venv/bin/python bench/upload_latency.py [--mb 2.9] [--small 5] [--wait-large 1800]
"""
from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "tests"))
import read_helpers  # noqa: E402  (the same generated prose as the upload tests)


def prose(size: int, seed: int) -> str:
    return read_helpers.prose(size, seed, folders=("reports", "test_blind"))


def small_report(n: int) -> str:
    return (f"Title: Incident note {n}\nWritten By: Desk Officer\n\n"
            f"On {n % 27 + 1} March 2020, JNIM fighters attacked a patrol near Boni in Mopti, killing {n % 7 + 2} "
            "soldiers. Local sources said the attackers withdrew towards the border.\n")


def build_store(folder: Path) -> tuple[Path, str]:
    from watchfloor.bundled import BUNDLED_EVENTS, load_reference
    from watchfloor.ingest import ingest_file
    from watchfloor.store import Store, users
    from watchfloor.web.auth import hash_password

    path = folder / "bench.duckdb"
    with Store.open(path) as store:
        load_reference(store)
        ingest_file(store, BUNDLED_EVENTS, "ucdp")
        users.add_user(store, "bench", "analyst", hash_password("bench password 123"), "bench")
        token = users.issue_token(store, "bench", "bench")
    return path, token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def read_latencies(client: httpx.Client, rounds: int) -> list[float]:
    out = []
    for n in range(rounds):
        for path, params in (("/api/events", {"country": "MLI", "limit": 50, "offset": n}),
                             ("/api/regions", {"country": "MLI"}), ("/api/reports", {})):
            seconds, response = timed(lambda: client.get(path, params=params))
            assert response.status_code == 200, response.text
            out.append(seconds)
    return out


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms " \
           f"(n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=2.9, help="size of the large text (MB; the reader refuses texts over "
                        "3 million characters at once, so a larger one is no load)")
    parser.add_argument("--small", type=int, default=5, help="small uploads while the large one is read")
    parser.add_argument("--wait-large", type=float, default=1800, help="seconds to wait for the large one at the end")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="wf-bench-upload-"))
    server = None
    try:
        db, token = build_store(folder)
        port = free_port()
        log = open(folder / "server.log", "w")
        server = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "--db", str(db), "serve", "--host",
                                   "127.0.0.1", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"},
                              timeout=600)
        for _ in range(300):
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        cold, first = timed(lambda: client.post("/api/reports", params={"wait": 300},
                                                files={"file": ("first.txt", small_report(0).encode(), "text/plain")}))
        assert first.status_code == 201, first.text
        print(f"first small upload (cold: worker process starts, model loads): {cold:.2f} s")
        warm = [timed(lambda n=n: client.post("/api/reports", params={"wait": 60}, files={
            "file": (f"warm{n}.txt", small_report(100 + n).encode(), "text/plain")}))[0] for n in range(3)]
        print(f"small upload, nothing else running: {summary(warm)}")
        print(f"reads, nothing else running: {summary(read_latencies(client, 10))}")

        text = prose(int(args.mb * 1_000_000), 7).encode()
        sent, large = timed(lambda: client.post("/api/reports", files={"file": ("large.txt", text, "text/plain")}))
        assert large.status_code == 202, large.text
        large_id = large.json()["job"]["id"]
        print(f"large upload: {len(text) / 1e6:.1f} MB sent and queued in {sent:.2f} s (answer 202, job {large_id})")
        while client.get(f"/api/jobs/{large_id}").json()["state"] == "queued":
            time.sleep(0.2)

        smalls, reads_during = [], []
        for n in range(args.small):
            seconds, answer = timed(lambda n=n: client.post("/api/reports", params={"wait": 120}, files={
                "file": (f"small{n}.txt", small_report(200 + n).encode(), "text/plain")}))
            state = client.get(f"/api/jobs/{large_id}").json()["state"]
            assert answer.status_code == 201, answer.text
            smalls.append(seconds)
            reads_during += read_latencies(client, 3)
            print(f"  small upload {n + 1}: stored in {seconds:.2f} s; the large one is {state}")
        print(f"small upload during the large reading: {summary(smalls)} — target ≤ 2 s: "
              f"{'met' if max(smalls) <= 2 else 'NOT met'}")
        print(f"reads during the large reading: {summary(reads_during)}")

        deadline = time.monotonic() + args.wait_large
        job = client.get(f"/api/jobs/{large_id}").json()
        while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(2)
            job = client.get(f"/api/jobs/{large_id}").json()
        if job["state"] == "done":
            store_s = job["seconds"] - (job["read_seconds"] or 0)
            print(f"large upload: read in {job['read_seconds']:.0f} s (worker process), stored in {store_s:.1f} s "
                  f"(the write lock), {job['reports'][0]['facts']} facts")
        else:
            print(f"large upload: {job['state']} after {job['seconds']:.0f} s: {job['message'] or 'still running'}")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
