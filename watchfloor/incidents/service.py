"""Link a store's records into incidents (the command and the API call this)."""
from __future__ import annotations

from watchfloor.incidents.link import LinkSettings, actor_key, link
from watchfloor.store import incidents as stored


def link_store(store, country: str | None = None, settings: LinkSettings = LinkSettings(),
               by: str = "watchfloor") -> dict:
    """Re-link every record of `country` (all when None), keeping the analyst's merges and splits."""
    frame = stored.records(store, country)
    aliases, countries = stored.naming(store)
    decided = stored.decisions(store)
    merges = [(a, b) for a, b, d in decided.itertuples(index=False) if d == "merge"]
    splits = [(a, b) for a, b, d in decided.itertuples(index=False) if d == "split"]
    cache: dict = {}

    def keys(name):
        if name not in cache:
            cache[name] = actor_key(name, aliases, countries)
        return cache[name]
    links, members = link(frame, settings, actor_keys=keys, merges=merges, splits=splits)
    members = members.assign(source=frame["source"].to_numpy(), country=frame["country"].to_numpy())
    detail = stored.replace_links(store, links, members, country, by)
    detail["sources"] = sorted(frame["source"].dropna().unique().tolist())
    return detail
