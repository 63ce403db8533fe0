"""Incidents: records of the same incident in several sources (UCDP, ACLED, reports), linked once."""
from watchfloor.incidents.link import LinkSettings, actor_key, link

__all__ = ["LinkSettings", "actor_key", "link"]
