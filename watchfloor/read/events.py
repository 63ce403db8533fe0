"""Events: who did what to whom, where, when, with how many dead — one per reported-fact sentence.

A sentence may report a fact when it is prose (watchfloor/read/prose.py) and not a judgment, possibility,
recommendation, question or condition. The trained classifier (watchfloor/read/event_model.py: ACLED's
25 sub-event types and "No event") decides its sub-type; the rules (cue patterns in
watchfloor/data/event_types.yaml, with their civilian-target and actor-side constraints) are its features
and its fallback: where a rule fired, the sentence is an event unless the classifier is fairly sure it
reports none; where none fired, the classifier must be sure on its own. `classifier=False` gives the rules
alone. Who did it to whom comes from the dependency parse when a parser is given (subject or agent of the
event's verb = actor1; object, passive subject or 'clashed with X' = actor2), else from word order. A
sentence that only adds the toll ("Eight soldiers were killed.") adds its fatalities to the event before it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import DATELINE_DASH, SAYING_VERBS, PhraseMatcher, finditer_at, fold, is_dateline
from watchfloor.read.prefilter import Needs, Prefilter, lowered, required_text, shortest_needed  # noqa: F401 (required_text: also imported from here)
from watchfloor.read.prose import prose_sentences
from watchfloor.read.quantities import _QUANTITY_FIRST, _WORD_RUN, NUMBER, number_value

EVENT_TYPES_PATH = DATA_DIR / "event_types.yaml"
STATE_KINDS = {"state force", "government", "foreign force", "PMC", "peacekeeping mission", "foreign state",
               "regional body"}
NON_VIOLENT = "Strategic developments"
# Civilians named as people: the civilian target words' people, also the victims of an attack (components._VICTIMS).
CIVILIAN_PEOPLE = (r"civilians?|villagers?|residents?|inhabitants|passengers|traders|merchants|herders|farmers|women|"
                   r"children|worshippers|students|teachers|pupils|IDPs|refugees|families|people|persons|men|guests|"
                   r"pilgrims|drivers|workers|miners|journalists?|civils|villageois|habitants|femmes|enfants|"
                   r"commerçants|éleveurs|agriculteurs|fidèles")
# (a `\b(?:…)\b` list of plain words: _expand spells it out for _TARGET_WORDS)
_CIVILIAN_WORDS = re.compile(
    r"\b(?:" + CIVILIAN_PEOPLE + r"|displaced|family|chief|imam|elders?|mayor|man|woman|teenagers?|boys?|girls?|"
    r"shepherds?|nationals|aid workers?|humanitarian workers?|gold miners|population|"
    # one of them is a civilian target as much as many ("shot a herder", "killing the driver"), and more people
    r"passenger|trader|merchant|herder|farmer|worshipper|student|teacher|pupil|worker|pilgrim|driver|miner|civil|"
    r"commerçant|éleveur|agriculteur|motorists?|fishermen|fisherman|shopkeepers?|chauffeurs?|passagers|élèves|"
    r"pêcheurs|"
    # and where civilians are gathered or live
    r"party|wedding|market|mosque|church|school|villages?|hospital|clinic|marché|mosquée|église|école|hôpital|"
    r"neighbou?rhoods?|quartiers?|"
    r"priests?|pastors?|clergym[ae]n|nuns?|catechists?|prêtres?|pasteurs?|"
    # and what carries them
    r"bus|buses|minibus|minibuses|taxis?|autobus)\b", re.I)
_ARMED_TARGET = re.compile(
    r"\b(?:soldiers?|troops|army|military|forces|positions?|posts?|camps?|bases?|convoys?|patrols?|checkpoints?|"
    r"gendarmes?|gendarmerie|police(?:men)?|fighters|militants|militia(?:men|s)?|peacekeepers|garrison|outpost|"
    r"barracks|detachment|unit|jihadists|terrorists|insurgents|rebels|VDP|volunteers|militaires|soldats|"
    r"combattants|poste|jihadistes|terroristes|"
    # (fighters by what they did: "killing nine bandits", "shot two of the attackers")
    r"bandits|gunmen|attackers|assailants|kidnappers|raiders|assaillants|gang ?members|gangsters)\b", re.I)

def _expand(pattern: re.Pattern) -> list[str]:
    """The words of a `\\b(?:a|bs?|c(?:d|e)?)\\b` word-list regex, every optional ending spelled out."""
    import itertools
    body = pattern.pattern[len(r"\b(?:"):-len(r")\b")]
    out = []
    for alt in re.split(r"\|(?![^(]*\))", body):
        parts = re.split(r"(\(\?:[^)]*\)\??|.\?)", alt)
        options = []
        for part in parts:
            if not part:
                continue
            if part.startswith("(?:"):
                inner = part[3:part.index(")")].split("|")
                options.append(inner + ([""] if part.endswith("?") else []))
            elif len(part) == 2 and part.endswith("?"):
                options.append([part[0], ""])
            else:
                options.append([part])
        out += ["".join(x) for x in itertools.product(*options)]
    return out


# One trie scan per document finds the civilian and armed target words of every sentence.
_TARGET_WORDS = PhraseMatcher([(w, "civ") for w in _expand(_CIVILIAN_WORDS)] +
                              [(w, "arm") for w in _expand(_ARMED_TARGET)])
# Fighters named by what they are taken for: "suspected jihadists" are an unidentified doer wherever they stand,
# "militants" alone (_UNNAMED_DOERS) only before the event word.
_SUSPECTED_FIGHTERS = r"militants|jihadists|terrorists|Islamists"
_GANG_WORDS = r"gang members|gangsters|(?:armed\s+)?gangs"
_UNIDENTIFIED = re.compile(r"\b(?:unidentified (?:gunmen|armed (?:men|group|individuals)|assailants|attackers)|"
                           r"gunmen|armed men|assailants|unknown (?:gunmen|attackers)|suspected (?:" + _SUSPECTED_FIGHTERS +
                           r")|individus armés|hommes armés|inconnus)\b", re.I)
# Unnamed fighters as the doer: only before the event word, where they are its subject ("Jihadists ambushed an army
# patrol"), not its target ("soldiers killed 12 militants").
_UNNAMED_DOERS = re.compile(r"\b(?:(?:suspected|alleged|presumed)\s+)?(?:insurgents|" + _SUSPECTED_FIGHTERS +
                            r"|bandits|rebels|extremists|armed bandits|attackers|resistance fighters|guerrillas|separatists|"
                            + _GANG_WORDS + r"|kidnappers|pirates|assaillants|jihadistes|"
                            r"terroristes|djihadistes)\b", re.I)
_GANGS = re.compile(r"\b(?:" + _GANG_WORDS + r")\b", re.I)
# A natural hazard as what destroyed, killed or displaced ("flooding destroyed 150,000 homes", "Floods have affected
# more than a million people", "houses washed away by the rains", "les inondations ont fait 30 morts"): ACLED codes no
# event, and the sentence's toll is no one's.
_HAZARD = (r"(?:(?:flash\s+)?floods?|flooding|(?:torrential\s+|heavy\s+|seasonal\s+)?rains?|rainfall|downpours?|storms?|"
           r"cyclones?|hurricanes?|typhoons?|earthquakes?|tremors?|landslides?|mudslides?|droughts?|wildfires?|bushfires?|"
           r"inondations?|crues?|(?:fortes\s+|pluies\s+)?pluies?|s[ée]ismes?|tremblements?\s+de\s+terre|"
           r"glissements?\s+de\s+terrain|temp[êe]tes?|s[ée]cheresses?)")
_HAZARD_AGENT = re.compile(
    rf"(?i)\b{_HAZARD}\s+(?:(?:have|has|had|also|already|reportedly|ont|a|avaient|avait|aussi|déjà)\s+){{0,2}}"
    r"(?:destroyed|damaged|killed|swept|washed|submerged|flattened|affected|displaced|claimed|cut off|"
    r"détruit|endommagé|tué|emporté|fait|causé|submergé|affecté|touché|déplacé)\b|"
    rf"\b(?:destroyed|damaged|killed|swept away|washed away|submerged|flattened|affected|displaced|"
    rf"détruit|détruites?|endommagée?s?|emportée?s?|tuée?s?|affectée?s?|touchée?s?)\s+(?:by|in|par|dans|lors\s+des?)\s+"
    rf"(?:the\s+|les?\s+|la\s+|l['’]|des\s+|de\s+)?{_HAZARD}\b")
# Every _HAZARD_AGENT match holds one of these strings (a hazard's word): the regex, which `re` tries at every
# position of a sentence, runs only on the few sentences that hold one.
_HAZARD_NEEDS = Needs(_HAZARD_AGENT)


def _hazard_told(text: str, s: int, e: int) -> bool:
    """Whether the sentence text[s:e] tells of a natural hazard as what destroyed, killed or displaced."""
    return not _HAZARD_NEEDS.absent(lowered(text[s:e])) and bool(_HAZARD_AGENT.search(text, s, e))


# A sentence that is a condition or a question reports no fact; nor does a cue governed by a modal.
_HYPOTHETICAL = re.compile(r"\W*(?:if|unless|should|were|whether|si)\b", re.I)     # matched at the start
_PASSIVE = re.compile(r"\b(?:was|were|been|being|got|été)\s+(?:\w+\s+)?$", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:would|could|might|may|should|must|ought to|will|shall|used to|"
                           r"once(?!\s+(?:again|more))|threaten(?:s|ed|ing)? to|"     # (what a group once did)
                           r"plans? to|planning to|intends? to|aims? to|seeks? to|expected to|likely to|"
                           r"pourrait|pourraient|va|vont)\s+(?:\w+\s+){0,2}$")      # case matters: "In May JNIM attacked"
# A negation right before the event's word: "Egypt and Burundi have not agreed", "the army did not retake",
# "has yet to sign", "n'ont pas signé": nothing happened ("not only attacked …" did)
_NEGATED_BEFORE = re.compile(r"(?i)(?:\b(?:not(?!\s+only)|never|no longer|failed to|refused to|yet to|declined to|"
                             r"pas|jamais)|n['’]t)\s+(?:\w+\s+){0,1}$")
# A whole conflict's toll so far, not one event's: "The conflict has killed more than 6,000 people", "the insurgency
# has displaced two million", "la guerre a fait plus de 10 000 morts" (a recent fight's toll, "the fighting has killed
# 12 since Monday", is an event's)
# An event told before, seen again by a witness: "UNIFIL said its peacekeepers had observed the shelling", "residents
# heard the explosions": the witness's report of it, no event of its own
_WITNESSED_BEFORE = re.compile(r"(?i)\b(?:observed|witnessed|heard|saw|filmed|watched|observé|entendu)\s+(?:the|this|that|these|those|les?|la|ces|cette)\s+"
                               r"(?:[\w'’-]+\s+){0,2}$")
_CUMULATIVE_BEFORE = re.compile(r"(?i)\b(?:conflicts?|wars?|insurgency|insurgencies|violence|crisis|unrest|rebellion|"
                                r"jihad|conflit|guerre|insurrection|violences|crise|rébellion)\b(?:\s+[\w'’-]+){0,5}?\s+"
                                r"(?:has|have|had|a|ont|avait)\s+(?:(?:already|so far|now|since|déjà)\s+)?$")
# One person, by what they were (singular nouns only: "a soldier", "an elderly village chief")
_ONE_PERSON = (r"(?:man|woman|boy|girl|child|civilian|soldier|officer|policeman|policewoman|gendarme|peacekeeper|"
               r"commander|leader|chief|imam|priest|pastor|teacher|student|farmer|herder|trader|merchant|driver|"
               r"journalist|worker|resident|villager|fighter|militant|member|official|guard|militiaman|volunteer|"
               r"mayor|councillor|politician|judge|doctor|nurse|lawyer|activist)")
_FATAL = re.compile(
    # (verbs that tell a killing: "shot dead three polio workers", "beheading two fishermen", "gunned down 5")
    rf"(?:\b(?:killing|killed|kills|kill|leaving|left|claiming|tuant|faisant|tu[ée]e?s?|tuent|shot\s+dead|shooting\s+dead|"
    rf"gunned\s+down|gunning\s+down|behead(?:ed|ing|s)|execut(?:ed|ing)|murder(?:ed|ing)|massacr(?:ed|ing)|"
    rf"slaughter(?:ed|ing))\s+(?:at least\s+|some\s+|about\s+|around\s+|nearly\s+|over\s+|more than\s+|au moins\s+)?(?P<a>{NUMBER})\b"
    rf"|\b(?P<b>{NUMBER})\s+(?:[\w'’-]+\s+){{0,3}}?"
    # (the toll's make-up set off by commas: "Eight people, including three children, were killed")
    rf"(?:\w+\s*,\s*(?:including|among them|among whom|of whom|mostly|mainly|dont|parmi lesquels|parmi lesquelles|"
    rf"parmi eux|notamment)\b[^,;.\n]{{1,60}},\s+)?"
    # (whose they were, before the verb: "Four soldiers of the Mozambican army (FADM) were killed")
    rf"(?:(?:of|from)\s+(?:[\w'’-]+\s+){{1,4}}?(?:\([^()\n]{{1,20}}\)\s+)?(?=(?:were|was|have been|had been)\s))?"
    rf"(?:(?:were|was|have been|had been|are|being|ont été|a été|avaient été|auraient été|sont)\s+)?(?:killed|dead|died|die|deaths|fatalities|casualties killed|massacred|executed|tu[ée]e?s|morts|victimes)\b"
    rf"|\bdeath toll\s+(?:\w+\s+){{0,3}}?(?P<c>{NUMBER})\b"
    # (the toll as what the event caused: "which resulted in the death of one peacekeeper", "caused the deaths of 12")
    rf"|\b(?:resulted|resulting|led|leading|caused|causing)\s+(?:in|to)?\s*the\s+deaths?\s+of\s+(?:at least\s+|some\s+|"
    rf"about\s+|more than\s+)?(?P<f>{NUMBER})\b"
    # (one person, named by what they were: "shot dead a police officer", "A local chief was killed")
    rf"|\b(?:killing|killed|kills|shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|behead(?:ed|ing)|"
    rf"execut(?:ed|ing)|murder(?:ed|ing)|assassinat(?:ed|ing))\s+(?P<d>a|an|one)\s+(?:[\w'’-]+\s+){{0,2}}?{_ONE_PERSON}\b"
    rf"|\b(?P<e>a|an|one)\s+(?:[\w'’-]+\s+){{0,2}}?{_ONE_PERSON}\s+(?:was|has been|had been)\s+"
    rf"(?:killed|shot\s+dead|gunned\s+down|beheaded|executed|murdered|assassinated)\b)", re.I)


@dataclass(frozen=True)
class SubType:
    event_type: str
    name: str
    weight: float
    cues: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    civilian_target: bool
    armed_opponent: bool
    actor1: str | None


@lru_cache(maxsize=2)
def cue_prefilter(path: str | None = None) -> tuple[Prefilter, list[tuple[int, int]]]:
    """A prefilter over every cue of every sub-type, and (sub-type index, cue index) for each."""
    index = [(i, j) for i, st in enumerate(load_event_types(path)) for j in range(len(st.cues))]
    types = load_event_types(path)
    return Prefilter([types[i].cues[j].pattern for i, j in index]), index


@lru_cache(maxsize=2)
def load_event_types(path: str | None = None) -> tuple[SubType, ...]:
    path = path or str(EVENT_TYPES_PATH)
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for event_type, spec in data["event_types"].items():
        for name, sub in spec["sub_types"].items():
            weight = float(sub.get("weight", 1))
            if name == "Disrupted weapons use":
                weight += 10        # "IED defused" is not an explosion
            elif event_type == NON_VIOLENT:
                weight -= 10        # violence outranks the developments a violent report mentions
            out.append(SubType(event_type, name, weight, tuple(re.compile(c, re.I) for c in sub.get("cues") or []),
                               tuple(re.compile(c, re.I) for c in sub.get("unless") or []),
                               bool(sub.get("needs_civilian_target")), bool(sub.get("needs_armed_opponent")),
                               sub.get("actor1")))
    return tuple(out)


_STATE_WORDS = re.compile(r"\b(?:army|armies|soldiers|troops|military|government|gendarmes?|gendarmerie|police|"
                          r"security forces|armed forces|defence forces|defense forces|air force|navy|FARDC|"
                          r"militaires|soldats|armée|forces armées|forces de défense)\b", re.I)
_NON_STATE_WORDS = re.compile(r"\b(?:rebels?|militants?|jihadists?|insurgents?|fighters|gunmen|bandits|militias?|"
                              r"militiamen|terrorists?|assailants|attackers|armed men|armed groups?|separatists|"
                              r"rebelles|jihadistes|terroristes|combattants|hommes armés)\b", re.I)


def names_a_party(phrase: str) -> bool:
    """Whether `phrase` is a word for a party to events ("Gunmen", "Villagers", "Soldiers"), not a name."""
    return any(rx.fullmatch(phrase.strip()) for rx in (_STATE_WORDS, _NON_STATE_WORDS, _CIVILIAN_WORDS))


_HARM = re.compile(r"\b(?:killed|killing|kills|dead|died|massacred|executed|shot dead|beat|beating|beaten|injur\w*|"
                   r"wound\w*|whipped|tortured|raped|abducted|kidnapped|tués|morts|blessés)\b", re.I)


@lru_cache(maxsize=2)
def _cue_requirements(path: str | None = None) -> dict[tuple[int, int], tuple[str, ...] | None]:
    return {(i, j): shortest_needed(required_text(cue.pattern, cue.flags)) for i, st in enumerate(load_event_types(path))
            for j, cue in enumerate(st.cues)}


def cue_hits(sentence: str, possible: set[tuple[int, int]] | None = None) -> dict[tuple[int, int], int]:
    """(sub-type, cue) → where that cue first matches in the sentence, for every cue that does (of those in
    `possible`, when given). Each cue runs once per sentence; the rules and the classifier's features share it.
    A cue runs only where one of its required strings (`required_text`) is in the sentence."""
    table = _cue_table()
    low = lowered(sentence)
    out = {}
    for pair in (possible if possible is not None else table):
        need, search = table[pair]
        if need is not None and low is not None and not any(map(low.__contains__, need)):
            continue
        m = search(sentence)
        if m:
            out[pair] = m.start()
    return out


@lru_cache(maxsize=2)
def _cue_table(path: str | None = None) -> dict[tuple[int, int], tuple[tuple[str, ...] | None, object]]:
    """(sub-type, cue) → (its required strings, its regex's search), in the file's order."""
    needs = _cue_requirements(path)
    return {(i, j): (needs[i, j], cue.search) for i, st in enumerate(load_event_types(path))
            for j, cue in enumerate(st.cues)}


def classify(sentence: str, actors: list[tuple[int, str | None]],
             possible: set[tuple[int, int]] | None = None,
             targets: tuple[list[int], list[int]] | None = None,
             hits: dict[tuple[int, int], int] | None = None) -> tuple[SubType, int] | None:
    """(sub-type, cue position) for one sentence, or None when nothing matches. `actors` are
    (position in the sentence, actor type) of the dictionary actors it names; `possible`, when given, the
    (sub-type, cue) pairs the prefilter lets through; `hits`, when given, where the cues match
    (`cue_hits`). Sub-types are tried heaviest first; the first whose cue matches and whose constraints
    hold wins."""
    types = load_event_types()
    if hits is None:
        hits = cue_hits(sentence, possible)
    if not hits:
        return None
    first: dict[int, int] = {}          # sub-type → where its first cue (in the file's order) matches
    for i, j in sorted(hits):
        first.setdefault(i, hits[i, j])
    harm = any(types[i].name == "Looting/property destruction" for i in first) and bool(_HARM.search(sentence))
    civ_positions, arm_positions = targets if targets is not None else (None, None)
    order = sorted(first, key=lambda i: -_weight(types[i], harm))
    for i in order:
        st = types[i]
        if any(u.search(sentence) for u in st.unless):
            continue
        at = first[i]
        if _MODAL_BEFORE.search(sentence, max(0, at - 40), at):
            continue          # "would attack", "plans to seize": not a reported fact
        passive = bool(_PASSIVE.search(sentence, max(0, at - 30), at))
        if passive:
            lo, hi = 0, at    # "two aid workers were shot dead … by gunmen": the subject is the target
        else:
            lo, hi = at, len(sentence)
        if civ_positions is None:
            civ_positions = [m.start() for m in _CIVILIAN_WORDS.finditer(sentence)]
            arm_positions = [m.start() for m in _ARMED_TARGET.finditer(sentence)]
        civ = next((p - lo for p in civ_positions if lo <= p < hi), None)
        arm = next((p - lo for p in arm_positions if lo <= p < hi), None)
        # named actors in the target's stretch (after the cue; before it when the verb is passive), from lo
        civ_at = min(([civ] if civ is not None else []) +
                     [p - lo for p, k in actors if k == "civilians" and lo <= p < hi], default=None)
        arm_at = min(([arm] if arm is not None else []) +
                     [p - lo for p, k in actors if k not in (None, "civilians") and
                      (lo <= p if passive else lo < p) and p < hi], default=None)
        civilians_after, armed_after = civ_at is not None, arm_at is not None
        civilians = civilians_after or bool(civ_positions) or any(k == "civilians" for _, k in actors)
        civilian_target = (civilians_after and (arm_at is None or civ_at < arm_at)) or (civilians and not armed_after)
        if st.civilian_target and not civilian_target:
            continue
        if st.armed_opponent and civilians_after and not armed_after:
            continue
        if st.actor1:
            state = _first_actor_is_state(sentence, at, actors)
            if st.actor1 == "state" and state is not True:
                continue
            if st.actor1 == "non-state" and state is True:
                continue
        return st, at
    return None


def _weight(st: SubType, harm: bool) -> float:
    if st.event_type == NON_VIOLENT and st.name == "Looting/property destruction" and not harm:
        return st.weight + 10     # property destroyed, nobody hurt: the destruction is the event
    return st.weight


_BY_WHOM = re.compile(r"\bby\s+(.{0,60})")


def _first_actor_is_state(sentence: str, at: int, actors: list[tuple[int, str | None]]) -> bool | None:
    armed = [(p, k) for p, k in actors if k not in (None, "civilians")]
    before = [k for p, k in armed if p < at]
    if before:
        return before[0] in STATE_KINDS
    head = sentence[:at]
    by = _BY_WHOM.search(sentence[at:])
    state_word, non_state_word = _STATE_WORDS.search(head), _NON_STATE_WORDS.search(head)
    if state_word and (not non_state_word or state_word.start() < non_state_word.start()):
        return True
    if non_state_word:
        return False
    if by:
        return bool(_STATE_WORDS.search(by.group(1)))
    return None


# Every _FATAL match holds one of these (lower-case substrings, tested before the regex).
_FATAL_WORDS = ("kill", "dead", "die", "death", "fatalit", "casualt", "massacr", "execut", "leaving", "left",
                "claiming", "tua", "tué", "tuent", "faisant", "mort", "victime", "gunn", "behead", "murder", "slaughter",
                "assassin")


_FATAL_WORD = re.compile("|".join(map(re.escape, _FATAL_WORDS)))
# The first word of every _FATAL match (each alternative starts a word): a number's, or one of these.
_FATAL_FIRST = _QUANTITY_FIRST | {"killing", "killed", "kills", "kill", "leaving", "left", "claiming", "tuant", "tuent",
                                  "faisant", "death", "shot", "shooting", "gunned", "gunning", "beheaded", "beheading",
                                  "beheads", "executed", "executing", "murdered", "murdering", "massacred", "massacring",
                                  "slaughtered", "slaughtering", "assassinated", "assassinating", "resulted",
                                  "resulting", "led", "leading", "caused", "causing"}


# A wire story's dateline at the start of its line: "NIAMEY, May 4 (Reuters) - ", "Ouagadougou, 14 mars 2024 (AFP) - ",
# "GENEVA (22 October 2024) – ". Looser than document._DATELINE (any case, any text before the dash): it only tells
# where the dateline ends.
_DATELINE_HEAD = re.compile(r"[A-ZÀ-Ý][\w .'’-]{1,40}(?:,\s+|\s+\()[^\n]{3,40}?\s" + DATELINE_DASH + r"\s")


def in_dateline(text: str, at: int) -> bool:
    """The date at `at` is the dateline's, when the story was filed: not when what its first sentence tells happened
    ("NIAMEY, May 4 (Reuters) - Gunmen killed 12 villagers on Sunday": Sunday)."""
    line = text.rfind("\n", 0, at) + 1
    m = _DATELINE_HEAD.match(text, line)
    return m is not None and at < m.end()


# A year (or a month) that names a thing rather than dating the sentence's event: "who had signed the 2016 peace
# agreement", "its 2023 report", "the disputed October 2024 election"; but "the 2019 attack", "during the 2012
# rebellion" date what they name, which may be the event. (The French form, "l'accord de 2015", is left as a date:
# "de 2015" also dates.)
_THING_YEAR_BEFORE = re.compile(r"\b(?i:the|a|an|its|their|his|her|this|that)\s+(?:[a-z][\w-]+\s+)?$")
_THING_YEAR_AFTER = re.compile(r"(?i)\s+(?!and\b|or\b|to\b|through\b|until\b|(?:[\w-]+\s+)?(?:attacks?|assaults?|"
                               r"ambush(?:es)?|raids?|offensives?|massacres?|bombings?|strikes?|clashes|coups?|"
                               r"killings?|fighting|sieges?|invasion|uprising|rebellion|insurgency|war|conflict|"
                               r"crisis|violence|operations?)\b)[a-zà-ÿ]")


def _names_a_thing(text: str, date: dict) -> bool:
    """A year or a month that names a thing ("the 2016 peace agreement", "the disputed October 2024 election")."""
    return date["precision"] in ("year", "month") and \
        bool(_THING_YEAR_BEFORE.search(text, max(0, date["start"] - 24), date["start"])) and \
        bool(_THING_YEAR_AFTER.match(text, date["end"]))


# A non-restrictive relative clause: what it dates is its subject's past, not the sentence's event ("the ADF, which
# pledged allegiance to the Islamic State in 2019, killed nine farmers on 13 September")
_RELATIVE_OPEN = re.compile(r"(?i),\s+(?:which|who|whose|where|qui|dont|où|lequel|laquelle)\b[^,;:()\n]*$")


def _in_relative_clause(text: str, start: int, at: int) -> bool:
    """Whether the date at `at`, in the sentence that opens at `start`, lies in a relative clause set off by a comma
    (with no comma between)."""
    return bool(_RELATIVE_OPEN.search(text, max(start, at - 120), at))


def fatalities_in(sentence: str, dates: Iterable[tuple[int, int]] = ()) -> int | None:
    """The toll a sentence gives; `dates`: where its dates are (in the sentence), whose numbers are no toll ("gunmen
    19 Feb killed 15 people", "On 4 March 2024 militants killed 9")."""
    if not any(map(sentence.lower().__contains__, _FATAL_WORDS)):      # (plain substring tests: faster)
        return None
    for a, b in dates:
        sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    total, seen = 0, False
    # (_FATAL tried only at the words its matches can start with: the same matches as scanning for it)
    starts = [m.start() for m in _WORD_RUN.finditer(sentence)
              if (w := m.group(0))[0].isdigit() or not w.isascii() or w.lower() in _FATAL_FIRST]
    for m in finditer_at(_FATAL, sentence, starts):
        raw = m.group("a") or m.group("b") or m.group("c") or m.group("f")
        value = number_value(raw) if raw else 1      # (groups d, e: one person)
        if value is not None and value < 100000:
            total += value + sum(_listed_tolls(sentence, m))
            seen = True
    return total if seen else None


# The other groups of a toll told as a list: "Twelve soldiers and three VDP were killed", "killing 12 soldiers and
# three civilians", "tuant 12 soldats et trois civils" (not "killing 12 people and wounding 30", "12 killed and 30
# others were wounded")
_LIST_LINK = r"(?:\s*,\s*(?:and\s+|et\s+)?|\s+(?:and|as well as|et)\s+)"
_LISTED_BEFORE = re.compile(rf"(?i)\b(?P<n>{NUMBER})\s+(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+{_LIST_LINK}\Z")
_LISTED_AFTER = re.compile(rf"(?i)\s+(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+?{_LIST_LINK}(?:at least\s+|some\s+|about\s+|au moins\s+)?"
                           rf"(?P<n>{NUMBER})\s+(?!(?:[\w'’-]+\s+){{0,3}}?(?:were\s+|was\s+|others?\s+)?(?:wounded|injured|"
                           rf"hurt|missing|abducted|kidnapped|arrested|captured|displaced|bless[ée]s|enlevés|disparus)\b)"
                           rf"(?!(?:head|cattle|cows?|goats?|sheep|camels?|animals?|livestock|vehicles?|houses?|homes?|"
                           rf"shops?|têtes?|bœufs?|boeufs?|chameaux|véhicules?|maisons?)\b)[\w'’-]+")


def _listed_tolls(sentence: str, m: re.Match) -> list[int]:
    """The numbers of the groups listed with the toll `m` matched: before it when its number comes before the verb
    (group b), after it when the verb comes first (group a)."""
    found, edge = [], m.start("b") if m.group("b") else None
    while edge is not None:
        before = _LISTED_BEFORE.search(sentence, max(0, edge - 60), edge)
        value = number_value(before.group("n")) if before else None
        if value is None:
            break
        found.append(value)
        edge = before.start()
    edge = m.end("a") if m.group("a") else None
    while edge is not None:
        after = _LISTED_AFTER.match(sentence, edge)
        value = number_value(after.group("n")) if after else None
        if value is None:
            break
        found.append(value)
        edge = after.end("n")
    return found


# A statement's own day: "said on Tuesday", "told journalists on 4 May", "announced Monday", "a déclaré jeudi"
_SAID_ON = re.compile(rf"(?i)\b(?:{SAYING_VERBS})\s+(?:(?:reporters|journalists|the press|AFP|Reuters|the BBC|"
                      r"agencies|(?:in|at) a (?:statement|press conference|briefing))\s+)?(?:on|last|this|le)?\s*$")
# What opens a duration whose start a date gives: "since 2017", "depuis début 2020"
_SINCE_BEFORE = re.compile(r"(?i)\b(?:since|depuis)\s+(?:the\s+|early\s+|late\s+|mid-?|début\s+|fin\s+)?$")


def find_events(text: str, sentences: list[tuple[int, int]], actor_mentions: list[tuple[int, int, str, str | None]],
                place_mentions: list[tuple[int, int, dict]], dates: list[dict], skip=lambda s, e: False,
                folded: str | None = None, classifier: bool = True, parser=None) -> list[dict]:
    """actor_mentions: (start, end, canonical name, type); place_mentions: (start, end, place).
    `classifier`: the trained sub-type classifier decides (the rules are its features and its fallback);
    False: the rules alone. `parser`: a spaCy pipeline with a dependency parser, for who did what to whom."""
    events: list[dict] = []
    held: list[dict] = []        # the title's events
    prefilter, index = cue_prefilter()
    if folded is None:
        folded = fold(text)
    prose_of = dict(zip(sentences, prose_sentences(text, sentences)))
    sentences, parent = _clauses(text, sentences)
    outer_skip = skip
    skip = lambda s, e: outer_skip(*parent[(s, e)])       # noqa: E731  (judgments, sections: the whole sentence's)
    possible = [{index[k] for k in ks} for ks in prefilter.by_sentence(folded, sentences)]
    target_words = _TARGET_WORDS.starts(folded)
    target_starts = [t[0] for t in target_words]
    last_date, date_para = None, -1      # the last date told in the paragraph, and where that paragraph starts
    date_starts = [d["start"] for d in dates]
    actor_starts = [a[0] for a in actor_mentions]
    place_starts = [p[0] for p in place_mentions]
    prose = [prose_of[parent[c]] for c in sentences]
    verdicts = _verdicts(text, sentences, prose, possible, actor_mentions, actor_starts, target_words, target_starts,
                         skip, classifier)
    for n in [n for n in verdicts if _hazard_told(text, *sentences[n])]:
        del verdicts[n]       # a flood's or a storm's toll is no event of political violence, nor anyone's toll
    parses = _parse({n: sentences[n] for n, v in verdicts.items() if v}, text, parser)
    for n, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        told = dates[bisect_left(date_starts, s):bisect_left(date_starts, e)]
        in_dates = [d for d in told if d["value"]]
        in_dates = [d for d in in_dates if not in_dateline(text, d["start"])] or in_dates
        in_dates = [d for d in in_dates if not _names_a_thing(text, d)]
        # a duration's start is no event's date ("who have enforced a boycott since 2017, also abducted a chief")
        since = [d for d in in_dates if _SINCE_BEFORE.search(text, max(0, d["start"] - 12), d["start"])]
        own = [d for d in in_dates if not _in_relative_clause(text, s, d["start"]) and d not in since]
        # the day a statement was made dates the statement, not the event it tells ("The UN office said on Tuesday …
        # at least 115 people were killed … on 3 October"): the sentence's other day first
        if any(d["precision"] == "day" and not _SAID_ON.search(text, max(s, d["start"] - 40), d["start"]) for d in own):
            own.sort(key=lambda d: bool(_SAID_ON.search(text, max(s, d["start"] - 40), d["start"])))
        in_dates = own or [d for d in in_dates if d not in since]
        para = text.rfind("\n\n", 0, s)
        if para != date_para:
            last_date, date_para = None, para      # a new paragraph: no date told in it yet
        if own:
            last_date = own[0]["value"]
        elif in_dates:
            last_date = None      # a date told of a background clause ("who seized power in a 2022 coup") is no time
            #                       for the sentences after it
        elif any(not d["value"] and not in_dateline(text, d["start"]) for d in told):
            last_date = None      # a day the reader cannot place ("on Friday", no date of publication): not the last
        if verdicts.get(n) is None and events and events[-1]["place_mention"] and s - events[-1]["end"] < 1500 and \
                _ANAPHORA.match(sentence):
            _to_site(events[-1], text, place_mentions[bisect_left(place_starts, s):bisect_left(place_starts, e)])
        if n not in verdicts:
            continue
        actors = actor_mentions[bisect_left(actor_starts, s):bisect_left(actor_starts, e)]
        found = verdicts[n]
        spans = [(max(d["start"], s) - s, min(d["end"], e) - s)
                 for d in dates[bisect_left(date_starts, s):bisect_left(date_starts, e)]]
        if found is None:
            # a toll for the event before, in its paragraph, that has none (the cheap tests first)
            if events and not events[-1]["fatalities"] and events[-1]["end"] >= text.rfind("\n\n", 0, s):
                fatalities = fatalities_in(sentence, spans)
                if fatalities:
                    events[-1]["fatalities"] = fatalities
                    events[-1]["end"] = e
            continue
        fatalities = fatalities_in(sentence, spans)
        if not found.by_rule and fatalities and events and events[-1]["end"] >= text.rfind("\n\n", 0, s) and \
                all(p[2].get("id") == events[-1]["place_id"] for p in place_mentions[
                    bisect_left(place_starts, s):bisect_left(place_starts, e)]) and \
                all(d["value"] == events[-1]["date"] for d in in_dates if d["precision"] == "day"):
            # "Eight soldiers were killed." after the event: its toll, not another event
            if not events[-1]["fatalities"]:
                events[-1]["fatalities"] = fatalities
                events[-1]["end"] = e
            continue
        sub, cue_at = found.sub, found.cue_at
        actors = [m for m in actors if not (m[0] > s + cue_at and _is_source(text, m[0], m[1], s)) and
                  not (m[1] <= s + cue_at and _speaker_only(text, m[1], s + cue_at))]
        actor1, actor2 = _roles(sentence, s, cue_at, actors, sub, parses.get(n))
        if actor1 in (None, "Unidentified armed group") and (the := _DEFINITE_DOER.match(sentence)) and \
                the.end() <= cue_at:
            # "The assailants attacked the base" after "JNIM fighters launched an attack on Djibo": the armed group
            # named last before, within a few hundred characters
            prior = [m for m in actor_mentions[:bisect_left(actor_starts, s)]
                     if m[3] in _ARMED_GROUP_KINDS and s - m[0] < 800 and m[2] != actor2]
            if prior:
                actor1 = prior[-1][2]
        here = [p for p in place_mentions[bisect_left(place_starts, s):bisect_left(place_starts, e)]
                if not _is_dateline(text, p[0], p[1]) and not _names_an_office(text, p[0], p[1], s)]
        if here:
            # where people fled to is not where it happened ("forced 3,000 people to flee to a town"); but a town
            # is not given up for the wider areas named after it ("arrived in Karma, a village in Yatenga
            # province, and shot residents": the village)
            kept = [p for p in here if not _DESTINATION.search(text, max(s, p[0] - 40), p[0])]
            if kept and min(_rank(p[2]) for p in kept) > min(_rank(p[2]) for p in here):
                kept = here
            here = kept or (here if len(here) > 1 else [])
        if len(here) > 1:
            # a place told in a clause of its own before the event's is where the story stands, not where the event
            # happened ("Mourners gathered in Kaya after soldiers were killed near Barsalogho", "Residents of Tahoua
            # said that gunmen attacked a market in Tillia"), nor where the doers came from or a distance is measured
            # from ("Gunmen from Gao attacked a bus near Ansongo", "at a checkpoint 10 km from Arbinda"); but a town
            # is not given up for a wider area ("In Baidoa, South West State police said they had arrested …")
            told = [p for p in here if p[0] > s + cue_at or not _CLAUSE_BREAK.search(text, p[1], s + cue_at)]
            told = [p for p in told if not _ORIGIN.search(text, max(s, p[0] - 30), p[0])] or told
            if told and min(_rank(p[2]) for p in told) == min(_rank(p[2]) for p in here):
                here = told
        last_place = events[-1]["place_mention"][2] if events and events[-1]["place_mention"] else None
        if events and (_ANAPHORA.match(sentence) or _MORE_OF_IT.search(sentence)) and s - events[-1]["end"] < 1500 and \
                all(p[2].get("id") == events[-1]["place_id"] or _site_of(p[2], last_place)
                    for p in here if not _rank(p[2])) and \
                all(d["value"] == events[-1]["date"] for d in in_dates if d["precision"] == "day"):
            # "The attack, which lasted hours, involved mortar fire": more about the event just told (a new
            # place or date makes it another event: "The raid came a week after gunmen ambushed … in X"); a
            # site of its town named now is where it happened ("The attack hit the Madina mosque in … Mubi")
            if fatalities and not events[-1]["fatalities"]:
                events[-1]["fatalities"] = fatalities
            _to_site(events[-1], text, here)
            continue
        # the narrowest place; of a town heading its district and a region (or a place that owns it), the town ("in
        # Balochistan's Kalat district": Kalat; "in Tillabéri's Ouallam department": Ouallam)
        mention = min(here, key=lambda x: (_place_rank(text, x), bool(_OWNS_NEXT.match(text, x[1])), _rank(x[2]), x[0]),
                      default=None)
        town = mention[2] if mention else None
        if mention is not None:
            # the most specific place: "in Kismayo's Asasey hotel" happened at the hotel (in its town's admin-1)
            mention = next((p for p in here if _site_of(p[2], mention[2])), mention)
        if mention is None:
            # no place named: the last town named earlier in the paragraph, else the previous event's place
            para = text.rfind("\n\n", 0, s)
            earlier = [p for p in place_mentions[bisect_left(place_starts, max(para, 0)):bisect_left(place_starts, s)]
                       if not _rank(p[2]) and not _is_dateline(text, p[0], p[1])
                       and not _ADMIN_AFTER.match(text, p[1]) and not _DESTINATION.search(text, max(0, p[0] - 40), p[0])]
            if earlier:
                mention = earlier[-1]
            elif events and events[-1]["place_mention"] is not None:
                mention = events[-1]["place_mention"]
            else:       # else the last town the report named before
                mention = next((p for p in reversed(place_mentions[:bisect_left(place_starts, s)])
                                if not _rank(p[2]) and not _is_dateline(text, p[0], p[1])), None)
        place = mention[2] if mention else None
        title = False
        if _is_headline(text, s, e):
            if text[:s].strip():
                continue      # a headline repeats the story's sentence below it
            title = True      # the title's event: kept unless the story tells it
        date_value = in_dates[0]["value"] if in_dates else last_date
        prev = events[-1] if events and not title else None
        if prev and prev["sub_type"] == sub.name and text.find("\n\n", prev["end"], s) < 0 and \
                (place is None or prev["place_id"] in (None, place.get("id"))):
            prev["fatalities"] = max(prev["fatalities"], fatalities or 0)   # the same event, told twice
            prev["end"] = e
            continue
        listed = _listed_with(text, here, mention) if mention else [mention]
        for k, where in enumerate(listed):
            # one event per place of a list ("strikes on Kfar Kila and Aita al-Shaab"), as ACLED codes them: a
            # toll given for all of them is divided evenly, the remainder going to the first
            share = (fatalities or 0) // len(listed) + (k == 0) * ((fatalities or 0) % len(listed))
            p = where[2] if where else None
            unit = town if p is not None and _site_of(p, town) else p
            (held if title else events).append({
                           "actor1": actor1, "actor2": actor2, "event_type": sub.event_type, "sub_type": sub.name,
                           "place": _place_name(text, where) if p else None, "admin1": unit.get("admin1") if p else None,
                           "place_id": p.get("id") if p else None,
                           "region_id": unit.get("region_id") if p else None,
                           "date": date_value,
                           "fatalities": share, "text": sentence, "start": s, "end": e,
                           "place_mention": where})
    events = [ev for k, ev in enumerate(events) if not any(_told_again(ev, before) for before in events[:k])]
    if not events:
        # the title's event, where the story gave none ("Niger : une embuscade fait 12 morts …" above a first
        # sentence the classifier doubts); a story that tells events tells the title's among them, often at a finer
        # place (measured: keeping a title's event whenever no story event shared its sub-type and place invented
        # 53 events on the pooled dev for 5 found)
        events = held
    towns = [p[2] for p in place_mentions if p[2].get("kind") != "area" and p[2].get("admin1")]
    for ev in events:
        where = ev.pop("place_mention")
        if where is not None and ev["admin1"] is None and where[2].get("kind") == "area":
            # a site named alone ("the Ras Tanura oil terminal"): the admin-1 of the town it lies in
            town = next((t for t in towns if _site_of(where[2], t)), None)
            if town is None:
                # else the one admin-1 the sentence's other places share ("Djugu territory: CODECO militiamen killed
                # 51 people at the Lala mine site": Ituri)
                near = {(t.get("admin1"), t.get("region_id")): t for a, _, t in place_mentions
                        if ev["start"] <= a < ev["end"] and t.get("admin1") and t.get("kind") != "country"
                        and where[2].get("country") in (None, t.get("country"))}
                town = next(iter(near.values())) if len(near) == 1 else None
            if town is not None:
                ev["admin1"], ev["region_id"] = town.get("admin1"), town.get("region_id")
    return events


def _told_again(event: dict, before: dict) -> bool:
    """Whether `event` is one told `before` in the same report: the same sub-type, doer and target, the same toll
    (some) and a date that agrees (a report's highlights, then its body: "At least 31 civilians were killed when
    CODECO militiamen attacked the site …" and "CODECO stormed the site …, killing at least 31")."""
    if not event["fatalities"] or event["fatalities"] != before["fatalities"] or not event["date"] or \
            not before["date"] or event["actor1"] is None or event["start"] == before["start"]:
        return False          # (one sentence's list of places is one event per place: "strikes on A and B")
    a, b = event["date"].split("/")[0], before["date"].split("/")[0]
    return (event["sub_type"], event["actor1"], event["actor2"]) == \
        (before["sub_type"], before["actor1"], before["actor2"]) and a[:len(b)] == b[:len(a)]


# A semicolon between two clauses that each tell something: "militants attacked a post in Diapaga, killing nine; the
# army said its aircraft later destroyed two columns near Kantchari" tells two events, as a report's list does
_CLAUSE_JOIN = re.compile(r"\s*;\s+(?=\S)"
                               # or a comma and a conjunction before a new subject ("CODECO militiamen killed 51
                               # civilians in Djugu, and ADF combatants killed 20 people in Lubero")
                               r"|,\s+(?:and|while|whereas|but|et|tandis que|alors que)\s+(?=[A-ZÀ-Ý]|the\s|les?\s|la\s|"
                               # (or a plural doer: "…, and soldiers later clashed with …")
                               r"(?:soldiers|troops|gunmen|militants|jihadists|insurgents|rebels|bandits|police|"
                               r"militiamen|fighters|assailants|attackers|protesters|demonstrators|rioters|"
                               r"soldats|militaires|assaillants|jihadistes|terroristes|manifestants)\s)")
_CLAUSE_WORDS = 5       # each side at least this many words: "killed 12; 4 wounded" is one event's toll


def _clauses(text: str, sentences: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], dict]:
    """The sentences cut into clauses of their own (at a semicolon, or a comma and a conjunction before a new
    subject), and each clause's sentence."""
    out, parent = [], {}
    for s, e in sentences:
        start = s
        for m in _CLAUSE_JOIN.finditer(text, s, e):
            if len(text[start:m.start()].split()) >= _CLAUSE_WORDS and \
                    len(text[m.end():e].split()) >= _CLAUSE_WORDS:
                out.append((start, m.start() + 1))
                parent[out[-1]] = (s, e)
                start = m.end()
        out.append((start, e))
        parent[out[-1]] = (s, e)
    return out, parent


# How sure the classifier must be that a sentence reports nothing before it overrules a rule that fired.
RULE_OVERRULED_AT = 0.7
# How sure it must be of an event where no rule fired.
MODEL_ALONE_AT = 0.6
SHORT = 6       # tokens: a line this short that is not prose may still add a toll ("3 fatalities.")


@dataclass(frozen=True)
class Verdict:
    sub: SubType
    cue_at: int            # where the event is told: its cue (or verb), for the roles
    by_rule: bool          # a rule fired for this sentence (the classifier may still have chosen another sub-type)


def _verdicts(text, sentences, prose, possible, actor_mentions, actor_starts, target_words, target_starts,
              skip, use_classifier: bool) -> dict[int, Verdict | None]:
    """For every sentence that may report a fact (not skipped, not a condition or question, prose or a short
    line): the event it reports, or None."""
    from watchfloor.read import event_model
    types = load_event_types()
    by_name = {st.name: (i, st) for i, st in enumerate(types)}
    out: dict[int, Verdict | None] = {}
    rules: dict[int, tuple[SubType, int] | None] = {}
    hits: dict[int, dict[tuple[int, int], int]] = {}
    targets_of: dict[int, tuple[list[int], list[int]]] = {}
    for n, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        if skip(s, e) or _HYPOTHETICAL.match(sentence) or sentence.rstrip().endswith("?"):
            continue
        if not prose[n]:
            if len(sentence.split()) < SHORT:
                out[n] = None          # no event of its own; may add a toll to the one before
            continue
        actors = actor_mentions[bisect_left(actor_starts, s):bisect_left(actor_starts, e)]
        here = target_words[bisect_left(target_starts, s):bisect_left(target_starts, e)]
        targets = ([p - s for p, kinds in here if "civ" in kinds], [p - s for p, kinds in here if "arm" in kinds])
        targets_of[n] = targets
        hits[n] = cue_hits(sentence, possible[n])
        armed_named = any(k not in _UNARMED_KINDS and k not in (None, "civilians") for *_, k in actors)
        found = classify(sentence, [(a - s, None if armed_named and k in _UNARMED_KINDS else k)
                                    for a, b, _, k in actors], possible[n], targets, hits[n])
        if found and _not_told_as_new(sentence, found[1]):
            found = None
        if found and found[0].event_type == NON_VIOLENT and _not_a_development(sentence, found[1]):
            found = None
        rules[n] = found
        out[n] = Verdict(found[0], found[1], True) if found else None
    if not use_classifier or not rules:
        return out
    model = event_model.classifier()
    numbers = list(rules)
    batch = [event_model.Sentence(text[sentences[n][0]:sentences[n][1]],
                                  rules=model.rule_tokens(text[sentences[n][0]:sentences[n][1]], possible[n],
                                                          hits[n]))
             for n in numbers]
    none_at = model.classes_.index(event_model.NO_EVENT)
    proba = model.predict_proba(batch)
    nones = proba[:, none_at].tolist()
    proba[:, none_at] = -1
    bests = proba.argmax(axis=1)
    for n, p_none, best, p_best in zip(numbers, nones, bests.tolist(), proba[np.arange(len(bests)), bests].tolist()):
        sentence, rule = text[sentences[n][0]:sentences[n][1]], rules[n]
        label = model.classes_[best]
        if rule is not None:
            if p_none >= RULE_OVERRULED_AT:
                out[n] = None                  # a cue word, but the sentence reports nothing
                continue
            if p_best <= p_none:
                # the classifier leans to no event without overruling the rule: its runner-up sub-type is no
                # better a guess than the rule's ("Eight people, including three children, were killed in the
                # attack on …": the rule's attack on civilians, not the classifier's 0.2 for an armed clash)
                continue
        elif p_best < MODEL_ALONE_AT or p_best <= p_none:
            out[n] = None                      # no rule fired, and the classifier is not sure enough
            continue
        i, sub = by_name[label]
        if sub.name in _TERRITORY_BY_ACTOR:
            # ACLED tells these two apart by who takes the place: a state (or its allies) or not
            s0 = sentences[n][0]
            actors = [(a - s0, k) for a, b, _, k in actor_mentions[bisect_left(actor_starts, s0):
                                                                   bisect_left(actor_starts, sentences[n][1])]]
            at = _cue_position(i, hits[n])
            state = _first_actor_is_state(sentence, at if at is not None else len(sentence), actors)
            if state is not None and state != (sub.actor1 == "state"):
                i, sub = by_name[_TERRITORY_BY_ACTOR[sub.name]]
                label = sub.name
        if rule is None and sub.name == "Attack" and _forces_harmed(sentence, _cue_position(i, hits[n]), targets_of[n]) \
                and not any(k == "civilians" for _, _, _, k in actor_mentions[
                    bisect_left(actor_starts, sentences[n][0]):bisect_left(actor_starts, sentences[n][1])]):
            # an attack on civilians where the sentence names no civilian and a state's forces were harmed ("douze
            # militaires maliens ont été tués dans une embuscade"): ACLED's attack on civilians needs civilians
            i, sub = by_name["Armed clash"]
            label = sub.name
        if rule and rule[0].name == label:
            out[n] = Verdict(sub, rule[1], True)
            continue
        if any(u.search(sentence) for u in sub.unless):
            # what rules a sub-type out (data/event_types.yaml: a truce only proposed, aircraft only delivered) holds
            # whoever chose it: the rules' own choice, else nothing
            out[n] = Verdict(rule[0], rule[1], True) if rule else None
            continue
        if rule and _rule_stands(rule[0], rule[1], sub, sentence,
                                 _first_actor_kind(sentences[n][0], rule[1], actor_mentions, actor_starts),
                                 targets_of[n]):
            out[n] = Verdict(rule[0], rule[1], True)
            continue
        at = _cue_position(i, hits[n])
        if at is None and sub.name in _TERRITORY and (taking := _TAKING.search(sentence)):
            at = taking.start()     # "M23 took the mining town of X after the army withdrew": who took it, not who left
        if at is None:
            at = rule[1] if rule else min(hits[n].values(), default=None)
        if at is None and (verb := _EVENT_VERB.search(sentence)):
            at = verb.start()       # no cue matched: the event's verb, for who did it to whom
        if at is not None and (_MODAL_BEFORE.search(sentence, max(0, at - 40), at) or _not_told_as_new(sentence, at)):
            out[n] = None          # "would attack", "plans to seize", "did not attack", "the war has killed …": not a
            #                        reported event
        elif sub.event_type == NON_VIOLENT and at is not None and _not_a_development(sentence, at):
            out[n] = None
        else:
            out[n] = Verdict(sub, at or 0, rule is not None)
    return out


def _not_told_as_new(sentence: str, at: int) -> bool:
    """Whether the event whose cue is at `at` is denied, summed up or only witnessed: "did not attack", "the war has
    killed …", "peacekeepers had observed the shelling"."""
    return bool(_NEGATED_BEFORE.search(sentence, max(0, at - 30), at) or
                _CUMULATIVE_BEFORE.search(sentence, max(0, at - 60), at) or
                _WITNESSED_BEFORE.search(sentence, max(0, at - 50), at))


# The kinds of actors that bear no arms: named in a sentence of violence with an armed doer, they tell of it, count it
# or help its victims ("The UN Human Rights Office said … 115 people were killed … by members of the Gran Grif gang"),
# and are neither its armed target nor its doer for the rules' constraints (a sentence where an office alone counts
# the dead, "The health ministry said 61 people had been killed", is left to tell the toll of the event before)
_UNARMED_KINDS = frozenset({"human rights organisation", "humanitarian organisation", "international organisation",
                            "regional body", "government body", "state agency", "legislature", "organisation"})
# (news outlets never reach the events: components._NEVER_EVENT_ACTORS)
# A state's forces among the armed target words
_STATE_FORCE_WORD = re.compile(r"(?i)(?:soldiers?|troops|gendarmes?|gendarmerie|police(?:men)?|peacekeepers|VDP|"
                               r"militaires|soldats)\b")


def _forces_harmed(sentence: str, at: int | None, targets: tuple[list[int], list[int]]) -> bool:
    """Whether the sentence names no civilian and a state's forces where the harm of the cue at `at` falls: after
    it, or before it when the verb is passive ("twelve soldiers were killed in an ambush")."""
    civ, arm = targets
    if at is None or civ:
        return False
    lo, hi = (0, at) if _PASSIVE.search(sentence, max(0, at - 30), at) else (at, len(sentence))
    return any(lo <= p < hi and _STATE_FORCE_WORD.match(sentence, p) for p in arm)


def _rule_stands(rule: SubType, at: int, label: SubType, sentence: str, first_kind: str | None = None,
                 targets: tuple[list[int], list[int]] = ([], [])) -> bool:
    """Whether the rules' sub-type (cue at `at`) stands against the classifier's other `label`; `first_kind`: the
    kind of the first actor the sentence names before the cue; `targets`: where the sentence's civilian and armed
    target words are."""
    if label.civilian_target and rule.armed_opponent and not targets[0] and \
            any(t >= at and _FORCE_MEMBERS.match(sentence, t) for t in targets[1]):
        # the classifier's attack on civilians where the sentence's only targets are armed people ("Gunmen shot dead
        # a soldier at a checkpoint", "Four bandits were shot dead by vigilantes"): the rules' battle, whose opponent
        # the sentence names (a post or a checkpoint alone may be held by civilians' own guards)
        return True
    if rule.name == "Attack" and label.name == "Armed clash" and any(t > at for t in targets[0]) and \
            not any(t > at for t in targets[1]) and not _PASSIVE.search(sentence, max(0, at - 30), at) and \
            not _FIGHTING_TOLD.search(sentence, 0, at):
        # the rules' attack on civilians where only civilians are named after the verb ("said insurgents killed five
        # farmers"): armed words before it (a spokesman's army, a post's name) make no battle of it, unless they fought
        # ("Fighting between the army and the White Army killed 19 people")
        return True
    if rule.name == "Attack" and label.name == "Abduction/forced disappearance" and \
            any(u.search(sentence) for u in label.unless):
        # people killed as well as abducted: the attack (data/event_types.yaml), whatever the classifier makes of it
        return True
    if rule.event_type == "Explosions/Remote violence" and label.name == "Armed clash" and \
            not _FIGHTING.search(sentence):
        # a strike from afar the rules found ("shelled army positions, killing three soldiers") is remote violence,
        # though its victims are armed: a battle is told as fighting, not as a shelling
        return True
    if label.name in _TERRITORY and rule.event_type == "Violence against civilians" and \
            not _TAKING.search(sentence) and not any(cue.search(sentence) for cue in label.cues):
        # violence against civilians the rules found, where the sentence tells no place changing hands by a verb of
        # taking or handing over ("… was deeply concerned by the rise of jihadist violence in the east, after at least
        # 40 people were killed in Diapaga by JNIM fighters"); (a withdrawal may tell a transfer: measured, kept)
        return True
    if rule.name == "Other" and label.name == "Change to group/activity":
        # a curfew, a state of emergency or a deployment the rules found is "Other" by ACLED's definitions
        # (data/event_types.yaml), whatever the classifier makes of the orders around it
        return True
    if rule.event_type != NON_VIOLENT and label.event_type == NON_VIOLENT:
        # violence the rules found (a cue whose constraints hold) is the event, whatever else the sentence tells:
        # ACLED codes the attack, and the development around it is context ("gunmen intercepted a procession,
        # killing four" is no weapons seizure); but whether a place changed hands by force or not ("took control
        # of the camp after the army left") is the classifier's to tell, and violence named as the time of the
        # development ("imposed a curfew after the clashes") is an earlier event's
        return not {rule.name, label.name} <= _TERRITORY and not _EARLIER_EVENT.search(sentence, max(0, at - 40), at)
    # an organised armed group named as the doer ("Members of the Gran Grif gang … opened fire on residents and set
    # homes alight"), or unnamed insurgents or gunmen, are no mob: their violence is what the rule found (unnamed
    # gangs may be a mob: "gangs armed with clubs attacked …")
    return label.event_type == "Riots" and rule.event_type != "Riots" and (
        first_kind in _ARMED_GROUP_KINDS or
        (_unnamed_doer(sentence, at) and not _GANGS.search(sentence, 0, at + 1)))


# The words that make the actor named after them one with the target: "troops serving with", "a patrol attached to",
# "soldiers deployed under", "éléments de la"
_WITH_TARGET = re.compile(r"(?i)\b(?:serving|deployed|attached|seconded|operating|working|part)\s+(?:with|to|under|of|in|for)\s+"
                          r"(?:the\s+)?(?:[\w'’-]+\s+){0,8}?\Z")
# A clause of harm that ends where its victims or their force are named: ", killing three soldiers of the", ", killing
# at least 12 [soldiers]", ", tuant cinq éléments de"
_HARM_CLAUSE = re.compile(r"(?i),\s*(?:killing|wounding|injuring|tuant|blessant)\s+(?:[\w'’-]+\s+){0,5}?(?:(?:of|from|de|du|des|"
                          r"d['’])\s*(?:the\s+|la\s+|les\s+|l['’])?)?\Z")
# Fighting told as such (not an ambush or an assault, which may fall on civilians)
_FIGHTING_WORDS = (r"clash(?:ed|es)?|fighting|fought|battles?|battled|combats?|gun ?fights?|firefights?|exchanges? of fire|"
                   r"exchanged fire|skirmish(?:es)?|affrontements?|accrochages?|échanges? de tirs")
_FIGHTING_TOLD = re.compile(rf"(?i)\b(?:{_FIGHTING_WORDS})\b")
# Fighting at close range, which makes a battle of a strike from afar in the same sentence: fighting told as such, an
# ambush or an assault
_FIGHTING = re.compile(rf"(?i)\b(?:{_FIGHTING_WORDS}|fights?|engaged|assault(?:ed)?|stormed|ambush(?:ed)?|combattu|"
                       r"tirs croisés|fusillades?)\b")
# Armed people (a force's or a group's members) among the armed target words (_ARMED_TARGET)
_FORCE_MEMBERS = re.compile(r"(?:soldiers?|troops|gendarmes?|police(?:men)?|peacekeepers|militia(?:men)?|fighters|"
                            r"bandits|gunmen|militants|jihadists|terrorists|insurgents|rebels|VDP|militaires|soldats|"
                            r"combattants|jihadistes|terroristes|gang ?members|gangsters)\b", re.I)
# The kinds of a named organised armed group
_ARMED_GROUP_KINDS = {"rebel group", "jihadist group", "militia", "rebel coalition", "militia coalition", "armed group",
                      "paramilitary"}


def _first_actor_kind(s: int, at: int, actor_mentions: list, actor_starts: list) -> str | None:
    """The kind of the first actor (not civilians) named in the sentence at `s` before its cue (at `at`)."""
    return next((k for a, _, _, k in actor_mentions[bisect_left(actor_starts, s):bisect_left(actor_starts, s + at)]
                 if k not in (None, "civilians")), None)


_TERRITORY_BY_ACTOR = {"Government regains territory": "Non-state actor overtakes territory",
                       "Non-state actor overtakes territory": "Government regains territory"}
# Violence named as the time of what a sentence tells ("imposed a curfew after the clashes", "à la suite des attaques");
# a time that ends before the cue's own "in" or "during" is the span of the violence itself ("killed since 16 March in
# clashes between …")
_EARLIER_EVENT = re.compile(r"(?i)\b(?:after|following|since|before|amid|despite|après|depuis|avant|"
                            r"à la suite d[eu']s?|suite à)\s*(?:(?!(?:in|during|dans|lors)\s)[\w']+\s+){0,3}$")
# The verbs of taking a place, for the doer of a change of hands the classifier tells without a cue of its own
_TAKING = re.compile(r"(?i)\b(?:took|taken|takes|seized|captured|entered|occupied|overran|retook|recaptured|"
                     r"moved into|rolled into|pris|repris|occupé|entrés?)\b")
# The sub-types of a place changing hands, by force or not
_TERRITORY = {*_TERRITORY_BY_ACTOR, "Non-violent transfer of territory"}


def _cue_position(i: int, hits: dict[tuple[int, int], int]) -> int | None:
    """Where the earliest cue of sub-type i matches (`hits`: cue_hits of the sentence), or None."""
    return min((at for (k, _), at in hits.items() if k == i), default=None)


_PLACE_RANK = {"region": 1, "country": 2}


def _rank(place: dict) -> int:
    """How broad a place is for an event: 0 a town or a site, 1 a region or a named area ("Puntland", "northern
    Mali"), 2 a country. The narrowest place a sentence names is where its event happened."""
    rank = _PLACE_RANK.get(place.get("kind"))
    if rank is None:
        rank = 1 if str(place.get("id") or "").startswith("area:") else 0
    return rank


def _to_site(event: dict, text: str, mentions: list) -> None:
    """Place `event` at the first of `mentions` that is a site of its town ("The attack hit the Madina mosque in …
    Mubi": the bombing told before was there); its admin-1 stays the town's."""
    town = event["place_mention"][2] if event["place_mention"] else None
    site = next((p for p in mentions if _site_of(p[2], town)), None)
    if site is not None:
        event.update(place=text[site[0]:site[1]], place_id=site[2].get("id"), place_mention=site)


def _place_name(text: str, where: tuple) -> str:
    """An event's place as the text names it, or the place's own name where the text describes it ("the capital",
    "la capitale": the capital's name)."""
    surface = text[where[0]:where[1]]
    place = where[2]
    if surface[:1].islower() and place.get("kind") not in ("area", "country", "admin") and place.get("name"):
        return place["name"]
    return surface


def _site_of(site: dict, town: dict | None) -> bool:
    """Whether `site` is a named site (an airport, a mosque, a hotel …) that lies in the town `town`: the reader
    gives a site its town's point (watchfloor/read/world_places.py, `_facilities`)."""
    return town is not None and site.get("kind") == "area" and town.get("kind") != "area" and \
        site.get("lat") is not None and site.get("id") != town.get("id") and \
        (site.get("lat"), site.get("lon"), site.get("country")) == (town.get("lat"), town.get("lon"), town.get("country"))
# A development told as a noun phrase ("the withdrawal of", "its deployment", "the 2015 agreement") or inside
# an institution's deliberation ("the Council decided to terminate", "requested … to report on the withdrawal")
# is context, not a reported change.
_NOMINAL_CUE = re.compile(r"(?i)(?:withdrawal|deployment|redeployment|agreement|accord|merger|split|defection|"
                          r"mobili[sz]ation|retrait|déploiement|fusion)\b")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|its|their|his|her|this|that|a|an|of|since|after|before|following|"
                                r"despite|le|la|l'|son|sa|leur|du|de|depuis|après)\s+(?:[\w'’-]+\s+){0,2}$")
_DELIBERATION = re.compile(r"(?i)\b(?:decided|decides|requested|requests|requesting|called|calls|urged|urges|"
                           r"described|describes|denounced|denounces|deplored|deplores|critici[sz]ed|critici[sz]es|"
                           r"dénonce|dénoncé|"
                           r"condemn(?:s|ed)?|welcomed|welcomes|reiterated|reiterates|adopted|adopting|resolution|"
                           r"acted on|demanded|demands|exploited|exploits|a décidé|demande|a demandé|condamne)\b")
# A sentence that takes up the event just told: "The attack lasted hours", "Cette attaque a été revendiquée".
_ANAPHORA = re.compile(r"(?i)^\W*(?:the|this|that|these|l'|cette|ce|ces)\s*(?:[\w-]+\s+)?(?:attack|assault|ambush|"
                       r"raid|offensive|fighting|clash(?:es)?|operation|massacre|killings?|bombing|explosion|incident|"
                       r"violence|attaque|embuscade|opération|tuerie|frappe|combats)\b")
# More of the event just told, anywhere in a sentence: its toll "in the fighting", "during the attack"; what "the
# attackers" did besides ("The attackers also torched a health centre")
_MORE_OF_IT = re.compile(r"(?i)^\W*(?:the|these|those|les|ces)\s+(?:attackers|assailants|raiders|gunmen|assaillants)\s+"
                         r"(?:also|then|later|had|aussi|ont également|ont aussi)\b|"
                         r"\b(?:killed|wounded|injured|died|dead|tués|blessés)\b[^.;]{0,30}?\b(?:in|during|lors de|dans)\s+"
                         r"(?:the|this|cette|l['’]|les)\s*(?:[\w-]+\s+)?(?:attack|assault|ambush|raid|fighting|clash(?:es)?|"
                         r"battle|incident|explosion|blast|attaque|embuscade|combats|affrontements)\b(?!\s+(?:on|in|at|near|between|"
                         r"against|contre|à|sur)\b)")
# "the town of", "the capital of" before a place's name, in _DESTINATION and _ORIGIN
_TOWN_OF = r"(?:(?:town|city|village|capital) of\s+)?"
_DESTINATION = re.compile(r"(?i)\b(?:fled|flee|fleeing|flown|evacuated|moved|displaced|returned|headed|heading|went|"
                          r"sent|transferred|taken)\s+(?:\w+\s+){0,3}?(?:to|towards?|into|vers|à)\s+(?:the\s+)?" +
                          _TOWN_OF + r"$|"
                          # (where one arrives or shelters "in" a place; but "fled the fighting in Catatumbo" is
                          # where they fled from)
                          r"\b(?:sought refuge|took refuge|arrived|sheltering|sheltered)\s+(?:\w+\s+){0,3}?"
                          r"(?:in|into|to|at|à)\s+(?:the\s+)?" + _TOWN_OF + r"$|"
                          r"\b(?:to flee|to move|refuge)\s+(?:to|towards?|in|into)\s+(?:the\s+)?$")
# What starts another clause between a place and the event told after it: a conjunction of time or cause, or a verb
# of saying ("gathered in Kaya after …", "Residents of Tahoua said that …", "À Niamey, le ministre a déclaré que …")
_CLAUSE_BREAK = re.compile(r"(?i)\b(?:after|before|when|while|whereas|since|following|until|because|"
                           r"said|says|say|told|tells|reported|reports|according to|announced|claimed|stated|added|"
                           r"après|avant|lorsque|quand|alors que|depuis|selon|parce que|"
                           r"(?:a|ont) (?:déclaré|annoncé|indiqué|affirmé|rapporté|précisé))\b")
_ORIGIN = re.compile(r"(?i)\b(?:from|based in|based at|originating in|stationed in|stationed at)\s+(?:the\s+)?"
                     + _TOWN_OF + r"$")
_ADMIN_WORDS = (r"circle|cercle|province|department|département|district|region|région|commune|prefecture|préfecture|"
                r"territory|territoire|county|governorate|woreda")
_ADMIN_AFTER = re.compile(r"\s+(?:" + _ADMIN_WORDS + r")\b", re.I)
_ADMIN_WORD_END = re.compile(r"(?i)\s(?:" + _ADMIN_WORDS + r")$")


def _place_rank(text: str, p: tuple) -> int:
    """`_rank`, and a town's name for the area it heads ranks as an area ("In Irumu territory, … near Komanda":
    Komanda), as does a place that owns the next ("Tillabéri's Ouallam department": Ouallam)."""
    rank = _rank(p[2])
    if not rank and (_ADMIN_AFTER.match(text, p[1]) or _ADMIN_WORD_END.search(text, p[0], p[1]) or
                     _OWNS_NEXT.match(text, p[1])):
        return 1
    return rank


# A place that owns the next one: "Tillabéri's Ouallam department"
_OWNS_NEXT = re.compile(r"['’]s\s+[A-Z]")
_ENACTED = re.compile(r"(?i)\b(?:announced|announces|ordered|orders|completed|completes|began|begins|started|starts|"
                      r"declared|declares|decreed|decrees|launched|launches|finalised|finalized|confirmed|confirms|"
                      r"carried out|effected|signed|signs|concluded|annonce|annoncé|décrété|ordonné|achevé|entamé)\s+$")
_SUMMARY_LEAD = re.compile(r"(?i)^\W*(?:BLUF|bottom line(?: up front)?|key (?:takeaway|judg(?:e)?ment|point)s?|"
                           r"summary|in short|en bref|résumé)\b")


def _not_a_development(sentence: str, cue_at: int) -> bool:
    if _SUMMARY_LEAD.match(sentence):
        return True
    if _NOMINAL_CUE.match(sentence, cue_at):
        det = _DETERMINER_BEFORE.search(sentence, max(0, cue_at - 40), cue_at)
        if det and not _ENACTED.search(sentence, max(0, det.start() - 30), det.start()):
            return True      # "the withdrawal of …", but not "announced their merger", "ordered a mobilisation"
    return bool(_DELIBERATION.search(sentence, 0, cue_at))


# What may stand between two places of one list: a kind word after the first ("Libiri village"), the join, and
# before the second a toll or a part ("… and 18 in Kokorou", "…, parts of Gondar", "… and the village of Soro").
_KIND_WORD = r"(?:villages?|towns?|city|cities|areas?|camps?|districts?|neighbou?rhoods?|communes?|localit(?:y|ies)|" \
             r"settlements?|quartiers?|suburbs?)"
_PLACE_JOIN = re.compile(rf"(?i)(?:\s+{_KIND_WORD})?\s*(?:,\s*(?:and\s+|et\s+|or\s+|ou\s+)?|\s+(?:and|et|or|ou|as well as)\s+)"
                         rf"(?:(?:\d+|[a-z]+)\s+(?:more\s+)?(?:in|at|near|à|dans)\s+)?"
                         rf"(?:(?:parts|much|most|the outskirts|outskirts) of\s+)?(?:the\s+)?(?:{_KIND_WORD}\s+of\s+)?")
# "Tudun Biri village, Igabi area": a place set off by a bare comma and named as one administrative unit contains the
# place before it (the event happened once, in the first), where "Rumbek, Tonj and Yirol districts" lists three.
_CONTAINER_AFTER = re.compile(r"(?i)\s+(?:local government area|LGA|area|district|sub-?county|county|province|"
                              r"division|subdivision|arrondissement|prefecture|préfecture|governorate|woreda|territory|"
                              r"territoire|township|department|département|cercle|commune|municipality|state|region|"
                              r"région|zone)\b(?!s)")
_BARE_COMMA = re.compile(r"(?i)(?:\s+\w+)?\s*,\s*")
_ROUTE_BEFORE = re.compile(r"(?i)\b(?:between|from|entre|de)\s+(?:the\s+)?(?:(?:towns?|villages?|cities) of\s+)?$")


def _listed_with(text: str, here: list, mention) -> list:
    """The places of the sentence listed together with `mention` ("in Nakuru, Eldoret and Kisumu"), of its rank
    (towns with towns, regions with regions), in text order; `[mention]` when it stands alone or the list is a
    route ("between Gao and Ansongo": one event on the road)."""
    rank = _rank(mention[2])
    same = sorted({(a, b): (a, b, p) for a, b, p in here if _rank(p) == rank}.values(),
                  key=lambda x: x[0])
    if len(same) < 2:
        return [mention]
    chains, chain = [], [same[0]]
    for prev, cur in zip(same, same[1:]):
        if _PLACE_JOIN.fullmatch(text, prev[1], cur[0]) and not (
                _BARE_COMMA.fullmatch(text, prev[1], cur[0]) and _CONTAINER_AFTER.match(text, cur[1])):
            chain.append(cur)
        else:
            chains.append(chain)
            chain = [cur]
    chains.append(chain)
    found = next((c for c in chains if any(x[0] == mention[0] for x in c)), [mention])
    if len(found) < 2 or _ROUTE_BEFORE.search(text, max(0, found[0][0] - 40), found[0][0]):
        return [mention]
    if len({x[2].get("id") for x in found}) < len(found):
        return [mention]          # one place named twice
    return found


# A place that only names an office or body ("a spokesman for the Borno state government", "the governor of
# Kirkuk", "Lagos police said", "les autorités de Gao") is whose words or orders the sentence reports, not where
# its event happened: the event takes the place named before (the town of the story) instead.
_OFFICE_AFTER = re.compile(r"(?i)(?:'s|’s)?\s+(?:state\s+|regional\s+|provincial\s+|county\s+|municipal\s+|city\s+|"
                           r"district\s+|local\s+)?(?:government|governor(?:'s|’s)?(?:\s+office)?|"
                           # (a governorate is a place, "in Marib governorate", unless it speaks)
                           r"governorate\s+(?:said|says|announced|stated|reported|officials?|authorities|council)|"
                           r"authorities|officials?|administration|council|assembly|legislators?|lawmakers?|"
                           r"ministry|spokesm[ae]n|spokesperson|(?:police|gendarmerie)(?!\s+(?:station|post|"
                           r"headquarters|checkpoint|base|barracks|academy|camp|school|compound))(?:\s+command)?)\b")
_OFFICE_BEFORE = re.compile(r"(?i)\b(?:governor|government|authorities|officials|administration|administrator|"
                            r"prefect|mayor|commissioner|minister|spokesm[ae]n|spokesperson|gouverneur|gouvernement|"
                            r"autorités|préfet|maire|ministre|porte-parole)\s+(?:of|for|in|de|du|des|à)\s+"
                            r"(?:the\s+|la\s+|l[’'])?(?:(?:state|region|province|county|région)\s+"
                            r"(?:of|de|du)\s+(?:la\s+|l[’'])?)?$")


# Where a statement was made, not where its event happened: "told journalists in Geneva", "said in Nairobi on
# Monday", "speaking at a briefing in New York", "joint par téléphone à Kidal" ("reported in Gao" is left: attacks
# are reported where they happened; and a mass "being said at St Ignatius church" is where it was said)
_SPOKEN_IN = re.compile(r"(?i)(?<!being\s)(?<!been\s)(?<!was\s)(?<!were\s)(?<!is\s)"
                        r"\b(?:said|says|told|added|announced|stated|spoke|speaking|briefing|briefed|a déclaré|"
                        r"a indiqué|(?:reached|contacted|interviewed) by (?:tele)?phone|"
                        r"(?:joint|jointe|contacté|contactée) (?:par téléphone|au téléphone))\s+"
                        r"(?:(?:reporters|journalists|the press|diplomats|the (?:Security )?Council|"
                        r"a (?:news |press )?(?:conference|briefing)|a statement|(?:the\s+)?\w+ delegates)\s+)?"
                        r"(?:in|at|from|à)\s+(?:the\s+)?$")


def _names_an_office(text: str, start: int, end: int, floor: int) -> bool:
    """Whether the place at [start, end) names an office or its seat ("Borno State police", "the governor of Kayes"),
    or where a statement was made ("told journalists in Geneva"), rather than where an event happened."""
    return bool(_OFFICE_AFTER.match(text, end)) or bool(_OFFICE_BEFORE.search(text, max(floor, start - 60), start)) \
        or bool(_SPOKEN_IN.search(text, max(floor, start - 60), start))


# After an upper-case place that opens its line, what makes it a dateline: "BAMAKO, …", "GENEVA (…", "GOMA — …"
# (like organisations._DATELINE, which wants the place's upper-case words to run up to it).
_AFTER_CAPS_PLACE = re.compile(r"\s*(?:,|\(|" + DATELINE_DASH + ")")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"BAMAKO, March 3 (Reuters) -": the place the story was filed from, not where it happened."""
    line = text.rfind("\n", 0, start) + 1
    return start - line <= 2 and (text[start:end].isupper() and end - start > 2 and
                                  bool(_AFTER_CAPS_PLACE.match(text[end:end + 3])) or is_dateline(text, start, end))


def _is_headline(text: str, s: int, e: int) -> bool:
    """A line without closing punctuation, standing alone: a title or a headline."""
    if text[e - 1:e] in ".!?\"”)»":
        return False
    before = text[max(0, s - 2):s]
    after = text[e:e + 2]
    more = text[e:].strip() != ""         # a one-line text is a report, not a headline
    return more and (s == 0 or before == "\n\n" or before.endswith("\n")) and after.startswith("\n")


def _parse(spans: dict[int, tuple[int, int]], text: str, parser) -> dict:
    """sentence number → its spaCy Doc, for the sentences that report an event (only those are parsed)."""
    if parser is None or not spans:
        return {}
    return dict(zip(spans, parser.pipe(text[s:e] for s, e in spans.values())))


_SUBJECTS = {"nsubj", "csubj"}
_OBJECTS = {"dobj", "obj", "nsubjpass", "dative", "attr", "oprd"}
_OPPONENT_PREPS = {"with", "against", "on", "between", "contre", "avec"}


def _parse_roles(doc, cue_at: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges (in the sentence) of the doer and of the done-to of the event verb: the verb is the
    token at the cue, or the verb that governs it, else the root. Doer: nsubj, or the agent of a passive;
    done-to: the object, the passive subject, or the object of 'with/against' ('clashed with X')."""
    token = next((t for t in doc if t.idx <= cue_at < t.idx + len(t) + 1), None)
    verb = token
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head            # spaCy makes a new Token object per access: compare positions, not identity
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        verb = next((t for t in doc if t.dep_ == "ROOT"), None)
    if verb is None:
        return [], []
    doers, targets = [], []
    holder = verb
    while holder is not None:
        for child in holder.children:
            span = (child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
            if child.dep_ in _SUBJECTS and not doers:
                doers.append(span)
            elif child.dep_ == "agent":
                doers.insert(0, span)
            elif child.dep_ in _OBJECTS and holder.i == verb.i:
                targets.append(span)
            elif child.dep_ == "prep" and child.lower_ in _OPPONENT_PREPS and holder.i == verb.i:
                targets.append(span)
        # "… attacked the post and killed 8": a conjoined or subordinate verb takes the subject of its head
        if doers or holder.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or holder.head.i == holder.i:
            break
        holder = holder.head
    return doers, targets


# Those named before it were harmed in the event: "Dozens of soldiers were killed on Saturday in an attack on their
# camp", "Plusieurs gendarmes ont été blessés lundi lors d'une embuscade": its victims, not its doers
_HARMED_IN = re.compile(r"(?i)\b(?:(?:were|was|have been|has been|had been|ont été|a été|avaient été|sont)\s+(?:\w+\s+)?"
                        r"(?:killed|wounded|injured|hurt|tu[ée]e?s?|bless[ée]e?s?)|died|perished|lost their lives|"
                        r"sont morts|ont péri|ont perdu la vie)\b[^.;:]{0,60}?(?:\b(?:in|during|amid|when|as|after)\s|"
                        r"\blors\s+d(?:e\s|u\s|['’])|\bdans\s|\bau\s+cours\s+d(?:e\s|u\s|['’]))")
_BY_AGENT = re.compile(r"\b(?:by|par)\s+(?:the\s+|suspected\s+|alleged\s+|des\s+|les\s+|le\s+|la\s+|l['’]|de\s+|"
                       r"présumés\s+)?")
# Participles that describe someone by who escorts, leads or holds them ("a convoy escorted by the army", "fighters led
# by a commander"): their "by" names no agent of the event
_DESCRIBING = (r"(?:escorted|escorté(?:e|s|es)?|accompanied|accompagnée?s?|protected|protégée?s?|guarded|gardée?s?|led|"
               r"dirigée?s?|commanded|commandée?s?|backed|supported|soutenue?s?|financed|owned|operated|run|manned|held|"
               r"tenue?s?|occupied|occupée?s?|controlled|contrôlée?s?)")
_DESCRIBED_BY = re.compile(rf"(?i)\b{_DESCRIBING}\s+$")
_DESCRIBED_AGENT = re.compile(rf"(?i)\b{_DESCRIBING}\s+(?:by|par)\s+(?:the\s+|l['’]|les?\s+|la\s+|des\s+)?(?:[\w'’-]+\s+){{0,2}}?$")
# A verb of violence, where the classifier found an event no cue matched ("a convoy … was ambushed outside X").
_EVENT_VERB = re.compile(r"\b(?:attack(?:ed|ing)|ambush(?:ed|ing)|raid(?:ed|ing)|storm(?:ed|ing)|overr?(?:an|un)|"
                         r"struck|shell(?:ed|ing)|bomb(?:ed|ing)|kill(?:ed|ing)|abduct(?:ed|ing)|kidnapp(?:ed|ing)|"
                         r"shot|clash(?:ed|ing)|fought|seiz(?:ed|ing)|captur(?:ed|ing)|attaqu[ée]e?s?|tu[ée]e?s?|"
                         r"enlev[ée]e?s?|pris d'assaut|embusqu[ée]e?s?)\b", re.I)
# What the passive's subject may be the target of: violence, not an arrest or a protest dispersed.
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def _roles(sentence: str, offset: int, cue_at: int, actors, sub: SubType, doc=None) -> tuple[str | None, str | None]:
    names = []
    for a, b, n, k in actors:
        if n not in [x[0] for x in names]:
            names.append((n, a - offset, k))
    ends = {n: b - offset for a, b, n, k in reversed(actors)}      # a name's first mention: where it ends
    starts = {n: pos for n, pos, k in names}
    civilians_named = any(k == "civilians" for *_, k in names)
    armed = [(n, pos) for n, pos, k in names if k != "civilians"]
    actor1 = actor2 = None
    if doc is not None:
        doers, targets = _parse_roles(doc, cue_at)
        inside = lambda ranges: next((n for n, pos, k in names if any(a <= pos < b for a, b in ranges)), None)
        actor1 = inside(doers)
        actor2 = inside(targets)
        if actor1 is not None and actor1 == actor2:
            actor2 = None
        if actor1 is not None and actor2 is None and _BOTH_SIDES.match(sentence, cue_at):
            # "Army soldiers and RSF fighters clashed": both subjects of a verb both sides do, the second the other
            actor2 = next((n for n, pos, k in names if n != actor1 and k != "civilians" and
                           any(a <= pos < b for a, b in doers)), None)
        if actor1 is not None and actor2 is None and (harmed := _harmed_before(sentence, armed, ends, cue_at)) and \
                harmed[0] != actor1:
            actor2 = harmed[0]        # "Three policemen were killed … when ISWAP fighters attacked a checkpoint"
        if actor1 is not None and actor2 is None and sub.event_type in _VIOLENT:
            # the harmed named in the clause of harm after the verb ("shelled government positions, killing three
            # soldiers of the Giants Brigades"): the target the parse hangs on the participle, not on the verb
            actor2 = next((n for n, pos in armed if pos > cue_at and n != actor1 and
                           _HARM_CLAUSE.search(sentence, cue_at, pos)), None)
        if actor1 is None and actor2 is not None:
            # the doer not named in the parse: one named before the verb, else after it but not with the target
            # ("a convoy of Ugandan troops serving with AUSSOM": the mission is the target's), and not after a
            # weapon's strike ("a roadside bomb struck …, wounding four soldiers": whose bomb is not told)
            actor1 = next((n for n, pos in armed if n != actor2 and
                           (pos < cue_at or (sub.event_type != "Explosions/Remote violence" and
                                             not _WITH_TARGET.search(sentence, cue_at, pos)))), None)
    if actor1 is None:
        # the agent of the event's passive, not of a participle that describes someone ("a convoy escorted by the
        # army", "fighters led by a commander")
        by = next((b for b in _BY_AGENT.finditer(sentence, cue_at)
                   if not _DESCRIBED_BY.search(sentence, max(0, b.start() - 20), b.start())), None)
        if by:
            after_by = by.end()
            agent = next((n for n, pos in armed if pos >= after_by - 1), None)
            if agent:
                actor1 = agent
                actor2 = next((n for n, pos in armed if n != agent), None)
        passive = (sub.event_type in _VIOLENT or sub.name == "Looting/property destruction") and \
            _PASSIVE.search(sentence, max(0, cue_at - 30), cue_at)     # ("the WFP warehouse … was looted")
        if actor1 is None and passive:
            # "A supply convoy of the Malian army was attacked near Boni (by gunmen)": the army is the target, the
            # attackers unnamed
            target = next((n for n, pos in armed if pos < cue_at), None)
            if target is not None:
                actor1, actor2 = "Unidentified armed group", target
    if actor1 is None:
        before = [n for n, pos in armed if pos <= cue_at]
        after = [n for n, pos in armed if pos > cue_at]
        doer = _doer_after(sentence, armed, cue_at)
        if before and doer:
            # "Three soldiers were wounded when gunmen attacked their post": the unnamed doer of the event's own
            # clause acted on the actor named before it
            actor1, actor2 = "Unidentified armed group", before[-1]
        elif before and (harmed := _harmed_before(sentence, armed, ends, cue_at)):
            # the named were harmed in the event ("Dozens of soldiers were killed on Saturday in an attack on a
            # camp"): its target; its doer is the one named after it ("… in clashes with the army", "… were killed
            # when suspected separatist fighters attacked"), else unnamed
            later = [n for n, pos in armed if pos >= harmed[1] and n != harmed[0]]
            actor1, actor2 = (later or ["Unidentified armed group"])[0], harmed[0]
        elif before:
            actor1 = before[0]
            # the second named before the cue is the first's ally, not its target, where the two are joined ("The
            # army and Macawisley militias retook the village", "the FARDC, backed by Wazalendo fighters, attacked
            # …"), unless the verb is one both sides do ("The army and JNIM clashed near Boni")
            allied = len(before) > 1 and not _BOTH_SIDES.match(sentence, cue_at) and \
                bool(_ALLIED_BETWEEN.fullmatch(sentence, ends[before[0]], starts[before[1]]))
            actor2 = (after or ([] if allied else before[1:]) or [None])[0]
        elif after and _unnamed_doer(sentence, cue_at):
            # "Suspected jihadists ambushed an army patrol": the army is what was attacked, not the attacker
            actor1, actor2 = "Unidentified armed group", after[0]
        elif after and sub.event_type == "Explosions/Remote violence" and \
                not _FIRED_FROM.search(sentence, cue_at, starts[after[0]]):
            # the weapon is the subject ("an IED struck a Nigerien army vehicle", "a drone strike hit a JNIM
            # gathering"): the actor named after it is what it hit; whose weapon it was is not told
            actor2 = after[0]
        elif after and _AIMED_AT.match(sentence, cue_at, starts[after[0]]):
            # "the attack perpetrated on 12 November against a patrol of MINUSCA": what the attack was aimed at
            actor2 = after[0]
        elif after:
            actor1, actor2 = after[0], (after[1] if len(after) > 1 else None)
    if actor1 is not None and all(_DESCRIBED_AGENT.search(sentence, max(0, pos - 40), pos)
                                  for n, pos in armed if n == actor1) and any(n == actor1 for n, _ in armed):
        # "a supply convoy escorted by the army": the force escorting the target is on its side, not the attacker
        actor1, actor2 = None, actor2 or actor1
    if actor1 is None and (_UNIDENTIFIED.search(sentence) or _unnamed_doer(sentence, cue_at)):
        actor1 = "Unidentified armed group"
    if sub.event_type == "Violence against civilians" or (civilians_named and actor2 is None and
                                                          sub.event_type == "Explosions/Remote violence"):
        if actor2 is None or sub.event_type == "Violence against civilians":
            actor2 = "Civilians" if (civilians_named or _CIVILIAN_WORDS.search(sentence)) else actor2
    if actor2 is not None and actor2 != actor1:
        allies = {n for n, pos in armed if _ALLY_BEFORE.search(sentence, max(0, pos - 60), pos)}
        if actor2 in allies and not any(n == actor2 and n not in allies for n, pos in armed):
            # "retook the town with air support from Turkish drones": the helper is on the doer's side, not the target
            actor2 = next((n for n, pos in armed if pos > cue_at and n not in allies and n != actor1), None)
    if actor2 == actor1:
        actor2 = None
    return actor1, actor2


# Words that make the actor named after them a helper of the doer: "with air support from", "backed by", "avec l'appui de"
_ALLY_BEFORE = re.compile(r"(?i)\b(?:with\s+(?:the\s+)?(?:air\s+|aerial\s+|logistical\s+)?(?:support|help|backing|assistance)\s+"
                          r"(?:of|from)|backed by|supported by|aided by|assisted by|alongside|together with|"
                          r"appuyée?s? par|soutenue?s? par|avec l['’]appui d[ue']s?|avec le soutien d[ue']s?)\s+"
                          r"(?:the\s+|les?\s+|la\s+|l['’])?(?:[\w'’-]+\s+){0,2}?\Z")


# An armed group told again by a definite noun as the subject: "The assailants attacked …", "On Monday, the group
# retook …", "Les jihadistes ont ensuite …"
_DEFINITE_DOER = re.compile(r"(?i)^\W*(?:[^,.;]{0,40},\s*)?(?:the|these|les|le|ces)\s+(?:[\w-]+\s+)?(?:assailants|attackers|"
                            r"group|militants|jihadists|insurgents|rebels|fighters|gunmen|paramilitaries|militia|"
                            r"militiamen|raiders|assaillants|groupe|jihadistes|djihadistes|terroristes|rebelles|"
                            r"combattants)\b")


# What an attack named by its noun was aimed at, before the actor named after it: "the attack … against a patrol of
# MINUSCA", "an ambush on an FAMa convoy", "l'attaque contre un poste de la gendarmerie"
_AIMED_AT = re.compile(r"(?i)(?:attacks?|assaults?|ambush(?:es)?|raids?|strikes?|attaques?|embuscades?)\b[^.;]{0,60}?"
                       r"\b(?:against|on|targeting|contre|visant)\s+(?:the\s+|a\s+|an\s+|une?\s+|les?\s+|la\s+|l['’])?"
                       r"(?:[\w'’-]+\s+){0,3}?(?:(?:of|de|du|des)\s+(?:the\s+|la\s+|l['’])?)?\Z")


# Whose fire a strike was, named after it: "rockets fired from Hezbollah positions", "shelling from RSF lines"
_FIRED_FROM = re.compile(r"(?i)\b(?:from|launched by|fired by|de\s+la\s+part\s+d[eu']s?)\s+(?:the\s+|les?\s+|la\s+)?(?:[\w'’-]+\s+)?\Z")


def _harmed_before(sentence: str, armed: list[tuple[str, int]], ends: dict[str, int], cue_at: int
                   ) -> tuple[str, int] | None:
    """(the actor named before the cue whose members were harmed in the event, where that telling ends): "Two
    gendarmes were killed … when …": the last actor named before the cue where the harm is told after it, else an
    earlier one whose name the harm follows within three words (the doer of the event's clause named after it)."""
    named = [(n, pos) for n, pos in armed if pos <= cue_at]
    for k, (n, pos) in enumerate(reversed(named)):
        h = _HARMED_IN.search(sentence, pos, cue_at + 1)
        if h and (k == 0 or len(sentence[ends.get(n, pos):h.start()].split()) <= 3):
            return n, h.end()
        h = _HARMED_REDUCED.search(sentence, ends.get(n, pos), cue_at + 12)
        if h and len(sentence[ends.get(n, pos):h.start()].split()) <= 3:
            return n, h.end()        # "dozens of civilians and VDP killed", "Twelve soldiers killed as …"
    return None


# A harm told as a bare participle after the harmed (a headline's or a telegraphic report's passive): "… and VDP
# killed.", "Twelve soldiers killed as jihadists storm Dori", "… wounded in the blast" (not "killed at least 10",
# "killed as many as 40")
_HARMED_REDUCED = re.compile(r"(?i)\b(?:killed|wounded|injured|tu[ée]e?s|bless[ée]e?s)\b(?=\s*(?:[.;,)]|$|\s+(?:in|during|when|"
                             r"after|near|amid|while|dans|lors|près)\b|\s+as\s+(?!many|much|well)|\s+on\s+\d))")


# What joins two allies named before the event's verb (the first's mention ends where this starts)
_ALLIED_BETWEEN = re.compile(r"(?i)\s*(?:\([^()\n]{1,30}\)\s*)?,?\s*(?:and|as well as|together with|alongside|along with|"
                             r"with the support of|supported by|backed by|aided by|assisted by|et|avec|aux côtés d[ue']s?|"
                             r"appuyée?s? par|soutenue?s? par|avec l['’]appui d[ue']s?)\s+(?:[\w'’-]+\s+){0,6}?")
# A verb both sides of a battle do: "X and Y clashed", "fighting between …"
_BOTH_SIDES = re.compile(r"(?i)(?:clash|fight|fought|battl|exchang|skirmish|engag|gunfight|firefight|affronte|"
                         r"accroch|combat)")


# Who tells of an event after it is told: "…, police said Wednesday", "…, a police spokesman told AFP", "…, according to
# the army", "…, a annoncé le ministère de la Défense", "…, selon l'armée"; their words, not their deed
_SAYS_AFTER = re.compile(rf"(?i)(?:['’]s)?(?:\s+[\w-]+){{0,3}}?(?:\s*\([^()\n]{{1,30}}\))?\s+(?:{SAYING_VERBS})\b")
_SOURCE_BEFORE = re.compile(r"(?i)(?:,|—|–)\s*(?:(?P<verb>said|told|a (?:déclaré|annoncé|indiqué|"
                            r"affirmé|précisé|ajouté)|ont (?:déclaré|annoncé|indiqué|affirmé|précisé))\s+)?"
                            r"(?:the\s+|a\s+|an\s+|le\s+|la\s+|les\s+|l['’]\s*)?(?:[\w-]+\s+){0,2}$")
_ACCORDING_BEFORE = re.compile(r"(?i)\b(?:according to|selon|cited by|quoted by|cité par|citing)\s+"
                               r"(?:the\s+|a\s+|an\s+|le\s+|la\s+|les\s+|l['’]\s*)?(?:[\w-]+\s+){0,2}"
                               # (the second of two sources: "according to local residents and the AA")
                               r"(?:(?:and|et)\s+(?:the\s+|le\s+|la\s+|les\s+|l['’]\s*)?(?:[\w-]+\s+){0,1})?$")


def _is_source(text: str, start: int, end: int, floor: int) -> bool:
    """Whether the actor named at [start, end) only tells of the event told before it in its sentence (the
    sentence starts at `floor`)."""
    if _ACCORDING_BEFORE.search(text, max(floor, start - 40), start):
        return True
    if text[start - 1:start] == "(" and text[end:end + 1] == ")":
        # an abbreviation after its long name, both set off after a comma and before a saying verb ("…, setting it
        # on fire, the US Central Command (CENTCOM) said"): the source, like its long name
        comma = text.rfind(",", max(floor, start - 80), start)
        if comma >= 0 and len(text[comma + 1:start - 1].split()) <= 6 and _SAYS_AFTER.match(text, end + 1):
            return True
    before = _SOURCE_BEFORE.search(text, max(floor, start - 40), start)
    if before is None:
        return False
    return before.group("verb") is not None or bool(_SAYS_AFTER.match(text, end))   # ", said the army"


# Who tells of the event before it is told, or judges it: "Police said a bomb exploded in a market", "Officials told
# AFP that gunmen …", "The Council condemned the attack on …"; unless what they say is their own deed ("The army said
# it had killed 12 militants", "l'armée affirme avoir neutralisé …"); its abbreviation and a word or two may come
# between ("The … Mission (MONUSCO) strongly condemns the shelling"), and a name in apposition ("The police spokesman in
# the state, ASP Yazid Abubakar, said …")
_SPEAKER_AFTER = re.compile(r"(?i)(?:['’]s)?\)?(?:\s+[\w-]+|\s*\([^()\n]{1,30}\)|\s*,[^,;()\n]{1,40},){0,5}?\s+"
                            r"(?:said|says|told|reported|reports|stated|confirmed|"
                            r"condemned|condemns|denounced|denounces|deplored|decried|welcomed|blamed|accused|"
                            r"expressed\s+(?:\w+\s+)?(?:concern|alarm|outrage|condolences)|"
                            r"(?:declared|decreed|announced|proclaimed)\s+(?:[\w-]+\s+){0,4}?mourning|mourned|mourns|"
                            r"(?:paid|pays|paying)\s+tribute|offered\s+(?:\w+\s+)?condolences|"
                            r"a\s+décrété\s+(?:un\s+)?deuil|décrète\s+(?:un\s+)?deuil|a\s+rendu\s+hommage|"
                            r"a\s+condamné|ont\s+condamné|condamne|dénonce|a\s+dénoncé|"
                            r"a\s+(?:déclaré|indiqué|affirmé|rapporté|précisé)|ont\s+(?:déclaré|indiqué|affirmé|rapporté)|"
                            r"affirme|affirment|indique|indiquent)\b")
_SELF_AFTER = re.compile(r"(?i)\b(?:it|its|they|their|theirs|we|our|itself|themselves|avoir|il|ils|elle|elles|ses|"
                         r"leurs?|nos|notre|son|sa)\b")


def _speaker_only(text: str, end: int, cue: int) -> bool:
    """Whether the actor named before the event's cue, ending at `end`, only tells of it: a saying verb follows it
    before the cue, and what is said is not the speaker's own deed."""
    said = _SPEAKER_AFTER.match(text, end)
    return said is not None and said.end() <= cue and not _SELF_AFTER.search(text, said.end(), cue)


# What opens the clause of an event after an actor named before it: "… were killed when gunmen attacked", "…, and
# bandits raided", "said that gunmen …", "lorsque des hommes armés …"
_DOER_CLAUSE = re.compile(r"(?i),|\b(?:when|as|after|while|once|said|says|told|that|lorsque|quand|alors que|"
                          r"après que|lorsqu['’])")


def _last_match(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    m = None
    for m in pattern.finditer(text, start, end):
        pass
    return m


def _doer_after(sentence: str, armed: list[tuple[str, int]], cue_at: int) -> bool:
    """Unnamed gunmen or fighters as the subject of the event word, in a clause of their own after the last actor
    named before it (that actor is then what they acted on)."""
    last = max((pos for _, pos in armed if pos <= cue_at), default=None)
    if last is None or _PASSIVE.search(sentence, max(0, cue_at - 30), cue_at):
        return False
    m = _last_match(_UNIDENTIFIED, sentence, last, cue_at + 1)
    if m is None or m.end() > cue_at:
        m = _last_match(_UNNAMED_DOERS, sentence, last, cue_at + 1)
        if m is not None and _DEFINITE_BEFORE.search(sentence, max(0, m.start() - 5), m.start()):
            return False      # "a truce between the army and the MNDAA, under which the rebels agreed to …": the
            #                   group named before, not other fighters
    if m is None or m.end() > cue_at or m.start() <= last or len(sentence[m.end():cue_at].split()) > 3:
        return False
    return bool(_DOER_CLAUSE.search(sentence, last, m.start()))


_DEFINITE_BEFORE = re.compile(r"(?i)\b(?:the|these|those|les|ces)\s+$")


def _unnamed_doer(sentence: str, cue_at: int) -> bool:
    """Unnamed gunmen or fighters are the subject of the event word: named before it, with no other doer between."""
    if _PASSIVE.search(sentence, max(0, cue_at - 30), cue_at):
        return False          # "the assailants were killed": what was done to them
    m = _UNIDENTIFIED.search(sentence, 0, cue_at + 1) or _UNNAMED_DOERS.search(sentence, 0, cue_at + 1)
    return m is not None and m.end() <= cue_at
