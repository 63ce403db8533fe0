"""Alerts: rules per user or team, raised from triggers, delivered by email, signed webhook or in-app.

rules.py (what a rule matches), text.py (the alert in our ICD 203 language), channels.py (SMTP with
STARTTLS, HMAC-signed webhooks), service.py (raise once per incident and rule; deliver each once, retrying
failures), ledger.py (the tables of migration 0111).
"""
