"""A normal API read while 16 clients guess passwords as fast as they can, against a real `watchfloor serve`
on 127.0.0.1 (the store: bundled reference data and UCDP events).

Three settings of the server:
  unthrottled  — no delays and 8 hashes at once (what the server did before login throttling)
  one-address  — the defaults; the guessers all come from 127.0.0.1 and try one account
  many-address — the defaults behind a TLS proxy (`--behind-tls`); each guess claims its own client address
                 (X-Forwarded-For) and account, as a botnet would, so only the hash queue holds them back

Prints per setting: the read's median and p95 in ms before and during the guessing, and the guessers'
answers by status (401 checked and wrong, 429 throttled, 503 hash queue full) and per second.

    .venv/bin/python bench/login_guessing.py [--seconds 10] [--guessers 16] [--path /api/events?country=MLI&limit=100]
"""
from __future__ import annotations

import argparse
import collections
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from upload_latency import build_store, free_port  # noqa: E402  (the same store and server setup)

SETTINGS = {
    "unthrottled": ({"WATCHFLOOR_LOGIN_ACCOUNT_TRIES": "1000000", "WATCHFLOOR_LOGIN_ADDRESS_TRIES": "1000000",
                     "WATCHFLOOR_LOGIN_HASH_SLOTS": "8", "WATCHFLOOR_LOGIN_HASH_QUEUE": "100000"}, False),
    "one-address": ({}, False),
    "many-address": ({}, True),
}


def reads(url: str, token: str, seconds: float) -> list[float]:
    """Sequential reads for `seconds`: their latencies in ms."""
    took = []
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            client.get(url).raise_for_status()
            took.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
    return took


def guess(base: str, n: int, forged: bool, stop: threading.Event, answers: collections.Counter) -> None:
    """Wrong passwords as fast as the server answers, ignoring Retry-After."""
    with httpx.Client(timeout=60) as client:
        i = 0
        while not stop.is_set():
            i += 1
            name = f"user{n}-{i}" if forged else "bench"
            headers = {"X-Forwarded-For": f"10.{n}.{i // 250 % 250}.{i % 250}"} if forged else {}
            answer = client.post(base + "/login", data={"name": name, "password": f"guess {n} {i}"},
                                 headers=headers)
            answers[answer.status_code] += 1


def summary(took: list[float]) -> str:
    took = sorted(took)
    return f"median {statistics.median(took):7.1f}  p95 {took[int(len(took) * 0.95) - 1]:7.1f}  (n={len(took)})"


def run(setting: str, db: Path, token: str, args, folder: Path) -> None:
    env_extra, behind_tls = SETTINGS[setting]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "watchfloor.cli", "--db", str(db), "serve", "--host", "127.0.0.1", "--port",
               str(port), "--access-log", "off"] + (["--behind-tls"] if behind_tls else [])
    log = open(folder / f"{setting}.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env_extra})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: {(folder / f'{setting}.log').read_text()}")
                time.sleep(0.2)
        reads(base + args.path, token, 1)                                   # warm the caches
        idle = reads(base + args.path, token, args.seconds / 2)
        stop, answers = threading.Event(), collections.Counter()
        guessers = [threading.Thread(target=guess, args=(base, n, behind_tls, stop, answers))
                    for n in range(args.guessers)]
        for thread in guessers:
            thread.start()
        time.sleep(1)
        during = reads(base + args.path, token, args.seconds)
        stop.set()
        for thread in guessers:
            thread.join(120)
        total = sum(answers.values())
        print(f"{setting:13} idle    {summary(idle)}")
        print(f"{'':13} guessed {summary(during)}")
        print(f"{'':13} guesses {total} in {args.seconds + 1:.0f} s ({total / (args.seconds + 1):.0f}/s): "
              + ", ".join(f"{code}: {count}" for code, count in sorted(answers.items())))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--guessers", type=int, default=16)
    parser.add_argument("--path", default="/api/events?country=MLI&limit=100")
    parser.add_argument("--settings", default=",".join(SETTINGS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wf-bench-login-") as tmp:
        folder = Path(tmp)
        db, token = build_store(folder)
        print(f"read: GET {args.path}; {args.guessers} guessers; {os.cpu_count()} cores")
        for setting in args.settings.split(","):
            run(setting, db, token, args, folder)


if __name__ == "__main__":
    main()
