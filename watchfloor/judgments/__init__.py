"""The judgment tracker: every estimative judgment becomes a forecast that is resolved and scored.

The functions the CLI, the REST API and the dashboard share (see each module for details):
record_judgment, record_judgments, import_report_judgments, list_judgments, get_judgment, due_soon,
horizons, set_horizon (tracking); resolve, reopen, history, auto_resolve (resolution); score (scoring);
reliability_png (charts, imported on use: it loads matplotlib).
"""
from watchfloor.judgments.likelihood import NotAJudgment
from watchfloor.judgments.resolution import ResolutionError, auto_resolve, history, reopen, resolve
from watchfloor.judgments.scoring import score
from watchfloor.judgments.tracking import (due_soon, get_judgment, horizons, import_report_judgments, list_judgments,
                                           record_judgment, record_judgments, set_horizon)


def reliability_png(store, path):
    """Write the reliability diagram PNG (see watchfloor.judgments.charts)."""
    from watchfloor.judgments.charts import reliability_png as draw
    return draw(store, path)


__all__ = ["NotAJudgment", "ResolutionError", "auto_resolve", "due_soon", "get_judgment", "history", "horizons",
           "import_report_judgments", "list_judgments", "record_judgment", "record_judgments", "reliability_png",
           "reopen", "resolve", "score", "set_horizon"]
