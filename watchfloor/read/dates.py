"""Dates in running text, absolute and relative, resolved against the publication date.

Each found date is {text, value, precision, start, end}: value is 'YYYY-MM-DD' (day), 'YYYY-MM'
(month), 'YYYY' (year), 'YYYY-MM-DD/YYYY-MM-DD' (a week or other range); precision says which. One regex
for the whole document (no per-token parser calls).
"""
from __future__ import annotations

import bisect
import calendar
import re
from datetime import date, timedelta

from watchfloor.read.matching import (ENGLISH_MONTHS, ENGLISH_WEEKDAYS, FRENCH_WEEKDAYS, finditer_at, first_word,
                                      trie_regex, word_index, word_starts)
from watchfloor.read.prefilter import first_ascii, first_runs
from watchfloor.read.quantities import _WORDS as _NUMBER_WORDS

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}

# (and the French abbreviations: "13 fév.", "3 juil.")
_MONTH = r"(?:" + ENGLISH_MONTHS + "|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|" \
         r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|" \
         r"janv\.?|f[ée]vr?\.?|avr\.?|juil\.?|d[ée]c\.?)"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
_WEEKDAY = r"(?:" + ENGLISH_WEEKDAYS + "|" + FRENCH_WEEKDAYS + ")"
# A weekday written before a day of the month, in full or short ("Sat 5", "dimanche 5")
_WD_BEFORE_DAY = r"(?:(?:Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.?|" + _WEEKDAY + r")\s+"
_PART = r"(?:early|mid|late|the end of|the beginning of|the start of|the middle of|début|fin|mi)[- ]?"

PATTERNS = [
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("dmy_num", r"\b(?P<d>0?[1-9]|[12]\d|3[01])/(?P<mo>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d)\b"),
    ("range_dm_dm", rf"\b(?:(?:between|from)\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?\s*(?:and|to|until|-|–|au)\s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_md_md", rf"\b(?:(?:between|from)\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:and|to|until|-|–)\s*(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    # ("between 19 and 21 October", "entre le 19 et le 21 octobre", "Sat 5 – Sun 6 Mar", "le dimanche 5 et le lundi 6 juin")
    ("range_days", rf"\b(?:(?:between|from|entre|du)\s+(?:le\s+)?)?(?:{_WD_BEFORE_DAY})?(?P<d1>{_DAY})\s*"
                   rf"(?:and|to|-|–|au|et)\s*(?:le\s+)?(?:{_WD_BEFORE_DAY})?(?P<d2>{_DAY})\s+(?P<m>{_MONTH})"
                   rf"(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_mdays", rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:-|–|and|to)\s*(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_years", rf"\b(?:between|from)\s+(?P<y1>{_YEAR})\s+(?:and|to|until)\s+(?P<y2>{_YEAR})\b"),
    ("range_years_dash", rf"\b(?P<y1>{_YEAR})\s*[-–/]\s*(?P<y2>{_YEAR}|\d\d)\b(?!-)"),
    # ("from March to June 2023", "from October to January", "entre juin et juillet")
    ("range_months", rf"\b(?:between|from|entre)\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?\s+(?:and|to|until|et)\s+"
                     rf"(?P<m2>{_MONTH})(?:\s+(?P<y2>{_YEAR})\b|\b(?!,?\s+\d))"),
    ("mdy", rf"\b(?:{_WEEKDAY},?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b(?!\s*(?:people|troops|soldiers|%|percent))"
            rf"(?!\s+{_MONTH}\b)"),          # ("Mar. 4 fév.": Tuesday 4 February)
    ("dmy", rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("my", rf"\b(?:(?P<part>{_PART})\s*)?(?P<m>{_MONTH})(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))\b"),
    # a month named alone, after a word that makes it a date ("in May", "fin juillet", "the end of March", "depuis le
    # mois d'août"): "May" only capitalised (not the verb) and French names in lower case only, as French writes
    # them ("Mai Kadra" and "Mars" are names)
    ("m_alone", rf"\b(?:(?P<part>{_PART})\s*|(?:in|since|during|until|by|to|from|last|this|next|previous|en|depuis)"
                r"[- ]\s*|d['’]\s*|(?:le|au)\s+mois\s+d(?:e\s+|['’])|la\s+(?:fin|mi)[- ]?(?:de\s+|d['’])?|"
                r"le\s+début\s+(?:de\s+|d['’])?)"
                r"(?P<m>(?:January|February|March|April|(?-i:May)|June|July|August|September|October|November|December|"
                r"janvier|f[ée]vrier|(?-i:mars|mai|ao[uû]t)|avril|juin|juillet|septembre|octobre|novembre|d[ée]cembre))"
                r"\b(?!,?\s+(?:of\s+)?\d)(?!\s*(?:to|until|till|-|–|au|à)\s+(?:the\s+|le\s+)?\d)"),
    ("year", rf"\b(?:(?:in|since|by|until|during|from|before|after|throughout|of|early|late|mid|end of|en|depuis|fin|début|année)\s+)(?:(?:early|late|mid)[- ])?(?P<y>{_YEAR})\b(?!\s*(?:troops|soldiers|people|fighters|civilians|km|kilom))"),
    ("mid_year", rf"\bmid[- ](?P<y>{_YEAR})\b"),
    ("next_n", r"\b(?:in |over |within |during )?the (?:next|coming|following) (?:(?P<n1>\d{1,2}|a few|few|two|three|four|five|six|"
               r"seven|eight|nine|ten|eleven|twelve)\s+(?:to|or|-|–)\s+)?(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|"
               r"nine|ten|eleven|twelve|eighteen|twenty-four)\s+(?P<unit>days|weeks|months|years)\b"),
    ("relative", r"\b(?P<rel>before the end of the year|by the end of the year|by (?:the )?year'?s end|"
                 r"d'ici la fin de l'année|avant la fin de l'année|the (?:next|coming) (?:year|twelve months|12 months|month)|"
                 r"next month|next year|le mois prochain|l'an prochain|l'année prochaine|"
                 r"l'an dernier|l'an passé|l'année passée|"
                 # the start or end of the year or month of publication
                 r"(?:le\s+|la\s+)?(?:début|fin)\s+de\s+l'année|en\s+(?:début|fin)\s+d'année|"
                 r"(?:at\s+)?the\s+(?:start|beginning|end)\s+of\s+the\s+year|earlier\s+in\s+the\s+year|"
                 r"(?:le\s+|la\s+)?(?:début|fin)\s+du\s+mois|(?:at\s+)?the\s+(?:start|beginning|end)\s+of\s+the\s+month|"

                 r"yesterday|today|tonight|last night|this morning|last week|this week|past week|last month|this month|"
                 r"(?:the|ce|le)\s+week-?end|"
                 r"earlier this month|earlier this year|this year|last year|the previous week|the previous day|"
                 r"la semaine dernière|le mois dernier|l'année dernière|hier|aujourd'hui|cette semaine|ce mois-ci|cette année)\b"),
    # "la nuit de mardi à mercredi", "the night of Thursday to Friday", "on Friday and Saturday": two days
    ("range_wd", rf"\b(?:(?:la\s+nuit\s+(?:de|du)|the\s+night\s+of|overnight)\s+(?P<wd1>{_WEEKDAY})\s+(?:à|au|to|into)|"
                 rf"(?:on\s+)?(?P<wd1b>{_WEEKDAY})\s+(?:and|et))\s+(?P<wd2>{_WEEKDAY})\b"),
    # a weekday, bare too ("dimanche", "Lundi, l'armée …", "since Tuesday"), not a feast's or a prayer's name
    ("weekday", rf"\b(?:(?:on|last|this|ce|le)\s+)?(?<!Good )(?<!Black )(?<!Holy )(?<!Bloody )(?P<wd>{_WEEKDAY})\b"
                rf"(?!\s+(?:prayers?|sermons?|market|noir|noire))"),
    ("bare_year", rf"(?<![\w/.,:#-])(?P<y>{_YEAR})(?![\w/%-]|[.,]\d|\s*(?:troops|soldiers|people|fighters|civilians|km|kilom))"),
    # (not a duration: "un deuil national de trois jours après l'attaque", "for two days after the raid")
    ("after", r"\b(?:(?<!\bde\s)(?<!\bof\s)(?<!\bfor\s)(?<!\bpendant\s)(?<!\bdurant\s)"
              r"(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|un|une|deux|trois|quatre|cinq|sept|huit|"
              r"neuf|dix|\d{1,2})\s+(?:(?P<unit>days?|jours?)\s+(?P<dir>later|earlier|before|after|plus\s+tard|plus\s+tôt|"
              r"après|auparavant|avant)|(?P<wunit>weeks?|semaines?)\s+(?P<wdir>later|earlier|plus\s+tard|plus\s+tôt|"
              r"auparavant))|"
              r"(?:the )?(?P<next>next|following|previous|preceding) (?:day|morning|afternoon|evening|night)|"
              r"the day (?P<dir2>before|after)|"
              r"(?P<fr>la veille|le lendemain)|(?P<same>the same day|le même jour|ce jour-là))\b"),
]
DATE_RE = re.compile("|".join(f"(?P<{name}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', pat)})" for name, pat in PATTERNS),
                     re.I)
_GROUPS = {name: re.compile(pat, re.I) for name, pat in PATTERNS}


def _by_first_character() -> dict[str, re.Pattern | None]:
    """For each ASCII character, DATE_RE less the patterns that cannot start with it (in the same order, so a
    match there is DATE_RE's: the same text and `lastgroup`); None where none can. Other characters: DATE_RE."""
    firsts = {name: first_ascii(pat, re.I) for name, pat in PATTERNS}
    out: dict[str, re.Pattern | None] = {}
    for code in range(128):
        ch = chr(code)
        names = [name for name, _ in PATTERNS if firsts[name] is None or ch in firsts[name]]
        if len(names) == len(PATTERNS):
            out[ch] = DATE_RE
        elif names:
            out[ch] = re.compile("|".join(f"(?P<{name}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', pat)})"
                                          for name, pat in PATTERNS if name in names), re.I)
        else:
            out[ch] = None
    return out


_DATE_RE_AT = _by_first_character()
_FIRST_CHARACTERS = {name: first_ascii(pat, re.I) for name, pat in PATTERNS}
_FIRST_RUNS = {name: first_runs(pat, re.I) for name, pat in PATTERNS}
_DATE_RE_OF: dict[tuple[str, ...], re.Pattern | None] = {}      # the patterns kept → their alternation
_DATE_RE_BY_WORD: dict[str, re.Pattern | None] = {}              # a word → DATE_RE less what cannot open with it


def _opens_with(name: str, word: str) -> bool:
    runs = _FIRST_RUNS[name]
    return runs is None or word in runs[0] or word.startswith(tuple(runs[1]))


def _date_re_by_word(word: str) -> re.Pattern | None:
    """For a word of ASCII letters, DATE_RE less the patterns that cannot start with it (its first character or
    the whole word rules them out), in the same order: a match there is DATE_RE's (the same text and
    `lastgroup`); None where none can. (Other words: `_DATE_RE_AT`, by the first character.)"""
    low = word.lower()
    names = tuple(name for name, _ in PATTERNS if (_FIRST_CHARACTERS[name] is None or word[0] in _FIRST_CHARACTERS[name])
                  and _opens_with(name, low))
    if names not in _DATE_RE_OF:
        _DATE_RE_OF[names] = DATE_RE if len(names) == len(PATTERNS) else None if not names else \
            re.compile("|".join(f"(?P<{name}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', pat)})"
                                for name, pat in PATTERNS if name in names), re.I)
    if len(_DATE_RE_BY_WORD) > 100_000:
        _DATE_RE_BY_WORD.clear()
    _DATE_RE_BY_WORD[word] = rx = _DATE_RE_OF[names]
    return rx


def _month(s: str) -> int:
    key = s.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key.replace("û", "u").replace("é", "e")]


_NON_DIGITS = re.compile(r"\D")


def _day(s: str) -> int:
    return int(_NON_DIGITS.sub("", s))


def _infer_year(month: int, day: int | None, published: date | None) -> int | None:
    """A date written without its year belongs to the publication year unless that puts it after publication."""
    if published is None:
        return None
    y = published.year
    probe = date(y, month, min(day or 1, calendar.monthrange(y, month)[1]))
    return y - 1 if probe > published else y


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_span(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def resolve(kind: str, g: dict, published: date | None) -> tuple[str | None, str]:
    """(value, precision) for one match of pattern `kind` with its named groups."""
    if kind in ("iso", "dmy_num"):
        return _iso(int(g["y"]), int(g["mo"]), int(g["d"])), "day"
    if kind in ("mdy", "dmy"):
        m, d = _month(g["m"]), _day(g["d"])
        y = int(g["y"]) if g.get("y") else _infer_year(m, d, published)
        return (_iso(y, m, d) if y else None), "day"
    if kind == "my":
        return _month_span(int(g["y"]), _month(g["m"])), "month"
    if kind == "m_alone":
        m = _month(g["m"])
        y = _infer_year(m, None, published)
        return (_month_span(y, m) if y else None), "month"
    if kind in ("year", "bare_year"):
        return g["y"], "year"
    if kind == "mid_year":
        return f"{g['y']}-06", "month"
    if kind == "range_dm_dm" or kind == "range_md_md":
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        y2 = int(g["y"]) if g.get("y") else _infer_year(m2, d2, published)
        if not y2:
            return None, "range"
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if (m1, d1) > (m2, d2) else y2)
        a, b = _iso(y1, m1, d1), _iso(y2, m2, d2)
        return (f"{a}/{b}" if a and b else None), "range"
    if kind == "range_years":
        return f"{g['y1']}/{g['y2']}", "range"
    if kind == "range_years_dash":
        y1, y2 = int(g["y1"]), g["y2"]
        y2i = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        return (f"{y1}/{y2i}", "range") if y1 < y2i <= y1 + 30 else (None, "range")
    if kind in ("range_days", "range_mdays"):
        m = _month(g["m"])
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        y = int(g["y"]) if g.get("y") else _infer_year(m, d1, published)
        a, b = (_iso(y, m, d1), _iso(y, m, d2)) if y else (None, None)
        return (f"{a}/{b}" if a and b else None), "range"
    if kind == "range_months":
        y2 = int(g["y2"]) if g.get("y2") else _infer_year(_month(g["m2"]), None, published)
        if y2 is None:
            return None, "range"
        y1 = int(g["y1"]) if g.get("y1") else y2
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        if not g.get("y1") and m1 > m2:
            y1 -= 1
        return f"{_month_span(y1, m1)}/{_month_span(y2, m2)}", "range"
    if kind == "relative":
        return _relative(g["rel"].lower(), published)
    if kind == "next_n":
        if published is None:
            return None, "range"
        n = _COUNT.get(g["n"].lower()) or int(g["n"])
        days = {"days": 1, "weeks": 7}.get(g["unit"].lower())
        if days:
            later = published + timedelta(days=n * days)
        else:
            months = n * (12 if g["unit"].lower() == "years" else 1)
            y, m = divmod(published.month - 1 + months, 12)
            y += published.year
            later = date(y, m + 1, min(published.day, calendar.monthrange(y, m + 1)[1]))
        return f"{published.isoformat()}/{later.isoformat()}", "range"
    if kind == "weekday":
        if published is None:
            return None, "day"
        back = (published.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        return (published - timedelta(days=back)).isoformat(), "day"
    if kind == "range_wd":
        if published is None:
            return None, "range"
        wd1, wd2 = WEEKDAYS[(g.get("wd1") or g["wd1b"]).lower()], WEEKDAYS[g["wd2"].lower()]
        second = published - timedelta(days=(published.weekday() - wd2) % 7)
        first = second - timedelta(days=(wd2 - wd1) % 7 or 7)
        return f"{first.isoformat()}/{second.isoformat()}", "range"
    return None, "day"


def _month_after(p: date) -> tuple[int, int]:
    """(year, month) of the month after p's."""
    return (p.year + 1, 1) if p.month == 12 else (p.year, p.month + 1)


def _relative(rel: str, p: date | None) -> tuple[str | None, str]:
    if p is None:
        return None, "day"
    if "end of the year" in rel or "year's end" in rel or "years end" in rel or "fin de l'année" in rel:
        return str(p.year), "year"      # "by the end of the year" is this year, as "this year" is (the labels' rule)
    if rel in ("the next month", "the coming month"):
        y, m = _month_after(p)
        later = date(y, m, min(p.day, calendar.monthrange(y, m)[1]))
        return f"{p.isoformat()}/{later.isoformat()}", "range"
    if rel.startswith("the next") or rel.startswith("the coming"):
        try:
            later = p.replace(year=p.year + 1)
        except ValueError:
            later = p + timedelta(days=365)
        return f"{p.isoformat()}/{later.isoformat()}", "range"
    if rel in ("yesterday", "last night", "the previous day", "hier"):
        return (p - timedelta(days=1)).isoformat(), "day"
    if rel in ("today", "tonight", "this morning", "aujourd'hui"):
        return p.isoformat(), "day"
    if rel in ("last week", "past week", "the previous week", "la semaine dernière"):
        monday = p - timedelta(days=p.weekday() + 7)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "range"
    if "week" in rel and "end" in rel:          # "the weekend": the last Saturday and Sunday
        sunday = p - timedelta(days=(p.weekday() - 6) % 7)
        return f"{(sunday - timedelta(days=1)).isoformat()}/{sunday.isoformat()}", "range"
    if rel in ("this week", "cette semaine"):
        monday = p - timedelta(days=p.weekday())
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "range"
    if rel in ("last month", "le mois dernier"):
        y, m = (p.year, p.month - 1) if p.month > 1 else (p.year - 1, 12)
        return _month_span(y, m), "month"
    if rel in ("this month", "earlier this month", "ce mois-ci") or rel.endswith((" du mois", " the month")):
        return _month_span(p.year, p.month), "month"
    if rel in ("next month", "le mois prochain"):
        return _month_span(*_month_after(p)), "month"
    if rel in ("last year", "l'année dernière", "l'an dernier", "l'an passé", "l'année passée"):
        return str(p.year - 1), "year"
    if rel in ("next year", "l'an prochain", "l'année prochaine"):
        return str(p.year + 1), "year"
    return str(p.year), "year"


# Every date expression holds a digit, a month or weekday name or a relative word, and starts at most three
# words before it ("between 3 and 5 September", "the beginning of March 2023"): the big regex is only tried
# at those word starts, left to right — the same matches as scanning the whole text, much faster.
_ANCHOR_WORDS = ("jan feb mar apr may jun juin jul aug sep oct nov dec janv fev avr mai juil aou dec monday tuesday "
                 "wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
                 "yesterday today tonight last this past earlier previous hier aujourd cette day days veille "
                 "lendemain end fin next coming year weekend week-end jour week semaine start beginning debut").split() + ["ce mois", "la semaine", "le mois",
                                                                                         "l'an"]
# Matched on the folded text (lower case, no accents): digits, or a word starting with an anchor word.
# (a trie of the words, longest first: the same matches as the plain alternation, found faster)
_ANCHOR_RE = re.compile(r"\d+|(?<!\w)(?:" + trie_regex(_ANCHOR_WORDS) + ")")
_WORD_START = re.compile(r"(?<!\w)\w")
# A word an anchor can open: one that starts with a one-word anchor ("mar" opens "march"), or the first word of
# a longer one ("ce" of "ce mois", "l" of "l'annee").
_ONE_WORD_ANCHORS = tuple(w for w in _ANCHOR_WORDS if w.isalnum())
_FIRST_OF_LONGER = {first_word(w) for w in _ANCHOR_WORDS if not w.isalnum()}
_ANCHOR_OFFSETS: dict[str, tuple[int, ...]] = {}      # word → where in it an anchor match may start, kept


def _anchor_offsets(word: str) -> tuple[int, ...]:
    """Where in a word of the folded text an _ANCHOR_RE match may start: its first digit of each run of digits
    (`\\d+` may start inside a word: "k9"), and its start if it opens an anchor word."""
    found = {k for k, ch in enumerate(word) if ch.isdecimal() and (k == 0 or not word[k - 1].isdecimal())}
    if word.startswith(_ONE_WORD_ANCHORS) or word in _FIRST_OF_LONGER:
        found.add(0)
    if len(_ANCHOR_OFFSETS) > 100_000:
        _ANCHOR_OFFSETS.clear()
    _ANCHOR_OFFSETS[word] = offsets = tuple(sorted(found))
    return offsets


def _anchors(low: str, s: int, e: int):
    """What `_ANCHOR_RE.finditer(low, s, e)` yields, the regex tried only where a match may start (from the
    text's shared word index) in a long text: the leading lookbehind kept `re` from skipping ahead."""
    index = word_index(low)
    if index is None:
        return _ANCHOR_RE.finditer(low, s, e)
    starts = []
    for word, at in index.items():
        offsets = _ANCHOR_OFFSETS.get(word)
        if offsets is None:
            offsets = _anchor_offsets(word)
        if offsets == (0,):
            starts += at
        elif offsets:
            starts += [p + k for p in at for k in offsets]
    starts.sort()
    return finditer_at(_ANCHOR_RE, low, [s] + starts, s, e)      # (a span may open inside a run of digits)


_LOOKBACK_WORDS = 3
_FIRST_WORD = re.compile(r"\w+")
# Words a date expression can start with, other than its anchor (digits, month and weekday names).
_STARTERS = {"a", "to", "one", "two", "three", "four", "five", "six", "seven", "la", "le", "between", "from", "in", "since", "during", "until", "by", "last", "this", "next", "early", "late",
             "mid", "en", "depuis", "d", "on", "le", "ce", "the", "of", "before", "after", "throughout", "end",
             "fin", "début", "debut", "année", "annee", "mi", "beginning", "start", "middle", "avant", "overnight",
             "following", "previous", "preceding", "same", "meme", "même", "entre", "eight", "nine", "ten", "un", "une",
             "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "at", "earlier"} | set(MONTHS) | set(WEEKDAYS)


_MONTH_NEAR = re.compile(r"jan|feb|fev|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|nov|dec")


def _digits_can_date(low: str, a: int, b: int) -> bool:
    """Whether the digits low[a:b] can belong to a date: a year, a day beside a month name, a numeric date
    or 'N days later'. '12 soldiers', '1,035', '[3]' cannot — the big regex is not tried there."""
    n = b - a
    nxt = low[b:b + 1]
    if nxt in (",", ".") and low[b + 1:b + 2].isdigit() and n <= 3 and not (n == 2 and nxt == "."):
        return False                     # "1,035", "2.5"
    if n == 4:
        return low[a:a + 2] in ("19", "20")
    if n > 4 or n == 3:
        return False
    if nxt in ("/", "-", ".") or low[a - 1:a] in ("/", "-"):
        return True
    if "day" in low[b:b + 8] or "jour" in low[b:b + 8] or "week" in low[b:b + 8] or "semaine" in low[b:b + 10]:
        return True
    return bool(_MONTH_NEAR.search(low, max(0, a - 40), b + 40))


def _date_matches(text: str, s: int, e: int, folded: str | None = None):
    from watchfloor.read.matching import fold
    starts = word_starts(text, s, e)            # where _WORD_START matches
    done = s
    failed: set[int] = set()                    # word starts where DATE_RE was tried and found nothing
    low = folded if folded is not None else fold(text)
    for anchor in _anchors(low, s, e):
        if anchor.start() < done:
            continue
        a, b = anchor.start(), anchor.end()
        if low[a].isdigit() and not _digits_can_date(low, a, b):
            continue
        k = bisect.bisect_right(starts, anchor.start()) - 1
        for c in starts[max(0, k - _LOOKBACK_WORDS):k + 1]:
            if c < done or c in failed:
                continue
            word = _FIRST_WORD.match(text, c).group(0)
            if c != anchor.start() and not text[c].isdigit() and word.lower() not in _STARTERS:
                continue
            # (only the patterns that can start with its word, or its character)
            rx = _DATE_RE_BY_WORD[word] if word in _DATE_RE_BY_WORD else \
                _date_re_by_word(word) if word.isascii() and word.isalpha() else _DATE_RE_AT.get(text[c], DATE_RE)
            m = rx.match(text, c, e) if rx is not None else None
            if m:
                done = m.end()
                yield m
                break
            failed.add(c)            # the next anchor's look-back may reach this word again: same answer


_MID = re.compile(r"(?i)\w*\s*mid[- ]")
_ON_OR_THIS = re.compile(r"(?i)on\b|this\b")
_LEAD_WORD = re.compile(r"(?i)(?:in|since|during|until|by|to|from|before|after|throughout|of|en|depuis|d'|on|le|ce)\s+")
_NEXT_OR_COMING = re.compile(r"(?i)the (?:next|coming)")


def find_dates(text: str, published: date | None, spans: list[tuple[int, int]] | None = None,
               anchors: list[tuple[int, date]] = (), folded: str | None = None) -> list[dict]:
    """Every date in text (or only inside `spans`). `anchors` (offset, date) give parts of the text their own
    publication date (the entries of a feed)."""
    out = []
    base = published
    last_day: date | None = None
    for s, e in spans or [(0, len(text))]:
        for m in _date_matches(text, s, e, folded):
            kind = m.lastgroup
            inner = _GROUPS[kind].fullmatch(m.group(0))
            if inner is None:
                continue
            published = next((d for a, d in reversed(anchors) if a <= m.start()), base) if anchors else base
            if kind == "after":
                value, precision = _from_last_day(inner.groupdict(), last_day), "day"
                if value is None:
                    continue
            else:
                try:
                    value, precision = resolve(kind, inner.groupdict(), published)
                except (KeyError, ValueError):
                    continue
            if value is None and kind == "range_years_dash":
                continue          # "2022/07" is not a range of years
            if _in_url(text, m.start(), m.end()) or _on_note_line(text, m.start()):
                continue
            if kind == "year" and _MID.match(m.group(0)):
                value, precision = f"{inner.group('y')}-06", "month"         # "mid-2022": June
            if value and published and kind in _YEARLESS and not inner.groupdict().get("y"):
                if value[:4] == str(published.year - 1) and (_looks_ahead(text, m.start(), m.end()) or
                                                             _days_ahead(_next_occurrence(value), published) <= SOON):
                    # "from 1 July" in a June release: this July, not last; and a day a few days after the
                    # publication is the coming one ("à une semaine de l'élection du 31 octobre" on 25 October),
                    # not the same day a year before, which a writer would give with its year
                    value = _next_occurrence(value)
                elif value[:10] < (published - timedelta(days=7)).isoformat() and \
                        _POSTPONED.search(text, max(0, m.start() - 80), m.start()) and \
                        not _WHEN_LEAD.match(m.group(0)):
                    value = _next_occurrence(value)      # "postponed the summit to January" in December (but
                    #                                      "moved in April to dissolve …" was done in April)
            if kind == "weekday" and value and published and _ON_OR_THIS.match(m.group(0)) and \
                    _looks_ahead(text, m.start(), m.end(), prepositions=False):
                wd = WEEKDAYS[inner.group("wd").lower()]
                value = (published + timedelta(days=(wd - published.weekday()) % 7)).isoformat()    # "are meeting on Sunday"
            if kind == "weekday" and _DATE_AFTER_WEEKDAY.match(text, m.end()):
                continue          # "Monday 6 June", "lundi 6 juin": the date after it says which day
            start, end = m.start(), m.end()
            if kind in ("my", "m_alone", "year", "weekday") and inner.groupdict().get("part") is None:
                lead = _LEAD_WORD.match(m.group(0))
                if lead:
                    start += lead.end()
            found = {"text": text[start:end], "value": value, "precision": precision, "start": start, "end": end}
            if kind == "next_n" or (kind == "relative" and _NEXT_OR_COMING.match(m.group(0))):
                found["window"] = True      # "in the next three months": a judgment's horizon, no date of an event
            out.append(found)
            if precision == "day" and value:
                last_day = date.fromisoformat(value)
    return out


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24}
_YEARLESS = {"mdy", "dmy", "m_alone", "range_days", "range_mdays", "range_dm_dm", "range_md_md"}
_FUTURE_PREP = re.compile(r"(?i)\b(?:from|until|till|by|starting|beginning|as of|no later than|before|"
                          r"à partir du|à compter du|jusqu'au|d'ici (?:le|au)|avant le)\s+(?:the\s+)?$")
_FUTURE_WORDS = re.compile(r"(?i)\b(?:will|shall|is to|are to|is due|are due|due to|scheduled|set to|expected to|"
                           r"plans? to|planned|intends? to|deadline|upcoming|next|takes office|take office|"
                           r"ahead of|run-up to|in the lead-up to|"
                           r"va|vont|devra|devront|doit|doivent|prochain|prochaine|à l['’]approche|en prévision|"
                           r"prévue?s?|programmée?s?|"
                           # the future seen from the past, still ahead at publication: "he was to face him at the
                           # 11 April vote", "il devait affronter … au scrutin du 11 avril"
                           r"was to|were to|was due|were due|was scheduled|were scheduled|devait|devaient)\b")


def _in_url(text: str, start: int, end: int) -> bool:
    """Inside a web address ("…/2023/05/01/story-2023-05-01.html")."""
    if start == 0 or text[start - 1].isspace():
        return False
    token = text[max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1:start]
    return "://" in token or "www." in token


_POSTPONED = re.compile(r"(?i)\b(?:postponed|delayed|deferred|rescheduled|moved|pushed back|put off|reporté|reportée)\b"
                        r"(?:\s+[\w'’,-]+){0,12}?(?:\s+(?:to|until|till|au|à|en))?\s*$")
_WHEN_LEAD = re.compile(r"(?i)(?:in|during|since|depuis|dès)\s")
_PROGRESSIVE = re.compile(r"(?i)\b(?:is|are)\s+(?:\w+ing|due|set|scheduled|expected)\b")
_NOTE_LINE = re.compile(r"\s*(?:\[\^?\d{1,3}\]:?|\^\d{1,3}|\d{1,3}[.)])\s.*(?:https?://|www\.)")


def _on_note_line(text: str, start: int) -> bool:
    """On a footnote line ("[^2]: Title, Outlet, May 2022, https://…"): the cited article's date, not the story's."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return text[a:a + 1] in "[^0123456789 " and bool(_NOTE_LINE.match(text, a, b if b >= 0 else len(text)))


_STOP = re.compile(r"[.!?\n]")


def _sentence_around(text: str, start: int, end: int) -> str:
    a = max(text.rfind(".", max(0, start - 300), start), text.rfind("\n", max(0, start - 300), start)) + 1
    stop = _STOP.search(text, end, end + 300)
    return text[a:stop.start() if stop else end + 300]


def _looks_ahead(text: str, start: int, end: int, prepositions: bool = True) -> bool:
    """The sentence around a date points forward: "will withdraw from 1 July", "by 15 August", "are meeting"."""
    a = max(text.rfind(".", max(0, start - 300), start), text.rfind("\n", max(0, start - 300), start)) + 1
    stop = _STOP.search(text, end, end + 300)
    b = stop.start() if stop else end + 300
    if prepositions and _FUTURE_PREP.search(text[max(a, start - 40):start]):
        return True
    return bool(_FUTURE_WORDS.search(text, a, b) or _PROGRESSIVE.search(text, a, start))


_DATE_AFTER_WEEKDAY = re.compile(r"(?i),?\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th|er)?\s+(?:(?:and|to|-|–|au|et)\s*(?:le\s+)?"
                                 r"(?:" + _WD_BEFORE_DAY + r")?\d{1,2}(?:st|nd|rd|th|er)?\s+)?(?:of\s+)?" + _MONTH +
                                 r"|" + _MONTH + r"\.?\s+\d{1,2}\b)")
SOON = 14      # days: a yearless date this soon after the publication is the coming one


def _days_ahead(value: str, published: date) -> int:
    """Days from the publication to the first day of a value ("YYYY-MM-DD", a month or a range); large if unknown."""
    first = value.split("/")[0]
    try:
        day = date.fromisoformat(first if len(first) == 10 else first[:7] + "-01")
    except ValueError:
        return 10 ** 6
    ahead = (day - published).days
    return ahead if ahead >= 0 else 10 ** 6


def _next_occurrence(value: str) -> str:
    """The same date(s) one year later (every 'YYYY' part of a value or range)."""
    return "/".join(str(int(v[:4]) + 1) + v[4:] for v in value.split("/"))


# "a" and the number words up to ten, English and French (quantities' table)
_SMALL = {"a": 1} | {w: v for w, v in _NUMBER_WORDS.items() if v <= 10 and " " not in w}


def _from_last_day(g: dict, last_day: date | None) -> str | None:
    """"two days later", "the next day", "la veille": counted from the last day-precision date mentioned."""
    if last_day is None:
        return None
    if g.get("same"):
        step = 0
    elif g.get("fr"):
        step = -1 if g["fr"].lower() == "la veille" else 1
    elif g.get("next"):
        step = 1 if g["next"].lower() in ("next", "following") else -1
    elif g.get("dir2"):
        step = -1 if g["dir2"].lower() == "before" else 1
    else:
        n = (_SMALL.get(g["n"].lower()) or int(g["n"])) * (7 if g.get("wunit") else 1)     # ("two weeks later")
        way = (g.get("dir") or g["wdir"]).lower()
        step = n if way in ("later", "after", "après") or way.startswith("plus tard") else -n
    return (last_day + timedelta(days=step)).isoformat()


def parse_date_phrase(value: str) -> date | None:
    """A whole metadata value ("14 September 2023", "2023-09-14", "Sep 14, 2023") → date, else None."""
    value = re.sub(r"\s*\([^()\d]*\)\s*$", "", value.strip()).strip(".")   # "16 octobre 2019 (article traduit …)"
    # the first full date in it ("émis le vendredi 27 décembre 2019": not the weekday before it)
    m = next((x for x in DATE_RE.finditer(value) if x.lastgroup in ("iso", "dmy_num", "mdy", "dmy")), None)
    if not m:
        return None
    inner = _GROUPS[m.lastgroup].fullmatch(m.group(0))
    g = inner.groupdict()
    if m.lastgroup in ("mdy", "dmy") and not g.get("y"):
        return None
    found, _ = resolve(m.lastgroup, g, None)
    if found is None:
        return None
    if len(value) - len(m.group(0)) > 25:
        return None
    return date.fromisoformat(found)


def event_date(dates: list[dict], start: int, end: int) -> dict | None:
    """The date a sentence [start, end) states, if any (the first one inside it)."""
    for d in dates:
        if start <= d["start"] < end and d["value"]:
            return d
    return None
