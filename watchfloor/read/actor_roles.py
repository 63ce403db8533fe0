"""Whether a name that is also a place acts in a sentence: a country ("France withdrew its troops", "mediated by
Algeria") or a capital standing for its state ("Tehran denied", "Bamako expelled the ambassador")."""
from __future__ import annotations

import re
from functools import lru_cache

from watchfloor.read.knowledge import context

# Verbs that make a country name an actor when they follow it ("France withdrew its troops").
_ACTOR_VERBS = (
    "withdrew withdraws withdraw withdrawn announced announces deployed deploys sent sends signed signs accused accuses "
    "condemned condemns said says demanded demands expelled expels suspended suspends imposed imposes ordered orders "
    "agreed agrees called calls urged urges rejected rejects supported supports launched launches conducted conducts "
    "recalled recalls closed closes hosted hosts mediated mediates decided decides pledged pledges provided provides "
    "threatened threatens denied denies requested requests asked asks refused refuses warned warns criticized "
    "criticised criticizes criticises welcomed welcomes recognized recognised maintains maintained plans planned sought "
    "seeks offered offers brokered brokers backed backs funded funds trained trains armed arms left leaves quit quits "
    "pulled pulls ended ends severed severs cut cuts froze freezes sanctioned sanctions joined joins helped helps "
    "stated states declared declares claimed claims responded responds evacuated evacuates began begins started starts "
    "continued continues reduced reduces increased increases delivered delivers supplied supplies sold sells "
    "bought buys struck strikes attacked attacks bombed bombs intervened intervenes invaded invades negotiated "
    "negotiates summoned summons retaliated retaliates vowed vows insisted insists promised promises reaffirmed "
    "expressed expresses terminated terminates hopes hoped wants wanted seeks proposed proposes facilitated "
    "announce leave leaves accept accepts accepted agree host hosts hosted refuse decline declined reject keep keeps "
    "kept close send deploy withdraw suspend recognise recognize sign join quit condemn demand halt halted stop "
    "stopped resume resumed offer lead leads led remains remained became become calls called summoned "
    "parvienne parvient accepte refuse soutient dénonce exige annonce retire envoie déploie menace propose "
    "cherche tente veut entend rompt quitte signe condamne "
    "a annoncé retiré déployé signé condamné accusé demandé expulsé suspendu "
    "revoked revokes broke breaks formed forms created creates established establishes ratified ratifies adopted "
    "adopts turned turns hired hires relied relies received receives acquired acquires purchased purchases allied "
    "aligned sided mobilised mobilized mobilises mobilizes recruited recruits invited invites blamed blames "
    "cooperated cooperates partnered partners entered enters dispatched dispatches contributed contributes exited "
    "exits concluded concludes strengthened strengthens deepened deepens expanded expands "
    "carried carries shot shoots fired fires targeted targets hit hits downed downs intercepted intercepts "
    "raided raids shelled shells "
    "announcing deploying withdrawing signing sending accusing demanding rejecting hosting joining leaving "
    "rompu quitté annoncé expulsé formé créé ratifié rejoint dénoncé "
    "remplace remplacer remplacera fournit fournira livre livrera finance arme forme négocie demande accuse rejette "
    "appelle exhorte reconnaît prévoit souhaite affirme assure dément nie répond riposte soutiendra enverra déploiera "
    "retirera quittera signera a fourni a livré a demandé a rejeté a appelé a nié a démenti a répondu "
    "fournisse livre envoie déploie soutienne retire signe accepte rejoigne quitte finance arme intervienne").split()
_AUX = {"has", "have", "had", "will", "would", "is", "was", "also", "then", "reportedly", "officially", "quickly",
        "formally", "later", "subsequently", "publicly", "recently", "could", "may", "might", "should", "must", "did",
        "does", "not", "never", "already", "finally", "itself", "too", "has been", "ne", "n'a", "pas", "now", "still",
        "currently", "jointly", "together", "again", "first", "soon", "also", "both", "on", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "last", "week", "month"}
_MODALS = {"will", "would", "may", "might", "could", "should", "must", "can", "cannot", "shall", "is", "was",
           "has", "have", "had", "did", "does", "plans", "intends", "wants", "seems", "appears", "remains", "va",
           "doit", "devrait", "pourrait", "entend", "a", "avait"}
_HEDGE_ADVERBS = {"probably", "likely", "very", "almost", "certainly", "possibly", "soon", "still", "also", "not",
                  "never", "further", "then", "now", "already", "even", "well", "only"}
_LIST_AFTER_BY = re.compile(r"\b(?:by|par)\s+(?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2}"
                            r"(?:\s*,\s*(?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2})*\s*(?:,|,?\s+and)\s+(?:the\s+)?$")
_PREV_IN_LIST = re.compile(r"([A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,2})\s*(?:,|,?\s+and|,?\s+et|,?\s+or|,?\s+ou)\s+"
                           r"(?:the\s+|la\s+|le\s+|les\s+|l['’]|des\s+|du\s+)?$")
_UNDERGOES = {"see", "face", "experience", "suffer", "be", "become", "remain", "have", "get", "lose", "receive",
              "need", "struggle", "bear", "endure", "feel", "witness", "undergo", "fall", "been"}
_OBJECT_OF = re.compile(r"\b(?:accus(?:e|es|ed|ing)|urg(?:e|es|ed|ing)|warn(?:s|ed|ing)?|reliance on|dependence on|"
                        r"(?:ties|relations|partnership|cooperation|pact|alliance|rapprochement) with|court(?:s|ed|ing)|"
                        r"pressure (?:from|on)|support from|(?:security |military |financial )?(?:assistance|aid|help|"
                        r"backing|weapons|arms|loans?) from|mediation (?:by|of)|backed by|brokered by|"
                        r"(?<!bordered )(?<!surrounded )by|par|government of|authorities of|president of|"
                        r"junta of|representative of|delegation of|ambassador of|minister of|leaders of|"
                        r"governments of|juntas of|authorities in|government in|junta in|regime in|rulers in|"
                        r"leadership in|sanctions (?:on|against)|"
                        r"partnership with|agreement with|relations with|ties with|deal with|talks with|ask(?:s|ed)?|"
                        r"(?:alliance|partnership|agreement|deal|pact|accord|partenariat|coopération|relations|"
                        r"rapprochement|standoff|dispute|row|rift|confrontation|break|split|rupture|tensions)"
                        r"(?:\s+[\w-]+){0,3}\s+(?:with|avec)|soutien de|appui de|aide de|pressions? de|auprès de|"
                        r"call(?:s|ed)? on|criticis(?:e|ed)|condemn(?:s|ed)?|sanction(?:s|ed)?|expel(?:s|led)?|"
                        r"pressur(?:e|es|ed|ing)|persuad(?:e|es|ed|ing)|convinc(?:e|es|ed|ing)|compel(?:s|led|ling)?|"
                        r"coerc(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|reassur(?:e|es|ed|ing)|punish(?:es|ed|ing)?|"
                        r"(?<!the )press(?:es|ed|ing)?|"
                        r"(?:request|behest|invitation|insistence|initiative|demand) of(?:\s+both)?|"
                        r"(?:negotiated|brokered|mediated|arranged|agreed) (?:through|via)|"
                        r"à la (?:demande|requête|invitation) de|against|contre)\s+"
                        r"(?:the\s+|la\s+|le\s+|l['’])?$", re.I)
_COUNTRY_LIST = re.compile(r"^(?:\s*,\s*(?:the\s+)?[A-Z][\w'’ -]{2,30}?)*\s*(?:,\s*)?(?:and|et)\s+(?:the\s+|la\s+|le\s+|l['’])?"
                           r"(?:[A-Z][\w'’-]+\s*){1,4}")


# An official's title that names the country of the post: "Special Envoy for Yemen", "Humanitarian Coordinator in
# Sudan", "Représentant spécial pour le Mali".
_ROLE_TITLE_BEFORE = re.compile(r"\b(?:[Cc]oordinator|[Ee]nvoy|[Rr]epresentative|[Rr]apporteur|[Cc]ommissioner|[Aa]dvis[eo]r|"
                                r"[Aa]mbassador|[Cc]oordinat(?:eur|rice)|[Ee]nvoyée?|[Rr]eprésentante?|[Aa]mbassadeur|"
                                r"[Cc]ommissaire)(?:\s+(?:spéciale?|personnel(?:le)?|adjointe?|résidente?|humanitaire))*"
                                r"\s+(?:for|to|on|in|pour|en|au|auprès\s+de)\s+(?:the\s+|la\s+|le\s+|l['’])?$")


# A part of the country named before it, in French: "dans le nord du Burkina Faso", "l'ouest du Niger", "le centre
# du Mali" (English, "in northern Mali", takes no article the regex above misses).
_PART_OF_BEFORE = re.compile(r"\b(?:nord|sud|est|ouest|centre|nord-est|nord-ouest|sud-est|sud-ouest|extrême[ -]nord|"
                             r"frontière|intérieur|reste|ensemble)\s+(?:du|de\s+la|de\s+l['’]|de|des)\s*$", re.I)


# Who acts or speaks for a state, after its name's possessive ("Mali's transitional president", "France's foreign
# ministry", "Moscow's envoy"): the words a country's name (_POSSESSIVE_COUNTRY) and a capital's (_POSSESSIVE_STATE)
# both take; a country's also takes its legislature and head of state, a capital's also its stances.
_POSSESSIVE = r"['’]s?\s+(?:transitional\s+|interim\s+|military\s+|foreign\s+)?"
_STATE_ORGANS = (r"government|junta|authorities|president|leaders?|foreign ministry|ministry|officials|ambassador|"
                 r"embassy|envoy|minister|presidency|prime minister|decision|representative")
_STATE_VOICES = (r"leaders?|spokes(?:man|woman|person)|diplomats?|intelligence services?|envoys?|delegation|position|"
                 r"refusal|withdrawal|request")
# What a state does or holds as an actor, after its name's possessive ("Iran's support", "Moscow's allies", "Rwanda's
# proxies"): a country's name and a capital's both take these.
_STATE_STANCES = (r"response|reaction|accusations?|demands?|policy|stance|support|backing|pressure|sanctions|threats?|"
                  r"retaliation|allies|ally|proxies|proxy|intervention|involvement|mediation")
_POSSESSIVE_COUNTRY = re.compile(_POSSESSIVE + r"(?:" + _STATE_ORGANS + r"|senate|parliament|national assembly|"
                                 r"legislature|head of state|" + _STATE_VOICES + "|" + _STATE_STANCES + r")\b", re.I)


# A capitalised name after a preposition of place, then a comma: what follows is its container ("in Kidal, Mali")
_TOWN_COMMA_BEFORE = re.compile(r"\b(?:in|near|at|from|outside|around|to|of|en|à|près de|dans)\s+"
                                r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|d[aeo]s?|del|de la|al|el))*\s*,\s*$")


def _in_actor_role(text: str, start: int, end: int) -> bool:
    """A country's name used as an actor: the subject of a verb ("France announced", "Niger may agree",
    "Guinea, itself ruled by a junta, said"), the object of one that needs an actor ("accusing Algeria",
    "reliance on Russia", "mediated by Algeria")."""
    after = text[end:end + 160]
    if re.match(r"[-‑–][^\W\d_]", after):
        return False      # "Turkey-backed factions", "Iran-aligned militias": a compound adjective, not the state
    if _POSSESSIVE_COUNTRY.match(after):
        return True       # "Mali's transitional president", "France's foreign ministry": the state acts
    if re.match(r"['’]s?\s+(?:(?:full-scale|renewed|latest|deadly|missile|drone|air|military|ground)\s+){0,2}"
                r"(?:attacks?|strikes?|offensive|invasion|bombardment|bombing|shelling|assault|aggression|incursion|"
                r"annexation|occupation|blockade|campaign|war)\b", after, re.I):
        return True       # "the Russian Federation's missile attack", "Russia's invasion": the state acts
    if re.match(r"['’]s?\s+(?:military|army|armed forces|troops|forces|soldiers|air force|navy)\b", after, re.I):
        return False      # "France's troops": the troops are the actor (or another alias names them)
    before = text[max(0, start - 40):start]
    if _ROLE_TITLE_BEFORE.search(before):
        return False      # "the Humanitarian Coordinator for Sudan said": the official's title names the country
    if _TOWN_COMMA_BEFORE.search(before):
        return False      # "fighting in Kidal, Mali, continued": the town's country, a place
    if re.search(r"\b(?:frontalière|frontalier|frontière|bordering|border with|borders with|borders|bordered by)\b"
                 r"(?:\s+[\w'’]+){0,6}\s*$", text[max(0, start - 60):start], re.I) or \
            re.match(r"\s+(?:states?|regions?|provinces?|river|delta|basin|valley)\b", after):
        return False      # "bordering Senegal and Mauritania", "Katsina and Niger states": places
    if _OBJECT_OF.search(before) or _LIST_AFTER_BY.search(text[max(0, start - 100):start]):
        return True
    prev = _PREV_IN_LIST.search(text, max(0, start - 60), start)
    if prev and _OBJECT_OF.search(text[max(0, prev.start(1) - 40):prev.start(1)]):
        return True       # "ECOWAS sanctioned Mali and Guinea": the second name shares the first's role
    if re.search(r"\b(?:in|into|to|from|across|near|of|at|inside|within|throughout|towards?|en|au|aux|dans|vers)\s+(?:the\s+)?$",
                 before, re.I) or _PART_OF_BEFORE.search(before):
        return False      # "in Niger", "to Niger", "dans le nord du Mali": a place
    if re.match(r"\s*,\s*(?:which|who|qui)\b", after):
        return True       # "Niger, which has agreed to host…"
    rest = after
    lst = _COUNTRY_LIST.match(rest)           # "Mali, Burkina Faso and Niger announced"
    if lst:
        rest = rest[lst.end():]
    appos = re.match(r"\s*,\s*(?:itself|the|a|an|its|lui-même|elle-même)\b[^,.;]{0,90},", rest)
    if appos:
        rest = rest[appos.end():]
    words = re.findall(r"[\w'’]+", re.split(r"[.;:!?()\[\]\n]", rest, maxsplit=1)[0])[:4]
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in _MODALS and not (w[:1].isupper() and i + 1 < len(words) and words[i + 1].isdigit()):
            nxt = [x.lower() for x in words[i + 1:] if x.lower() not in _AUX and x.lower() not in _HEDGE_ADVERBS]
            return not nxt or nxt[0] not in _UNDERGOES     # "Niger could see raids": undergoes, does not act
        if lw in _ACTOR_VERBS:
            return True
        if lw in _AUX:
            continue
        break
    return False


@lru_cache(maxsize=1)
def _metonym_verbs() -> frozenset[str]:
    return frozenset(v.split()[-1].lower() for v in context()["metonym_verbs"])


_POSSESSIVE_STATE = re.compile(
    _POSSESSIVE + r"(?:" + _STATE_ORGANS + "|" + _STATE_VOICES + "|" + _STATE_STANCES + r"|ties|relations)\b", re.I)


_BETWEEN_PARTIES = re.compile(r"\b(?:talks|negotiations?|mediation|médiation|dialogue|tensions?|relations|rift|"
                              r"dispute|contacts?|agreement|accord|deal|ceasefire|truce|négociations?|pourparlers|"
                              r"rapprochement)\s+(?:\w+\s+)?(?:between|entre)\s+$", re.I)
_CAPITAL_SKIP = {"cannot", "can't", "won't", "will", "would", "could", "should", "must", "may", "might", "not",
                 "has", "have", "had", "is", "was", "also", "quickly", "swiftly", "immediately", "reportedly",
                 "firmly", "strongly", "officially", "publicly", "later", "then", "again", "still", "now",
                 "ne", "n'a", "a", "pas", "va", "doit", "devrait", "pourrait"}


# A capitalised word and a name's connector right before a capital: the capital ends a longer place's name
NAME_GOES_BEFORE = re.compile(r"[A-ZÀ-Ý][\w'’-]*[ \t]+(?:da|do|dos|das|del|della|di)[ \t]+$")


def capital_as_state(text: str, start: int, end: int) -> bool:
    """A capital stands for its state as the subject of a speech or decision verb ("Tehran denied",
    "Washington has announced", "Paris and Berlin condemned") or with a state's possession ("Tehran's
    decision", "Moscow's allies"); otherwise it is where something happens."""
    before = text[max(0, start - 25):start]
    if NAME_GOES_BEFORE.search(before):
        return False      # "Mocímboa da Praia", "Porto de Lisboa": the end of a longer place's name
    if re.match(r"[-‑–][^\W\d_]", text[end:end + 2]):
        return False      # "Moscow-backed", "Kigali-based": a compound adjective
    if _OBJECT_OF.search(text[max(0, start - 40):start]):
        return True       # "accused Kigali of…", "talks with Moscow", "pressure from Washington"
    prev = _PREV_IN_LIST.search(text, max(0, start - 60), start)
    if prev and _OBJECT_OF.search(text[max(0, prev.start(1) - 40):prev.start(1)]):
        return True       # "at the request of both Moscow and Kyiv": the second shares the first's role
    if _BETWEEN_PARTIES.search(text[max(0, start - 60):start]) and \
            re.match(r"\s+(?:and|et)\s+(?:the\s+|le\s+|la\s+|les\s+|l['’])?[A-Z]", text[end:end + 40]):
        return True       # "talks between Khartoum and the RSF", "une médiation entre Bamako et le CSP"
    if re.search(r"\b(?:in|at|to|from|near|into|across|around|outside|inside|of|towards?|via|between|and|à|de|vers|dans)\s+(?:the\s+)?$",
                 before, re.I) and not re.search(r"\b(?:and)\s+$", before):
        return False
    after = text[end:end + 120]
    if _POSSESSIVE_STATE.match(after):
        return True
    if re.match(r",\s*which\s+(?:still\s+|also\s+|now\s+|has\s+long\s+)?(?:has|had|backs|backed|supports|supported|"
                r"wants|wanted|accused|accuses|denies|denied|insists|insisted|refused|refuses|sent|sends|deployed|"
                r"funds|funded|arms|armed|keeps|kept|maintains|maintained|hosts|hosted)\b", after) and \
            not re.match(r",\s*which\s+(?:has|had)\s+(?:a\s+population|been|about|some|around|more|fewer|\d)", after):
        return True       # "Washington, which still has about 1,100 troops in the country"
    rest = after
    lst = re.match(r"^\s*(?:and|et)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", rest)      # "Paris and Berlin condemned"
    if lst:
        rest = rest[lst.end():]
    if not re.match(r"^\s+[a-zé]", rest):
        return False
    words = re.findall(r"[\w'’é]+", re.split(r"[.;:!?()\[\]\n,]", rest, maxsplit=1)[0])[:5]
    verbs = _metonym_verbs()
    for w in words:
        lw = w.lower()
        if lw in verbs:
            return True
        if lw in _AUX or lw in _MODALS or lw in _HEDGE_ADVERBS or lw in _CAPITAL_SKIP:
            continue
        break
    return False
