"""Alerts: rules per user or team, raised from triggers, delivered by email, signed webhook or in-app.

rules.py (what a rule matches), text.py (the alert in our ICD 203 language), channels.py (SMTP with
STARTTLS, HMAC-signed webhooks), service.py (raise once per incident and rule; deliver each once, retrying
failures), ledger.py (the tables of migrations 0111 and 0112). A rule's owner is a user or a team
(store/teams.py, migration 0123): a team's alerts show in every member's bell and are acknowledged once for the team.
"""
