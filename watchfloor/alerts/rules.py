"""Alert rules: who is told about what, and how."""
from __future__ import annotations

from dataclasses import dataclass, field

CHANNELS = ("email", "webhook", "in-app")


@dataclass
class AlertRule:
    name: str
    owner: str                                   # a user or a team
    channel: str                                 # email, webhook, in-app
    target: str | None = None                    # an address or a URL
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)   # trigger kinds ('mass_casualty') or families ('escalation')
    min_severity: int = 1
    secret_env: str | None = None                # webhook: the environment variable holding the HMAC secret
    digest: bool = False
    enabled: bool = True

    def check(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"channel {self.channel!r}: expected one of {', '.join(CHANNELS)}")
        if self.channel != "in-app" and not self.target:
            raise ValueError(f"a {self.channel} rule needs a target (an address or a URL)")
        if self.channel == "webhook" and not self.secret_env:
            raise ValueError("a webhook rule needs --secret-env NAME: the environment variable holding its "
                             "HMAC secret (the secret itself is never stored)")
        if not 1 <= self.min_severity <= 3:
            raise ValueError("min severity: expected 1 (note), 2 (warning) or 3 (imminent)")


def matches(rule: dict, trigger, country: str) -> bool:
    """Does a stored rule (a row of alert_rules) want this trigger?"""
    if trigger.severity < rule["min_severity"]:
        return False
    if rule["countries"] and country.upper() not in {c.upper() for c in rule["countries"]}:
        return False
    if rule["regions"] and not ({trigger.region_id, trigger.region} & set(rule["regions"])):
        return False
    if rule["kinds"] and not ({trigger.kind, trigger.family} & set(rule["kinds"])):
        return False
    return True
