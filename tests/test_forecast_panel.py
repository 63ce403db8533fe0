"""Panels from the bundled data: every located event counted once, in the right unit and month."""
from __future__ import annotations

import pandas as pd

from watchfloor.forecast.panel import build_panel, gid_centre, prio_gid


def test_mali_admin1_panel_counts_events_where_they_happened(bundled_store):
    panel = build_panel(bundled_store, "MLI")
    regions = bundled_store.rows("SELECT id FROM regions WHERE country = 'MLI' AND level = 1")
    assert panel["unit_id"].nunique() == len(regions) == 9
    expected = bundled_store.scalar(
        "SELECT sum(fatalities) FROM events WHERE region_id IN (SELECT id FROM regions WHERE country = 'MLI' "
        "AND level = 1)")
    assert panel["fatalities"].sum() == expected
    # events the dataset files under Mali but whose point lies in Burkina Faso stay Malian (nearest Malian
    # region, flagged 'border'): no country's panel holds another country's regions
    moved = bundled_store.scalar("SELECT count(*) FROM events e JOIN regions r ON r.id = e.region_id "
                                 "WHERE e.country_iso3 = 'MLI' AND r.country = 'BFA'")
    assert moved == 0
    assert bundled_store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'MLI' "
                                "AND region_flag = 'border'") > 0
    bfa = build_panel(bundled_store, "BFA")
    assert bfa["unit_id"].nunique() == 13          # Burkina Faso's regions (its provinces are admin-2)
    sizes = panel.groupby("unit_id").size()
    assert sizes.nunique() == 1 and panel["month"].max() == pd.Timestamp("2020-12-01")
    kidal_2014 = panel[(panel["unit_name"] == "Kidal") & (panel["month"].dt.year == 2014)]
    assert (kidal_2014["troops"] > 0).all() and (kidal_2014["bases"] >= 1).all()
    by_type = panel[["fatalities_state_based", "fatalities_non_state", "fatalities_one_sided"]].sum(axis=1)
    assert (by_type <= panel["fatalities"]).all() and by_type.sum() == panel["fatalities"].sum()


def test_prio_grid_numbering():
    # PRIO-GRID gid 1 is the cell at the south-west corner of the world
    assert prio_gid([-89.9], [-179.9])[0] == 1
    assert prio_gid([-89.9], [179.9])[0] == 720
    assert prio_gid([-89.4], [-179.9])[0] == 721
    assert prio_gid([0.25], [0.25])[0] == 180 * 720 + 361
    lat, lon = gid_centre(180 * 720 + 361)
    assert (lat, lon) == (0.25, 0.25)


def test_mali_grid_panel_covers_the_country(bundled_store):
    panel = build_panel(bundled_store, "MLI", unit="grid")
    cells = panel["unit_id"].nunique()
    assert 450 < cells < 560  # ~1.24 million km² of 0.5° cells, plus the border cells
    named = panel.drop_duplicates("unit_id")
    assert named["region_id"].notna().all()
    # every event located in Mali's regions lands in some cell of the grid panel
    in_mali = bundled_store.scalar(
        "SELECT sum(fatalities) FROM events WHERE region_id IN (SELECT id FROM regions WHERE country = 'MLI' "
        "AND level = 1)")
    assert panel["fatalities"].sum() >= in_mali


def test_actor_and_violence_mix_are_counted_and_reach_only_later_origins(bundled_store):
    import numpy as np
    import pytest

    from watchfloor.forecast.backtest import LeakageError, check_history
    from watchfloor.forecast.features import origin_state, panel_matrices
    panel = build_panel(bundled_store, "MLI")
    in_mali = "region_id IN (SELECT id FROM regions WHERE country = 'MLI' AND level = 1)"
    jnim = bundled_store.scalar(f"SELECT count(*) FROM events WHERE {in_mali} AND (actor1 = 'JNIM' OR actor2 = 'JNIM')")
    one_sided = bundled_store.scalar(f"SELECT count(*) FROM events WHERE {in_mali} AND violence_type = 'one-sided'")
    assert panel["events_one_sided"].sum() == one_sided
    # JNIM is one jihadist group of several: the jihadist count holds all its events and more, never more than all
    assert jnim < panel["events_jihadist"].sum() <= panel["events"].sum()
    assert (panel[["events_jihadist", "events_militia", "events_one_sided"]].max(axis=1) <= panel["events"]).all()
    month = pd.Timestamp("2019-03-01")
    with pytest.raises(LeakageError):   # the month's mix is an outcome: refused at its own origin
        check_history(panel[panel["month"] <= month], month)
    m = panel_matrices(panel)
    state = origin_state(m)
    t, mopti = m.index_of(month), list(m.units["unit_id"]).index("MLI.ML-5")
    last12 = panel[(panel["unit_id"] == "MLI.ML-5") & (panel["month"] < month)
                   & (panel["month"] >= month - pd.DateOffset(months=12))]
    assert state["jihadist_share12"][mopti, t] == pytest.approx(last12["events_jihadist"].sum()
                                                                 / last12["events"].sum())
    assert 0 < state["jihadist_share12"][mopti, t] <= 1 and np.nanmax(state["one_sided_share12"]) <= 1
