"""The actor network: one node per canonical actor, links of who fights whom and who belongs to whom.

Events name actors as their source does (UCDP "JNIM", "al-Murabitun"); reports' events and the actor
dictionary use the dictionary's names ("Jama'at Nusrat al-Islam wal-Muslimin", "Al-Mourabitoun"). A source's
actor joins the dictionary actor whose name or alias is exactly its name — only when one dictionary actor
answers, and never two source actors with each other (their short names are ambiguous across countries:
"JEM", "MPA"). Every name then maps to its canonical (dictionary) name.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


def fold(name: str) -> str:
    return " ".join(name.casefold().replace("\u2019", "'").split())


@dataclass
class ActorNames:
    canonical: dict[str, str] = field(default_factory=dict)     # folded name -> canonical name
    kinds: dict[str, str | None] = field(default_factory=dict)   # canonical name -> kind

    def __call__(self, name: str) -> str:
        return self.canonical.get(fold(name), name)


def canonical_names(actors: list[tuple[str, str, str | None, str | None]],
                    aliases: list[tuple[str, str]]) -> ActorNames:
    """actors: (id, name, kind, source); aliases: (actor id, alias)."""
    primary = {actor_id: (name, kind, source) for actor_id, name, kind, source in actors}
    names: dict[str, set[str]] = defaultdict(set)
    for actor_id, (name, _, _) in primary.items():
        names[actor_id].add(fold(name))
    for actor_id, alias in aliases:
        if actor_id in primary:
            names[actor_id].add(fold(alias))
    return _canonical(primary, names)


def _canonical(primary: dict[str, tuple[str, str | None, str | None]], names: dict[str, set[str]]) -> ActorNames:
    dictionary = {a for a, (_, _, source) in primary.items() if source == "dictionary"}
    by_own_name: dict[str, set[str]] = defaultdict(set)
    by_any_name: dict[str, set[str]] = defaultdict(set)
    for actor_id in dictionary:
        by_own_name[fold(primary[actor_id][0])].add(actor_id)
        for name in names[actor_id]:
            by_any_name[name].add(actor_id)
    canonical_of: dict[str, str] = {}
    for actor_id, (name, _, _) in primary.items():
        if actor_id in dictionary:
            canonical_of[actor_id] = actor_id
            continue
        found = by_own_name.get(fold(name)) or by_any_name.get(fold(name)) or set()
        canonical_of[actor_id] = next(iter(found)) if len(found) == 1 else actor_id
    out = ActorNames()
    for actor_id, target in canonical_of.items():
        name, kind, _ = primary[target]
        out.kinds.setdefault(name, kind)
    # own names first: an actor's own name always maps to its canonical name
    for actor_id, target in sorted(canonical_of.items(), key=lambda x: x[0] not in dictionary):
        out.canonical.setdefault(fold(primary[actor_id][0]), primary[target][0])
    # then aliases, where they name one canonical actor only
    by_alias: dict[str, set[str]] = defaultdict(set)
    for actor_id, target in canonical_of.items():
        for alias in names[actor_id]:
            by_alias[alias].add(primary[target][0])
    for alias, targets in by_alias.items():
        if len(targets) == 1 and alias not in out.canonical:
            out.canonical[alias] = next(iter(targets))
    return out


def network(fights: list[dict], report_pairs: list[dict], memberships: list[dict], names: ActorNames) -> dict:
    """{nodes: [{id, kind, names}], links: [{source, target, kind, events, fatalities, from}]} on canonical names."""
    seen: dict[str, set[str]] = defaultdict(set)

    def canon(name: str) -> str:
        c = names(name)
        seen[c].add(name)
        return c

    fought: dict[tuple[str, str, str], dict] = {}
    for origin, pairs in (("events", fights), ("reports", report_pairs)):
        for f in pairs:
            a, b = canon(f["actor1"]), canon(f["actor2"])
            if a == b:
                continue
            link = fought.setdefault((a, b, origin), {"source": a, "target": b, "kind": "fights", "events": 0,
                                                       "fatalities": 0, "from": origin})
            link["events"] += int(f.get("events", 1) or 0)
            link["fatalities"] += int(f.get("fatalities") or 0)
    links = sorted(fought.values(), key=lambda x: (-x["events"], x["source"], x["target"]))
    named = {x for link in links for x in (link["source"], link["target"])}
    members = set()
    for m in memberships:
        a, b = names(m["member"]), names(m["parent"])
        if a != b and (a in named or b in named):
            members.add((a, b))
            seen[a].add(m["member"])
            seen[b].add(m["parent"])
    links += [{"source": a, "target": b, "kind": "member of", "events": 0, "fatalities": 0,
               "from": "actor dictionary"} for a, b in sorted(members)]
    nodes = sorted({x for link in links for x in (link["source"], link["target"])})
    return {"nodes": [{"id": n, "kind": names.kinds.get(n), "names": sorted(seen[n])} for n in nodes],
            "links": links}
