"""Warnings: triggers, estimative language and the brief."""
