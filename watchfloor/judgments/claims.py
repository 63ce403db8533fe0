"""Reading a claim structurally, by rules: event kind, actors, region, threshold, deadline.

"Fighting will very likely spread to Gao by December" (made 2020-06-10) ->
{event: fighting (state-based/non-state battles), regions: [Gao], threshold: >= 1 event, deadline: 2020-12-31}.
What the rules cannot read is kept as text for a person to resolve. The words are data
(watchfloor/data/judgment_claims.yaml); places, regions and actors come from the store.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache

import yaml
from dateutil.relativedelta import relativedelta

from watchfloor.config import DATA_DIR

CLAIM_WORDS_FILE = DATA_DIR / "judgment_claims.yaml"

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS.update({"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
               "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
               "décembre": 12, "decembre": 12})
MONTHS.pop("may")  # "may" is a hedge far more often than a month; "by May 2021" is still read below
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "dozens": 24,
                "a hundred": 100, "hundred": 100, "hundreds": 200, "a thousand": 1000, "thousands": 2000}
UNIT_DAYS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


@dataclass(frozen=True)
class Threshold:
    measure: str    # 'events' or 'fatalities'
    op: str         # '>=', '>' or '<'
    value: int

    def met(self, count: int) -> bool:
        return {">=": count >= self.value, ">": count > self.value, "<": count < self.value}[self.op]

    def __str__(self) -> str:
        return f"{self.op} {self.value} {self.measure}"


@dataclass
class Claim:
    """A claim read by the rules. `structured` when auto-resolution can judge it against events."""
    event: str | None = None
    violence_types: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)      # {id, name, names}
    regions: list[dict] = field(default_factory=list)     # {id, name, country}
    countries: list[str] = field(default_factory=list)    # ISO3, when the claim names a whole country
    threshold: Threshold = Threshold("events", ">=", 1)
    deadline: date | None = None
    deadline_rule: str | None = None
    structured: bool = False
    reason: str | None = None                             # why a person must resolve it

    def as_dict(self) -> dict:
        found = asdict(self)
        found["threshold"] = asdict(self.threshold)
        found["deadline"] = self.deadline.isoformat() if self.deadline else None
        return found

    @classmethod
    def from_dict(cls, found: dict) -> "Claim":
        known = {f.name for f in fields(cls)}
        found = {k: v for k, v in found.items() if k in known}  # tolerate keys other writers add
        found["threshold"] = Threshold(**found["threshold"]) if found.get("threshold") else Threshold("events", ">=", 1)
        found["deadline"] = date.fromisoformat(found["deadline"]) if found.get("deadline") else None
        return cls(**found)


@lru_cache(maxsize=1)
def claim_words() -> dict:
    return yaml.safe_load(CLAIM_WORDS_FILE.read_text(encoding="utf-8"))


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("’", "'").lower().split())


# -- places, regions and actors: n-gram lookups over the store's names -------------------------------
class Vocabulary:
    """Names of regions, places and actors from the store, for looking up a claim's n-grams."""

    def __init__(self, regions: list[dict], places: list[dict], actors: list[dict]):
        self.region_names: dict[str, list[dict]] = {}
        self.country_names: dict[str, str] = {}
        for r in regions:
            names = [r["name"]] + [n for n in (r.get("name_alt") or "").split("|") if n]
            for name in names:
                if r["level"] == 0:
                    self.country_names.setdefault(_key(name), r["country"])
                else:
                    self.region_names.setdefault(_key(name), []).append(
                        {"id": r["id"], "name": r["name"], "country": r["country"]})
        region_by_id = {r["id"]: r for r in regions}
        self.place_names: dict[str, list[dict]] = {}
        for p in places:  # most populous first, so the first candidate is the likeliest
            region = region_by_id.get(p["region_id"])
            if region is None or region["level"] == 0:
                continue
            entry = {"id": region["id"], "name": region["name"], "country": region["country"], "place": p["name"]}
            for name in [p["name"]] + [n for n in (p.get("alt_names") or "").split("|") if n]:
                if len(name) >= 3 and name[0].isupper():
                    self.place_names.setdefault(_key(name), []).append(entry)
        self.actor_names: dict[str, list[dict]] = {}
        self.actor_exact: dict[str, list[dict]] = {}
        place_keys = set(self.region_names) | set(self.country_names) | set(self.place_names)
        for a in actors:
            names = sorted({a["name"], *[n for n in (a.get("aliases") or "").split("|") if n]})
            entry = {"id": a["id"], "name": a["name"], "names": names}
            for name in names:
                if _key(name) in place_keys:
                    continue  # 'Mali' is a place in a claim's scope, not an actor
                if len(name) <= 5 or name.isupper():
                    self.actor_exact.setdefault(name, []).append(entry)  # abbreviations: as written
                else:
                    self.actor_names.setdefault(_key(name), []).append(entry)
        self.longest = max([len(k.split()) for k in [*self.region_names, *self.place_names, *self.actor_names,
                                                       *self.country_names]] + [1])

    def scan(self, text: str) -> tuple[list[dict], list[dict], list[str]]:
        """(actors, regions, countries) named in the text; the longest name at a position wins."""
        tokens = list(re.finditer(r"\w+(?:[-'’]\w+)*", text))
        taken: set[int] = set()
        actors: dict[str, dict] = {}
        regions: list[dict] = []
        countries: list[str] = []
        for n in range(min(self.longest, 6), 0, -1):
            for i in range(len(tokens) - n + 1):
                if taken & set(range(i, i + n)):
                    continue
                span = text[tokens[i].start():tokens[i + n - 1].end()]
                key = _key(span)
                found = self._lookup(span, key)
                if found is None:
                    continue
                kind, hit = found
                taken |= set(range(i, i + n))
                if kind == "actor":  # every actor answering to this name (dictionary and UCDP entries)
                    merged = {"id": hit[0]["id"], "name": hit[0]["name"],
                              "names": sorted({name for entry in hit for name in entry["names"]})}
                    actors.setdefault(merged["name"], merged)
                elif kind == "country":
                    countries.append(hit)
                else:
                    regions.append(hit)
        regions = self._disambiguate(regions, countries)
        return list(actors.values()), regions, [c for c in dict.fromkeys(countries)]

    def _lookup(self, span: str, key: str):
        if span in self.actor_exact:
            return "actor", self.actor_exact[span]
        capitalised = span[:1].isupper()
        if capitalised and key in self.region_names:
            return "region", self.region_names[key]
        if capitalised and key in self.country_names:
            return "country", self.country_names[key]
        if key in self.actor_names:
            return "actor", self.actor_names[key]
        if capitalised and key in self.place_names:
            return "place", self.place_names[key]
        return None

    @staticmethod
    def _disambiguate(candidates: list[list[dict]], countries: list[str]) -> list[dict]:
        """One region per name: in a country the claim names, else where other names agree, else the first."""
        context = set(countries) | {c[0]["country"] for c in candidates if len(c) == 1}
        chosen = []
        for options in candidates:
            pick = next((o for o in options if o["country"] in context), options[0])
            if pick["id"] not in {c["id"] for c in chosen}:
                chosen.append({k: pick[k] for k in ("id", "name", "country")})
        return chosen


# -- event kind and threshold ------------------------------------------------------------------------
def _phrase_pattern(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def find_event(text: str) -> dict | None:
    """The event kind whose longest word occurs in the text."""
    best = None
    for kind in claim_words()["events"]:
        for word in kind["words"]:
            flags = 0 if word.isupper() else re.I
            if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, flags):
                if best is None or len(word) > len(best[1]):
                    best = (kind, word)
    return best[0] if best else None


_NUM = r"(\d{1,3}(?:,\d{3})+|\d+|" + _phrase_pattern(list(NUMBER_WORDS)) + r")"
_OPS = [(r"more than|over|above|exceeding|in excess of|upwards of|plus de", ">"),
        (r"at least|no fewer than|no less than|a minimum of|au moins", ">="),
        (r"fewer than|less than|under|below|moins de", "<")]


def _number(word: str) -> int:
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word.replace(",", ""))


def find_threshold(text: str) -> Threshold:
    words = claim_words()
    fatal = _phrase_pattern(words["fatality_words"])
    countable = _phrase_pattern(words["event_count_words"] + [w for k in words["events"] for w in k["words"]])
    # fatalities reach further: 'more than 100 civilians will very likely be killed'
    for measure, nouns, gap in (("fatalities", fatal, 5), ("events", countable, 2)):
        pattern = (r"(?:\b(" + "|".join(o for o, _ in _OPS) + r")\s+)?\b" + _NUM +
                   r"(\s+or more)?\s+(?:[\w-]+\s+){0,%d}?(?:" % gap + nouns + r")(?!\w)")
        for m in re.finditer(pattern, text, re.I):
            value = _number(m.group(2))
            if not m.group(1) and 1900 <= value <= 2100 and m.group(2).isdigit():
                continue  # a year ('in 2021 attacks ...'), not a count
            op = next((sym for ops, sym in _OPS if m.group(1) and re.fullmatch(ops, m.group(1), re.I)), ">=")
            return Threshold(measure, op, value)
    if re.search(r"\bno (?:(?:new|further|more|major|significant)\s+)?(?:" + countable + r")(?!\w)", text, re.I):
        return Threshold("events", "<", 1)
    return Threshold("events", ">=", 1)


# -- deadline ----------------------------------------------------------------------------------------
def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_pattern() -> str:
    return _phrase_pattern(list(MONTHS) + ["may"])


def _month_number(word: str) -> int:
    return 5 if word.lower() == "may" else MONTHS[word.lower()]


def _words(kind: str) -> list[str]:
    return list(claim_words().get("deadline_words", {}).get(kind, []))


def _anchored_deadline(t: str, made_at: date) -> tuple[date, str] | None:
    """'before the elections in July' → the end of July (the event's month; its day is not stated)."""
    months = _month_pattern()
    m = re.search(r"(?<!\w)(?:" + _phrase_pattern(_words("event_anchor")) + r")\s+(?:the\s+|a\s+|les?\s+|la\s+)?"
                  r"(?:[\w'’-]+\s+){1,5}?(?:" + _phrase_pattern(_words("anchor_links")) + r")\s+(" + months +
                  r")(?:\s+((?:19|20)\d\d))?\b", t, re.I)
    if not m or (m.group(1).lower() == "may" and not m.group(2)):
        return None
    month = _month_number(m.group(1))
    year = int(m.group(2)) if m.group(2) else (made_at.year if month >= made_at.month else made_at.year + 1)
    return month_end(year, month), f"stated: {m.group(0)} (the end of the event's month)"


def find_deadline(text: str, made_at: date, horizons: dict[str, int]) -> tuple[date, str] | None:
    """The deadline a claim states, relative to when it was made, with the rule that read it."""
    t = " ".join(text.split())
    months = _month_pattern()
    inclusive, exclusive = _words("inclusive") or ["by"], _words("exclusive") or ["before", "until"]
    exclusive_keys = {w.lower() for w in exclusive}
    connective = _phrase_pattern(inclusive + exclusive)
    year_end = re.search(r"(?<!\w)(?:" + connective + r")\s+(?:the\s+)?(?:end|close|fin)\s+(?:of\s+|de\s+)?"
                         r"(?:the\s+|l')?(year|this year|année|month|quarter)\b", t, re.I)
    if year_end:
        unit = year_end.group(1).lower()
        if unit == "month":
            return month_end(made_at.year, made_at.month), f"stated: {year_end.group(0)}"
        if unit == "quarter":
            q_month = ((made_at.month - 1) // 3 + 1) * 3
            return month_end(made_at.year, q_month), f"stated: {year_end.group(0)}"
        return date(made_at.year, 12, 31), f"stated: {year_end.group(0)}"
    dated = re.finditer(r"(?<!\w)(" + connective + r")\s+(?:the\s+)?(?:(end|close|fin|mid|middle|early|start)[\s-]+"
                        r"(?:of\s+|de\s+)?)?(" + months + r")?\s*((?:19|20)\d\d)?\b", t, re.I)
    # the first 'by' that names a month or year ('attacks by JNIM ... by March 2021'); bare 'by May' is a hedge
    m = next((d for d in dated if (d.group(3) or d.group(4))
              and not (d.group(3) and d.group(3).lower() == "may" and not d.group(4))), None)
    if m:
        word = " ".join(m.group(1).lower().split())
        part = (m.group(2) or "").lower()
        year = int(m.group(4)) if m.group(4) else None
        if m.group(3):
            month = _month_number(m.group(3))
            if year is None:
                year = made_at.year if month >= made_at.month else made_at.year + 1
            if word in exclusive_keys and not part:
                return month_end(year, month) - relativedelta(months=1) + relativedelta(day=31), f"stated: {m.group(0)}"
            return month_end(year, month), f"stated: {m.group(0)}"
        if part in ("mid", "middle"):
            return date(year, 6, 30), f"stated: {m.group(0)}"
        if part in ("early", "start"):
            return date(year, 3, 31), f"stated: {m.group(0)}"
        if word in exclusive_keys and not part:
            return date(year - 1, 12, 31), f"stated: {m.group(0)}"
        return date(year, 12, 31), f"stated: {m.group(0)}"
    anchored = _anchored_deadline(t, made_at)
    if anchored:
        return anchored
    m = re.search(r"\b(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?" + _NUM +
                  r"\s+(day|week|month|year)s?\b", t, re.I)
    if m:
        return made_at + relativedelta(**{UNIT_DAYS[m.group(2).lower()]: _number(m.group(1))}), f"stated: {m.group(0)}"
    m = re.search(r"\b(?:within|in|over|during)\s+the\s+next\s+(day|week|month|year|quarter)\b", t, re.I)
    if m:
        unit = m.group(1).lower()
        step = relativedelta(months=3) if unit == "quarter" else relativedelta(**{UNIT_DAYS[unit]: 1})
        return made_at + step, f"stated: {m.group(0)}"
    m = re.search(r"\b(this|next)\s+(month|year)\b", t, re.I)
    if m:
        ahead = 1 if m.group(1).lower() == "next" else 0
        if m.group(2).lower() == "year":
            return date(made_at.year + ahead, 12, 31), f"stated: {m.group(0)}"
        first = date(made_at.year, made_at.month, 1) + relativedelta(months=ahead)
        return month_end(first.year, first.month), f"stated: {m.group(0)}"
    lowered = t.lower().replace("’", "'")
    for context, spec in claim_words()["deadline_contexts"].items():
        for phrase in spec["phrases"]:
            if re.search(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)", lowered):
                days = int(horizons.get(context, spec["days"]))
                return made_at + timedelta(days=days), f"default: {context} ({days} days)"
    return None


# -- the whole claim ----------------------------------------------------------------------------------
def read_claim(text: str, made_at: date, vocabulary: Vocabulary, horizons: dict[str, int],
               default_days: int) -> Claim:
    """Everything the rules can read; `structured` only when events can decide the claim."""
    claim = Claim()
    deadline = find_deadline(text, made_at, horizons)
    if deadline is None:
        claim.deadline, claim.deadline_rule = made_at + timedelta(days=default_days), \
            f"default: none stated ({default_days} days)"
    else:
        claim.deadline, claim.deadline_rule = deadline
    claim.actors, claim.regions, claim.countries = vocabulary.scan(text)
    kind = find_event(text)
    claim.threshold = find_threshold(text)
    if kind is None and claim.threshold.measure == "fatalities":
        kind = next(k for k in claim_words()["events"] if k["label"] == "violence")  # 'more than 100 deaths'
    if kind is None:
        claim.reason = "no event kind the events can show (fighting, attacks, violence, ...)"
    elif kind.get("resolvable") is False:
        claim.event = kind["label"]
        claim.reason = f"no stored data counts {kind['label']}"
    else:
        claim.event = kind["label"]
        claim.violence_types = list(kind.get("violence_types") or [])
        claim.event_types = list(kind.get("event_types") or [])
        if claim.regions or claim.countries or claim.actors:
            claim.structured = True
        else:
            claim.reason = "no region, country or actor to look for events in"
    return claim
