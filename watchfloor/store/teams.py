"""Teams (migration 0123): named groups of users. An alert rule is owned by a user or a team; a team's rule
reaches every member's bell. Team and user names share one namespace, so an owner's name says which it is.
"""
from __future__ import annotations

from dataclasses import dataclass

from watchfloor.store.connection import Store
from watchfloor.store.users import UserError, _now


# Held (PostgreSQL) by whatever adds to a team or deletes one, and by adding an alert rule (alerts/service.py)
TEAMS_LOCK = "teams"


@dataclass(frozen=True)
class Team:
    name: str
    members: tuple[str, ...]


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise UserError(f"team name {name!r}: expected 1-64 characters without spaces")
    return name


def add_team(store: Store, name: str, by: str, members: list[str] | tuple[str, ...] = ()) -> Team:
    """A new team, with `members` (existing users) if given. Refused when a user or team has the name."""
    name = _check_name(name)
    with store.transaction():
        if store.scalar("SELECT count(*) FROM users WHERE name = ?", [name]):
            raise UserError(f"{name!r} is a user's name; a team needs a name of its own")
        if store.scalar("SELECT count(*) FROM teams WHERE name = ?", [name]):
            raise UserError(f"team {name!r} exists already")
        store.execute("INSERT INTO teams (name, created_by, created_at) VALUES (?, ?, ?)", [name, by, _now()])
        store.audit("team.add", name, None, actor=by)
        for member in members:
            add_member(store, name, member, by)
    return get_team(store, name)


def get_team(store: Store, name: str) -> Team | None:
    if not store.scalar("SELECT count(*) FROM teams WHERE name = ?", [name]):
        return None
    members = [r[0] for r in store.rows("SELECT user_name FROM team_members WHERE team = ? ORDER BY user_name",
                                        [name])]
    return Team(name, tuple(members))


def list_teams(store: Store) -> list[Team]:
    members: dict[str, list[str]] = {}
    for team, user in store.rows("SELECT team, user_name FROM team_members ORDER BY team, user_name"):
        members.setdefault(team, []).append(user)
    return [Team(name, tuple(members.get(name, ())))
            for (name,) in store.rows("SELECT name FROM teams ORDER BY name")]


def _existing_team(store: Store, team: str) -> None:
    if not store.scalar("SELECT count(*) FROM teams WHERE name = ?", [team]):
        raise UserError(f"no team {team!r}")


def add_member(store: Store, team: str, user: str, by: str) -> bool:
    """Add a user to a team; False when they were a member already."""
    with store.transaction():
        store.lock(TEAMS_LOCK)
        _existing_team(store, team)
        if not store.scalar("SELECT count(*) FROM users WHERE name = ?", [user]):
            raise UserError(f"no user {user!r}")
        if store.scalar("SELECT count(*) FROM team_members WHERE team = ? AND user_name = ?", [team, user]):
            return False
        store.execute("INSERT INTO team_members (team, user_name, added_by, added_at) VALUES (?, ?, ?, ?)",
                      [team, user, by, _now()])
        store.audit("team.member_add", team, {"user": user}, actor=by)
    return True


def remove_member(store: Store, team: str, user: str, by: str) -> None:
    """Take a user out of a team (they no longer see its alerts)."""
    with store.transaction():
        _existing_team(store, team)
        if not store.scalar("SELECT count(*) FROM team_members WHERE team = ? AND user_name = ?", [team, user]):
            raise UserError(f"{user!r} is not a member of team {team!r}")
        store.execute("DELETE FROM team_members WHERE team = ? AND user_name = ?", [team, user])
        store.audit("team.member_remove", team, {"user": user}, actor=by)


@dataclass(frozen=True)
class DeletedTeam:
    name: str
    members: tuple[str, ...]
    rules: tuple[tuple[int, str], ...]      # (id, name) of the alert rules deleted with it


def delete_team(store: Store, name: str, by: str, with_rules: bool = False) -> DeletedTeam:
    """Delete a team and its memberships (audited as `team.delete`, naming its members and rules).

    While alert rules are owned by the team it is refused, naming them, unless `with_rules`: a desk does not
    lose its alert routing by accident, and a team made later under the same name does not inherit old rules.
    With `with_rules` the rules go too (each audited as `alert_rule.delete`); the alerts they raised stay in the
    store, as do their acknowledgements and the audit trail, but no longer show in any bell, and a delivery not yet
    queued in the outbox is not sent."""
    with store.transaction():
        store.lock(TEAMS_LOCK)          # PostgreSQL: no member or rule is added to the team while it goes
        _existing_team(store, name)
        rules = tuple((int(i), str(n)) for i, n in store.rows(
            "SELECT id, name FROM alert_rules WHERE owner = ? ORDER BY id", [name]))
        if rules and not with_rules:
            listed = ", ".join(f"{i} {n!r}" for i, n in rules)
            raise UserError(f"team {name!r} still owns {len(rules)} alert rule(s): {listed}; delete them with the "
                            f"team (`watchfloor teams delete {name} --with-rules`) or keep the team")
        members = get_team(store, name).members
        for rule_id, rule_name in rules:
            store.execute("DELETE FROM alert_rules WHERE id = ?", [rule_id])
            store.audit("alert_rule.delete", str(rule_id), {"name": rule_name, "owner": name, "with_team": True},
                        actor=by)
        store.execute("DELETE FROM team_members WHERE team = ?", [name])
        store.execute("DELETE FROM teams WHERE name = ?", [name])
        store.audit("team.delete", name, {"members": list(members), "rules": [i for i, _ in rules]}, actor=by)
    return DeletedTeam(name, members, rules)


def teams_of(store: Store, user: str) -> list[str]:
    return [r[0] for r in store.rows("SELECT team FROM team_members WHERE user_name = ? ORDER BY team", [user])]


def owner_kind(store: Store, owner: str) -> str:
    """'user' or 'team' for an alert rule's owner; a name that is neither is refused, naming it."""
    if store.scalar("SELECT count(*) FROM users WHERE name = ?", [owner]):
        return "user"
    if store.scalar("SELECT count(*) FROM teams WHERE name = ?", [owner]):
        return "team"
    raise UserError(f"owner {owner!r} is neither a user nor a team: add the user (`watchfloor users add "
                    f"{owner}`) or the team (`watchfloor teams add {owner}`) first")
