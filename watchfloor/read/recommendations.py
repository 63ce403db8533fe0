"""Recommendations: "X recommends that Y …", "Y should …", and the items of a Recommendations section
→ {by, to, action, start, end}. The recommender defaults to the report's author(s) or outlet."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from watchfloor.read.prefilter import Needs, lowered

VERBS_FILE = Path(__file__).resolve().parents[1] / "data" / "recommendation_verbs.yaml"   # where an action starts

_RECOMMENDS = re.compile(
    r"^(?:(?P<by>.{1,80}?)\s+)?(?:recommends?|recommended|urges?|urged|calls? (?:on|upon)|called (?:on|upon)|advises?|"
    r"advised|encourages?|encouraged|"
    r"(?:recommande|exhorte|appelle|invite)(?:nt)?(?:\s+(?:également|aussi|notamment|encore|enfin|instamment))?|"
    r"demande(?:nt)?(?:\s+(?:également|aussi|notamment|encore|enfin|instamment))?(?=\s+(?:aux?|à)\s)|"
    r"(?:a|ont|avait|avaient)\s+(?:(?:également|aussi|notamment|de\s+son\s+côté|de\s+leur\s+côté|pour\s+sa\s+part|"
    r"quant\s+à\s+(?:lui|elle))\s+)?(?:appelé|exhorté|recommandé|invité|demandé(?=\s+(?:à|aux?)\s)))"
    r"\s+(?:that\s+|que\s+|à\s+)?"
    r"(?P<rest>.+)$", re.I | re.S)
_SHOULD = re.compile(
    r"^(?:(?:therefore|thus|accordingly|in (?:the )?short term|in (?:the )?long term|first|second|third|finally|"
    r"moreover|instead|to (?:this|that) end|as a (?:result|priority)|ultimately|"
    r"(?i:in|on|for|within|across|au|en|dans|selon|according to|d'après)\s[^,;:.]{1,60}(?=,))[,:]?\s+)?"
    r"(?P<to>(?:[A-Z\"'“]|the |international |western |regional |donors|policymakers|partners|states|governments|"
    r"le |la |les |l')[^,;:.]{0,90}?(?:,\s+(?:such as|including|like|notably|in particular|among them|"
    r"notamment|comme)\s[^;:]{1,120}?,)?)\s+(?:should|must|ought to|needs? to|has to|have to|is advised to|are advised to|"
    r"would do well to|devrait|devraient|doit|doivent)\s+(?P<action>(?!be\s+(?:noted|expected|seen))[^\n]+)$",
    re.S)
# The addressee of a "recommends that X do Y" clause ends at its head noun.
_ADDRESSEE = (r"(?:the\s+|le\s+|la\s+|les\s+|l'|its\s+|their\s+)?(?:[\w'’-]+\s+){0,5}?(?:government|authorities|"
              r"army|armed forces|forces|mission|council|union|community|donors|partners|states|junta|ministry|"
              r"agencies|organisations|organizations|groups|leaders|president|secretary-general|members|countries|"
              r"militias|rebels|factions|parties|actors|officials|commanders|troops|peacekeepers|contingents|"
              r"governments|neighbours|neighbors|NGOs|gouvernement|autorités|armée|mission|partenaires|bailleurs|"
              r"party|side|sides|country|actor|authority|faction|group|state|"
              r"États|Etats|[A-Z]{2,}[\w-]*)")
# Coordinated addressees ("the CSP and FAMa", "donors, the AU and ECOWAS") are one addressee.
_HEAD_NOUN = re.compile(
    rf"^(?P<to>{_ADDRESSEE}(?:\s*(?:,\s*(?:and\s+|or\s+|et\s+)?|\s+and\s+|\s+or\s+|\s+et\s+){_ADDRESSEE})*)"
    r"\s+(?P<action>(?!(?:and|or|et|ou)\b)[a-zé].+)$", re.S)
_WE = re.compile(r"^(?:we|I|this (?:report|brief|paper|analysis)|the authors?)$", re.I)
_IMPERATIVE = re.compile(r"^(?:[-*•·]\s+|\d+[.)]\s+)?(?P<action>(?:[A-Z][a-z]+)\b.+)$", re.S)
# Strings one of which every match holds: a sentence (or a whole report) with none of them is not tried
# (most sentences recommend nothing, and the regexes' lazy heads are slow to fail).
_RECOMMENDS_NEEDS = Needs(_RECOMMENDS)
_SHOULD_NEEDS = Needs(_SHOULD)
_LIST_MARK = re.compile(r"^(?:[-*•·]|\d+[.)])\s+")
_LEAD = re.compile(r"^[^:]{3,80}:\s+(?=\S)")
# A pronoun is no addressee ("it should be noted", "they should know"): the sentence recommends nothing.
_PRONOUN = re.compile(r"(?:it|this|that|there|these|those|they|he|she)\b", re.I)
_HYPOTHETICAL_START = re.compile(r"^(?:should|if|unless|were)\b", re.I)


def find_recommendations(text: str, sentences: list[tuple[int, int]], in_recommendations, default_by: str | None,
                         keep=lambda start: True) -> list[dict]:
    """in_recommendations(start) tells whether a sentence lies in a Recommendations section."""
    out = []
    low = lowered(text)
    if _RECOMMENDS_NEEDS.absent(low) and _SHOULD_NEEDS.absent(low) and \
            not any(in_recommendations(s) for s, _ in sentences):
        return out            # no sentence can recommend anything (what `_parse` finds needs one of these)
    for s, e in sentences:
        if not keep(s):
            continue
        sentence = text[s:e]
        low = lowered(sentence)
        if _RECOMMENDS_NEEDS.absent(low) and _SHOULD_NEEDS.absent(low) and not in_recommendations(s):
            continue          # (what `_parse` and `_reported` find needs one of these in the sentence's clauses)
        clean = _LIST_MARK.sub("", sentence).strip()
        if _HYPOTHETICAL_START.match(clean) or clean.endswith("?"):
            continue
        for clause in _clauses(clean):
            rec = _parse(clause, default_by, in_recommendations(s))
            lead = _LEAD.match(clause) if rec is None and ":" in clause else None
            if lead:       # "Policy implications are clear: the partners should …"
                rec = _parse(clause[lead.end():], default_by, in_recommendations(s))
            recs = [rec] if rec else _reported(clause)
            for rec in recs:
                out.append(rec | {"action": trim_action(rec["action"]), "text": sentence, "start": s, "end": e})
    return out


# A speaker's advice in reported speech: "He said the government should X and that community leaders should Y".
_REPORTED = re.compile(r"^(?P<by>[^;:\n]{2,100}?),?\s+(?:said|says|told\s+[^,;:]{1,40}?|added|argued|insisted|stressed|"
                       r"wrote|a\s+déclaré|a\s+estimé|a\s+ajouté|a\s+affirmé|a\s+souligné|estime|affirme)\s+"
                       r"(?:that\s+|que\s+|qu['’])?(?P<rest>.+)$", re.S)
_AND_THAT = re.compile(r",?\s+and\s+that\s+|,?\s+et\s+qu(?:e\s+|['’])|;\s+")


def _reported(clause: str) -> list[dict]:
    """The recommendations of "<speaker> said (that) X should … and that Y should …", by the speaker."""
    low = lowered(clause)
    if _SHOULD_NEEDS.absent(low):
        return []
    m = _REPORTED.match(clause)
    if not m:
        return []
    by = m.group("by").strip()
    out = []
    for part in _AND_THAT.split(m.group("rest")):
        part = part.strip()
        should = _SHOULD.match(part[:1].upper() + part[1:])      # ("… and that community leaders should …")
        if should and not _PRONOUN.match(should.group("to")) and not re.match(r"(?:we|i)\b", should.group("to"), re.I):
            out.append({"by": by, "to": _clean_to(should.group("to")), "action": _clean(should.group("action"))})
    return out


# A second appeal in one sentence starts a recommendation of its own ("… urged community leaders to X, and called
# on the state authorities to Y"); so does an appeal after a long subject and another verb ("The head of the
# mission, X, condemned the attack and called on the authorities to Y").
_APPEAL = r"(?:called|calls|call) (?:on|upon)|urged|urges|appealed to|appeals to|asked|asks|pressed|presses"
# French: "… a condamné l'attaque et appelé les autorités à …" (the auxiliary is the first verb's)
_FR_APPEAL = r"appelé|exhorté|invité|demandé (?=(?:à|aux?)\s)"
_NEXT_APPEAL = re.compile(rf"(?:,\s*and\s+|\s+and\s+|;\s*)(?=(?:{_APPEAL})\s+(?:the\s+|all\s+)?[\w'’-]+)|"
                          rf"(?:,\s*et\s+|\s+et\s+)(?=(?:{_FR_APPEAL})\s*(?:les?\s+|la\s+|l['’]|aux?\s+)?[\w'’-]+)", re.I)
# What every appeal of _APPEAL and _FR_APPEAL holds, in lower case
_APPEAL_WORDS = ("call", "urge", "appeal", "ask", "press", "appel", "exhort", "invit", "demand")


def _clauses(sentence: str) -> list[str]:
    """The sentence, or its parts where it makes several appeals: the first keeps the subject (who appeals),
    the others begin with their verb; and a second "…, and <others> should …" is a clause of its own."""
    return [part for clause in _appeals(sentence) for part in _should_clauses(clause)]


# "should", "must", "devrait" …: the modal verbs of a recommendation, in _MODAL and _NEXT_SHOULD
_MODAL_VERB = r"(?:should|must|ought\s+to|needs?\s+to|devrait|devraient|doit|doivent)\s"
_MODAL = re.compile(r"\b" + _MODAL_VERB)


def _should_clauses(clause: str) -> list[str]:
    """The clause cut before each "and <others> should …"; without a comma only once a "should" came before (so
    "The United States and France should …" keeps its two subjects)."""
    parts, start = [], 0
    for m in _NEXT_SHOULD.finditer(clause):
        if not m.group(0).startswith(",") and not _MODAL.search(clause, start, m.start()):
            continue
        parts.append(clause[start:m.start()])
        start = m.end()
    return parts + [clause[start:]]


# ("The government should open an inquiry, and the separatist leaders should stop …": two recommendations)
# (and without the comma where the second subject opens with an article or a capital: "… devrait exiger une enquête
# et le gouvernement devrait rétablir l'internet")
_NEXT_SHOULD = re.compile(r"(?:,\s*|\s+(?=(?:and|et)\s+(?:the\s|le\s|la\s|les\s|l['’]|[A-ZÀ-Ý])))(?:and|et)\s+"
                          r"(?=(?:the\s+|le\s+|la\s+|les\s+|l['’])?(?:[\w'’-]+\s+){1,5}?"
                          + _MODAL_VERB + r")")


def _appeals(sentence: str) -> list[str]:
    low = lowered(sentence)
    if low is not None and not any(map(low.__contains__, _APPEAL_WORDS)):
        return [sentence]         # (every _NEXT_APPEAL match is followed by one of them: not scanned for)
    cuts = [m for m in _NEXT_APPEAL.finditer(sentence) if m.start() > 0]
    if not cuts:
        return [sentence]
    parts, start = [], 0
    for m in cuts:
        parts.append(sentence[start:m.start()])
        start = m.end()
    parts.append(sentence[start:])
    head = parts[0].split(",", 1)[0]
    if "," in parts[0] and len(head.split()) <= 8:
        subject = head
    else:
        lead = _SUBJECT.match(parts[0])
        subject = lead.group(1) if lead else ""
    # (a French participle takes the auxiliary back: "X a condamné … et appelé les autorités à …" → "X a appelé …")
    return [parts[0]] + [f"{subject} {'a ' if re.match(_FR_APPEAL, p) else ''}{p}".strip() for p in parts[1:]]


# A recommender's clause that ends on a second verb's coordination ("… has promised an end to X and has urged …")
_SECOND_VERB = re.compile(r"\s(?:and|et)(?:\s+(?:has|have|had|also|a|ont|avait|avaient))*\s*$")
# who appeals, where no comma closes the subject: its leading capitalised words ("The Humanitarian Coordinator")
_SUBJECT = re.compile(r"^((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|of|for|de|du|des))*)")


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    data = yaml.safe_load(VERBS_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(v.lower() for v in data.get("en") or [])


def _is_verb(word: str, french: bool = True) -> bool:
    """An action's first word: a listed English verb, or (after a French connector) a French infinitive."""
    w = word.lower().strip("«» \"'")
    return w in _verbs() or french and bool(re.fullmatch(r"[a-zéèêàâîôûç'-]{3,}(?:er|ir|re)", w)) and \
        not w.endswith("ère")


# A non-restrictive relative clause after the action is not part of it (", where more than …"). Coordinated
# actions ("send a mission and press both sides …") stay one recommendation, as the labelling rules say.
# Nor is a new clause with a subject of its own (", et le Premier ministre désigné … a appelé", ", and the President
# said", ", while …").
_RELATIVE = re.compile(r",\s+(?:where|which|who|whose|où|qui|while|whereas|tandis que|alors que)\b|"
                       r",\s+(?:and|et)\s+(?:the|le|la|les|l['’])\s*(?:[a-zà-ÿ'’-]+\s+){0,2}[A-ZÀ-Ý]|"
                       # (", and Saudi and Emirati envoys were mediating": a clause of its own, told in its tense)
                       r",\s+(?:and|but|et|mais)\s+(?=[A-ZÀ-Ý]|the\s|les?\s|la\s)(?:[\w'’-]+\s+){1,5}?"
                       r"(?:were|was|had|has|have|are|is|said|says|étaient|était|avaient|avait|ont|sont)\b")


def trim_action(action: str | None) -> str | None:
    if not action:
        return action
    quote = _QUOTE_END.search(action)
    if quote:
        action = action[:quote.start()]        # ("… stop calling for reprisals," said a lecturer)
    cut = _RELATIVE.search(action)
    return _clean(action[:cut.start()] if cut else action)


_QUOTE_END = re.compile(r"[,.]?\s*[»\"”]\s*(?:[,.]|$|(?:[\w'’-]+\s+){0,4}?(?:said|says|added|told|according|"
                        r"a\s+déclaré|a\s+ajouté|estime|ajoute|selon)\b)")
# A quoted recommendation before its speaker ("« L'État devrait renforcer les patrouilles », estime-t-il", "\"The
# government should …,\" she said"): the words inside the quotes.
_QUOTED = re.compile(r"^\s*[«\"“]\s*(?P<inside>[^»\"”]{10,}?)[\s,.]*[»\"”]")


_OPEN_QUOTE = re.compile(r"^\s*[«\"“]\s*(?=[^»\"”]*$)")


def _parse(sentence: str, default_by: str | None, in_section: bool) -> dict | None:
    quoted = _QUOTED.match(sentence)
    if quoted:
        sentence = quoted.group("inside")
    elif _OPEN_QUOTE.match(sentence):
        sentence = _OPEN_QUOTE.sub("", sentence)       # the first of two clauses inside one quotation
    low = lowered(sentence)
    m = None if _RECOMMENDS_NEEDS.absent(low) else _RECOMMENDS.match(sentence)
    if m and m.group("by") is None and not sentence[:1].islower():
        m = None              # a list item that starts with the verb ("- demande aux autorités de …") only
    by = (m.group("by") or "") if m else ""
    second = _SECOND_VERB.search(by) if len(by.split()) > 10 else None
    subject = _SUBJECT.match(by) if second else None
    if m and (len(by.split()) <= 10 or subject):
        # ("President X has promised an end to the kidnappings and has urged …": the subject of the first verb)
        by = (subject.group(1) if subject else by).strip(" ,:") or None
        rest = m.group("rest").strip()
        inner = _SHOULD.match(rest)
        head = _HEAD_NOUN.match(rest)
        if inner:
            to, action = inner.group("to"), inner.group("action")
        elif head and re.search(r"(?:that|que)\s+$", sentence[:len(sentence) - len(m.group("rest"))]):
            to, action = head.group("to"), head.group("action")      # "recommends that the government open …"
        else:
            tm = re.match(r"(?P<to>(?:the\s+|le\s+|la\s+|les\s+|l')?[A-Z][\w'’.-]*(?:\s+(?:of|for|de|du|des|[A-Z][\w'’.-]*))*)"
                          r"\s+(?P<action>[a-zé].+)$", rest, re.S)
            to, action = _to_split(rest) or ((tm.group("to"), tm.group("action")) if tm else (None, rest))
        if to:
            to = re.sub(r"^(?:aux|au|à)\s+", "", to)      # "demande aux autorités de …": the authorities
        return {"by": default_by if by is None or _WE.match(by) else by, "to": _clean_to(to), "action": _clean(action)}
    m = None if _SHOULD_NEEDS.absent(low) else _SHOULD.match(sentence)
    if m and (in_section or not _PRONOUN.match(m.group("to"))):
        if not in_section and m.group("to").split()[0].lower() in ("it", "this", "that", "there"):
            return None
        return {"by": default_by, "to": _clean_to(m.group("to")), "action": _clean(m.group("action"))}
    if in_section:
        imp = _IMPERATIVE.match(sentence)
        if imp and len(sentence.split()) >= 3 and not sentence.endswith(":"):
            return {"by": default_by, "to": None, "action": _clean(imp.group("action"))}
    return None


def _to_split(rest: str) -> tuple[str, str] | None:
    """'<addressee> to <action>': the first 'to' (à, de) whose next word is a verb ("all parties to the
    conflict, including …, to stop attacks"), else the first 'to' after a short addressee."""
    first = None
    for m in re.finditer(r"(?:\s+(?:to|à|de)\s+|\s+d['’])(?P<act>(?:[«\"“]\s*)?(?P<next>[\w'’-]+))", rest):
        if m.start() > 200:
            break
        if _is_verb(m.group("next"), french=m.group(0).split()[0] in ("à", "de") or m.group(0).strip()[:2] in ("d'", "d’")):
            return rest[:m.start()], rest[m.start("act"):]
        if first is None and m.start() <= 80 and not re.search(r"[,;]", rest[:m.start()]):
            first = rest[:m.start()], rest[m.start("act"):]
    return first


def _clean_to(value: str | None) -> str | None:
    """An addressee, without the quote mark a quoted recommendation opens with ('"The government should …')."""
    value = _clean(value)
    return value.lstrip("\"“«").strip() or None if value else value


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split()).strip(" ,;")
    return value.rstrip(".") or None
