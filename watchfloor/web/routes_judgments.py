"""Judgments: list, resolve with a note, auto-resolve, scores and the calibration chart."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
