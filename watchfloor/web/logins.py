"""Login throttling: growing delays per account and per client address, decided in memory before any
password hash is computed, and a cap on how many hashes run at once.

An argon2 hash costs ~0.1 s and 64 MB on every core. Unchecked, 16 parallel guessers kept the server's
worker threads hashing and a normal API read waited seconds. So a try is first weighed here, on the event
loop and without the store: an account or an address that failed too often waits a delay that doubles with
each further failure (`Retry-After`), and tries that do reach the hash queue for a few dedicated slots,
away from the threads that answer reads; when that queue is full the try is refused. A refused answer is
held back a moment on a timer, so a guesser that ignores Retry-After cannot flood the event loop either.

Tries that are refused here are not failures (the password was never checked), so an attacker cannot make
a delay grow without limit; the delay is capped and forgotten an hour after the last failure.
"""
from __future__ import annotations

import logging
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields

import anyio


@dataclass(frozen=True)
class LoginLimits:
    account_free: int = 5        # failed passwords for an account from one address before the first delay
    account_wide_free: int = 50  # for an account from all addresses together (guessing from many machines)
    address_free: int = 20       # per client address, any account (an office behind one address types wrong too)
    first_delay: float = 1.0     # seconds after the first failure beyond the free ones, doubling after each
    max_delay: float = 900.0     # the longest delay
    forget_after: float = 3600.0  # seconds without a failure after which a key starts again from zero
    hash_slots: int = 1          # password hashes at once
    hash_queue: int = 8          # tries waiting for a slot beyond which a try is refused
    refusal_pause: float = 1.0   # seconds a refused try waits for its answer (a timer, no thread): a guesser
                                 # that ignores Retry-After sends one try a second per connection, not hundreds
    pausing_max: int = 512       # refused tries held at once; beyond, they are answered without the pause

    ENV = {"account_free": "WATCHFLOOR_LOGIN_ACCOUNT_TRIES", "address_free": "WATCHFLOOR_LOGIN_ADDRESS_TRIES",
           "account_wide_free": "WATCHFLOOR_LOGIN_ACCOUNT_WIDE_TRIES",
           "first_delay": "WATCHFLOOR_LOGIN_FIRST_DELAY", "max_delay": "WATCHFLOOR_LOGIN_MAX_DELAY",
           "forget_after": "WATCHFLOOR_LOGIN_FORGET_AFTER", "hash_slots": "WATCHFLOOR_LOGIN_HASH_SLOTS",
           "hash_queue": "WATCHFLOOR_LOGIN_HASH_QUEUE", "refusal_pause": "WATCHFLOOR_LOGIN_REFUSAL_PAUSE",
           "pausing_max": "WATCHFLOOR_LOGIN_PAUSING_MAX"}

    @classmethod
    def from_env(cls) -> "LoginLimits":
        """The defaults, each overridable by the environment variable named in ENV."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(cls.ENV[f.name])
            if raw:
                try:
                    values[f.name] = type(f.default)(float(raw)) if isinstance(f.default, int) else float(raw)
                except ValueError:
                    raise ValueError(f"{cls.ENV[f.name]}={raw!r}: expected a number") from None
        return cls(**values)


@dataclass
class _Record:
    failures: int = 0
    in_flight: int = 0
    last: float = 0.0            # monotonic time of the last failure
    until: float = 0.0           # no try is checked before this
    reported: float = -1.0       # the `until` whose refusals were already audited


@dataclass(frozen=True)
class Refusal:
    retry_after: int             # whole seconds, for the header
    why: str                     # 'account' (from this address), 'account-wide' or 'address'
    first: bool                  # the first refusal of this delay (worth an audit row; later ones are logged)


@dataclass
class LoginThrottle:
    limits: LoginLimits = field(default_factory=LoginLimits.from_env)
    clock: object = time.monotonic
    hashes: int = 0              # passwords checked (a hash computed); the bench and the tests read it
    refused: int = 0             # tries refused before any hash

    def __post_init__(self):
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str], _Record] = {}
        self._waiting = 0
        self._pausing = 0
        self._limiter: anyio.CapacityLimiter | None = None
        # Refused logins are audited by one thread of their own, after the answer: a long write holding the
        # store's lock then delays the audit rows, not the threads that answer reads.
        self._auditor = ThreadPoolExecutor(1, thread_name_prefix="wf-login-audit")
        self.audits_pending = 0

    def audit_later(self, write, *args) -> None:
        """write(*args) on the audit thread; beyond 10,000 waiting rows a row is only logged (a flood)."""
        if self.audits_pending >= 10_000:
            logging.getLogger("watchfloor.auth").warning("login audit row dropped (%d waiting): %r",
                                                         self.audits_pending, args[1:])
            return
        with self._lock:
            self.audits_pending += 1

        def run() -> None:
            try:
                write(*args)
            except Exception:
                logging.getLogger("watchfloor.auth").exception("login audit row not written: %r", args[1:])
            finally:
                with self._lock:
                    self.audits_pending -= 1

        self._auditor.submit(run)

    def drain(self) -> None:
        """Wait until the audit rows queued so far are written (a login's own row then comes after them)."""
        self._auditor.submit(lambda: None).result()

    def close(self) -> None:
        """Write the audit rows still waiting."""
        self._auditor.shutdown(wait=True)

    @staticmethod
    def _keys(name: str, address: str) -> tuple[tuple[str, str], ...]:
        """The counts a try weighs on. The account is counted per address first, so that a guesser at one
        address does not lock its owner out elsewhere; all addresses together have a larger allowance."""
        account = name.strip().lower()[:64]
        return ("account", f"{account}\n{address}"), ("account-wide", account), ("address", address)

    def _record(self, key: tuple[str, str], now: float) -> _Record:
        record = self._records.get(key)
        if record is not None and not record.in_flight and now - record.last > self.limits.forget_after:
            record = None
        if record is None:
            if len(self._records) > 100_000:
                self._forget(now)
            record = self._records[key] = _Record()
        return record

    def _forget(self, now: float) -> None:
        stale = [k for k, r in self._records.items() if not r.in_flight and now - r.last > self.limits.forget_after]
        for key in stale or list(self._records)[: len(self._records) // 2]:
            del self._records[key]

    def _free(self, key: tuple[str, str]) -> int:
        return {"account": self.limits.account_free, "account-wide": self.limits.account_wide_free,
                "address": self.limits.address_free}[key[0]]

    def begin(self, name: str, address: str) -> Refusal | None:
        """None: the try may be checked (call `end` after); else why not and for how long. A try in flight
        counts as a failure until it ends, so parallel guesses cannot slip past the free ones together."""
        now = self.clock()
        with self._lock:
            records = [(key, self._record(key, now)) for key in self._keys(name, address)]
            for key, record in records:
                if now < record.until or (record.in_flight and record.failures + record.in_flight >= self._free(key)):
                    self.refused += 1
                    wait = max(record.until - now, 1.0)
                    first = record.reported != record.until
                    record.reported = record.until
                    return Refusal(math.ceil(wait), key[0], first)
            for _, record in records:
                record.in_flight += 1
        return None

    def end(self, name: str, address: str, failed: bool | None) -> None:
        """The checked try's outcome: True a wrong password, False a right one, None not checked after all.
        A right password clears the account's failures; the address keeps its own (or a guesser could clear
        them by logging in to an account of their own)."""
        now = self.clock()
        with self._lock:
            for key in self._keys(name, address):
                record = self._record(key, now)
                record.in_flight = max(record.in_flight - 1, 0)
                if failed:
                    record.failures += 1
                    record.last = now
                    beyond = record.failures - self._free(key)
                    if beyond > 0:
                        record.until = now + min(self.limits.first_delay * 2 ** min(beyond - 1, 40),
                                                 self.limits.max_delay)
                elif failed is False and key[0] != "address":
                    self._records.pop(key, None)

    async def pause(self) -> None:
        """Hold a refused try's answer for a moment (see LoginLimits.refusal_pause)."""
        if self.limits.refusal_pause <= 0 or self._pausing >= self.limits.pausing_max:
            return
        self._pausing += 1
        try:
            await anyio.sleep(self.limits.refusal_pause)
        finally:
            self._pausing -= 1

    async def check(self, verify, *args):
        """verify(*args) in one of the few hash slots, off the threads that answer reads; None when the
        queue for the slots is full (the caller answers 503 at once)."""
        if self._waiting >= self.limits.hash_slots + self.limits.hash_queue:
            return None
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.limits.hash_slots)
        self._waiting += 1
        try:
            result = await anyio.to_thread.run_sync(verify, *args, limiter=self._limiter)
        finally:
            self._waiting -= 1
        self.hashes += 1
        return result
