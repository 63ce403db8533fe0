"""Briefs: list, view, metadata, render/download and the draft -> reviewed -> published flow."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
