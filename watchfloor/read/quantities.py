"""Quantities: troops, fatalities, displaced, … with the subject they belong to ("Egypt … 1,035 troops").

A quantity is a number (digits or words) followed, within a few words, by a unit noun; the unit is
normalised (soldiers → troops, killed/dead → fatalities, IDPs → displaced). The subject is the actor or
country named nearest before it in the same sentence, or right after it ("troops from Chad").
"""
from __future__ import annotations

import re

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
          "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100, "a thousand": 1000,
          "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
          "dix": 10, "vingt": 20, "trente": 30, "cent": 100, "mille": 1000, "a dozen": 12, "dozen": 12}
_SCALE = {"thousand": 1000, "million": 1_000_000, "millions": 1_000_000, "mille": 1000, "k": 1000,
          "hundred": 100}
NUMBER = (r"(?:\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:thousand|million|millions|mille)\b)?"
          r"|(?:a\s+)?(?:hundred|thousand|dozen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
          r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
          r"|deux|trois|quatre|cinq|sept|huit|neuf|dix|vingt|trente|cent")
UNITS = {
    "troops": r"troops|soldiers|servicemen|service members|personnel|military personnel|peacekeepers|blue helmets|"
              r"gendarmes|police officers|policemen|mercenaries|instructors|military advisers|military advisors|"
              r"contractors|militaires|soldats|casques bleus|hommes",
    "fighters": r"fighters|militants|jihadists|insurgents|rebels|combatants|terrorists|assailants|gunmen|"
                r"combattants|jihadistes|terroristes|assaillants",
    "fatalities": r"killed|dead|deaths|fatalities|bodies|died|tués|morts|victimes",
    "displaced": r"displaced|displaced people|displaced persons|internally displaced people|internally displaced persons|"
                 r"IDPs|refugees|asylum seekers|déplacés|réfugiés",
    "injured": r"injured|wounded|blessés",
    "abducted": r"abducted|kidnapped|hostages|enlevés|otages",
    "civilians": r"civilians|villagers|residents|people|persons|individuals|civils|personnes|villageois",
    "vehicles": r"vehicles|trucks|pickups|pick-ups|armoured vehicles|armored vehicles|véhicules",
    "aircraft": r"aircraft|drones|helicopters|jets|avions|hélicoptères",
    "attacks": r"attacks|incidents|events|attaques",
}
_UNIT_ALT = "|".join(f"(?P<u_{k}>{v})" for k, v in UNITS.items())
QUANTITY_RE = re.compile(
    rf"(?<![\w.,])(?P<approx>(?:at least|about|around|some|nearly|almost|over|more than|up to|roughly|"
    rf"approximately|an estimated|au moins|environ|près de|plus de)\s+)?(?P<num>{NUMBER})\s+"
    rf"(?:(?!and\b|or\b|in\b|of\b|et\b)[\w'’-]+\s+){{0,2}}?(?:{_UNIT_ALT})\b", re.I)
_FATAL_AFTER = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:were|was|have been|had been|are)?\s*(?:killed|dead|died|massacred|"
                          r"executed|tués|morts)\b", re.I)
_DISPLACED_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:were|have been|had been|are)?\s*(?:displaced|fled|déplacés)\b", re.I)


def number_value(raw: str) -> int | None:
    s = " ".join(raw.lower().split())
    m = re.match(r"([\d,\u202f\u00a0 .]+?)\s*(thousand|million|millions|mille)?$", s)
    if m and m.group(1)[0].isdigit():
        digits = re.sub(r"[,\u202f\u00a0 ]", "", m.group(1))
        try:
            value = float(digits)
        except ValueError:
            return None
        return int(value * _SCALE.get(m.group(2) or "", 1))
    if s in _WORDS:
        return _WORDS[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in _WORDS and parts[1] in _WORDS:
        return _WORDS[parts[0]] + _WORDS[parts[1]]
    if s.startswith("a ") and s[2:] in _WORDS:
        return _WORDS[s[2:]]
    return None


def find_quantities(text: str, spans: list[tuple[int, int]], subjects: list[tuple[int, int, str]],
                    dates: list[dict] = ()) -> list[dict]:
    """Quantities inside `spans` (sentences); `subjects` are (start, end, name) of actors and countries."""
    date_spans = [(d["start"], d["end"]) for d in dates]
    out = []
    for s, e in spans:
        for m in QUANTITY_RE.finditer(text, s, e):
            if any(a <= m.start("num") < b for a, b in date_spans):
                continue
            value = number_value(m.group("num"))
            if value is None:
                continue
            unit = next(k[2:] for k, v in m.groupdict().items() if k.startswith("u_") and v)
            if unit in ("civilians", "troops", "fighters") and _FATAL_AFTER.match(text, m.end()):
                unit = "fatalities"
            elif unit == "civilians" and _DISPLACED_AFTER.match(text, m.end()):
                unit = "displaced"
            start = m.start("approx") if m.group("approx") else m.start("num")
            out.append({"text": text[start:m.end()], "value": value, "unit": unit,
                        "subject": _subject(text, s, e, start, m.end(), subjects),
                        "approximate": bool(m.group("approx")), "start": start, "end": m.end()})
    return out


def _subject(text: str, s: int, e: int, qs: int, qe: int, subjects) -> str | None:
    after = [(a, n) for a, b, n in subjects if qe <= a < min(e, qe + 40)]
    if after and re.match(r"\s*(?:\w+\s+){0,2}?(?:from|of|belonging to|de|du|des)\s+(?:the\s+)?$", text[qe:after[0][0]]):
        return after[0][1]
    before = [(b, n) for a, b, n in subjects if s <= a and b <= qs]
    if before:
        return max(before)[1]
    return after[0][1] if after else None
