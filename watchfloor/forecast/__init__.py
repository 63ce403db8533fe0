"""Forecasting: panels, models, backtests, what-ifs."""

# The model a forecast, trigger scan or brief uses unless told otherwise: the ensemble, whose weights fall back
# on its best single member unless a mixture shows a clear gain on validation months (forecast/ensemble.py).
DEFAULT_MODEL = "ensemble"
