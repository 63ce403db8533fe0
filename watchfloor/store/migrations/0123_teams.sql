-- Teams: alert rules are per user or team (watchfloor/alerts/); a team's members are users, and a rule owned by a
-- team reaches every member's bell. A rule's owner is an existing user or team (checked when a rule is added).
CREATE TABLE teams (
    name       TEXT PRIMARY KEY,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE team_members (
    team      TEXT NOT NULL,
    user_name TEXT NOT NULL,
    added_by  TEXT,
    added_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (team, user_name)
);

-- Rules made before teams existed named their owner freely: an owner that is no user becomes a team (with no
-- members until an admin adds them), so that every rule's owner is a user or a team.
INSERT INTO teams (name, created_by, created_at)
SELECT DISTINCT owner, 'migration 0123', CAST(current_timestamp AS TIMESTAMP) FROM alert_rules
WHERE owner NOT IN (SELECT name FROM users);
