"""The alert's words: the first lines of a warning in our ICD 203 language (what was observed, plainly; how
serious, in the warning's own scale), with links to the evidence."""
from __future__ import annotations

import os

SEVERITY_WORDS = {1: "NOTE", 2: "WARNING", 3: "IMMINENT WARNING"}
BASE_URL_ENV = "WATCHFLOOR_BASE_URL"


def compose(trigger, country: str) -> dict:
    """Title, body and evidence of the alert for one trigger."""
    base = os.environ.get(BASE_URL_ENV, "http://127.0.0.1:8000").rstrip("/")
    where = ", ".join(x for x in (trigger.region, country) if x)
    title = f"{SEVERITY_WORDS.get(trigger.severity, 'WARNING')}: {trigger.label} — {where} ({trigger.month:%B %Y})"
    links = []
    for item in trigger.evidence[:10]:
        if item.get("type") == "event":
            links.append(f"{base}/events?id={item['id']}")
        elif item.get("type") == "report":
            links.append(item.get("url") or f"{base}/api/reports/{item['id']}")
        elif item.get("type") == "fact":
            links.append(f"{base}/api/reports/{str(item.get('report') or item['id']).split(':')[0]}")
        else:
            links.append(f"{item.get('type')}: {item.get('id')}")
    sources = ", ".join(s for s in trigger.sources if s) or "stored data"
    body = "\n".join([title, "", f"{trigger.summary}.", f"Recorded by: {sources}.", "",
                      "Evidence:", *[f"  {link}" for link in links]])
    return {"kind": trigger.kind, "severity": trigger.severity, "country": country, "region": trigger.region,
            "month": trigger.month, "title": title, "body": body, "evidence": trigger.evidence}
