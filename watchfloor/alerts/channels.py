"""Delivery channels: email (SMTP with STARTTLS, never in the clear) and webhooks (JSON POST signed with
HMAC-SHA256 in `X-Watchfloor-Signature`, the delivery id in `X-Watchfloor-Delivery` so that a receiver can drop
a repeat). Settings and secrets come from the environment and never reach the store or a message."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import ssl
import time
from email.message import EmailMessage

SMTP_ENV = {"host": "WATCHFLOOR_SMTP_HOST", "port": "WATCHFLOOR_SMTP_PORT", "user": "WATCHFLOOR_SMTP_USER",
            "password": "WATCHFLOOR_SMTP_PASSWORD", "sender": "WATCHFLOOR_SMTP_FROM", "cafile": "WATCHFLOOR_SMTP_CAFILE"}
SIGNATURE_HEADER = "X-Watchfloor-Signature"
DELIVERY_HEADER = "X-Watchfloor-Delivery"


class DeliveryError(Exception):
    """A delivery that failed; the message names what to fix and holds no secret."""


def send_email(to: str, subject: str, body: str, message_id: str, timeout: float = 15.0) -> None:
    host = os.environ.get(SMTP_ENV["host"])
    if not host:
        raise DeliveryError(f"email alerts need an SMTP server: set {SMTP_ENV['host']} (and {SMTP_ENV['port']}, "
                            f"{SMTP_ENV['user']}, {SMTP_ENV['password']}, {SMTP_ENV['sender']})")
    port = int(os.environ.get(SMTP_ENV["port"]) or 587)
    user, password = os.environ.get(SMTP_ENV["user"]), os.environ.get(SMTP_ENV["password"])
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = os.environ.get(SMTP_ENV["sender"]) or "watchfloor@localhost"
    message["To"] = to
    message["Message-ID"] = message_id
    message.set_content(body)
    context = ssl.create_default_context(cafile=os.environ.get(SMTP_ENV["cafile"]) or None)
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise DeliveryError(f"SMTP server {host}:{port} does not offer STARTTLS; alerts are not sent in "
                                    "the clear")
            smtp.starttls(context=context)
            smtp.ehlo()
            if user and password:
                smtp.login(user, password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        text = str(exc)
        for secret in (password, user):
            if secret:
                text = text.replace(secret, "***")
        raise DeliveryError(f"SMTP {host}:{port}: {exc.__class__.__name__}: {text}") from None


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(url: str, payload: dict, secret_env: str, delivery_id: str, timeout: float = 10.0) -> None:
    from watchfloor.sources.http import Fetcher, SourceError
    secret = os.environ.get(secret_env or "")
    if not secret:
        raise DeliveryError(f"webhook {url}: set the environment variable {secret_env} to the webhook's HMAC secret")
    body = json.dumps(payload, default=str, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, body),
               DELIVERY_HEADER: delivery_id, "X-Watchfloor-Timestamp": str(int(time.time()))}
    fetcher = Fetcher(timeout=timeout, retries=1, backoff=0.2, secrets=[secret])
    try:
        fetcher.request("POST", url, body, headers)
    except SourceError as exc:
        raise DeliveryError(str(exc)) from None
