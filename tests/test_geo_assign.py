"""Point → admin-1/admin-2 with borders in mind (geo/assign.py), on small made-up boundaries."""
from __future__ import annotations

from shapely.geometry import box, mapping

from watchfloor.geo.assign import BORDER, AdminAssigner, name_key
from watchfloor.geo.regions import RegionIndex

# Two made-up countries side by side: AAA (x 0-2, two admin-1 halves, the west one split in two admin-2),
# BBB (x 2-4, one admin-1). CCC has no boundaries at all.
LEVEL1 = RegionIndex([
    ("AAA.W", "Westshire", mapping(box(0, 0, 1, 2)), "AAA", None, "Province de l'Ouest"),
    ("AAA.E", "Eastshire", mapping(box(1, 0, 2, 2)), "AAA", None, ""),
    ("BBB.1", "Bee One", mapping(box(2, 0, 4, 2)), "BBB", None, ""),
])
LEVEL2 = RegionIndex([
    ("AAA.W.N", "North Ward", mapping(box(0, 1, 1, 2)), "AAA", "AAA.W", ""),
    ("AAA.W.S", "South Ward", mapping(box(0, 0, 1, 1)), "AAA", "AAA.W", ""),
])


def test_inside_its_own_country():
    found = AdminAssigner(LEVEL1, LEVEL2).assign([1.5, 0.5], [0.5, 1.5], ["AAA", "AAA"])
    assert found.admin1 == ["Westshire", "Eastshire"]
    assert found.admin2 == ["North Ward", None]          # Eastshire has no admin-2 loaded
    assert found.region_flag == [None, None]


def test_a_point_in_a_neighbours_polygon_keeps_its_country():
    # AAA's event plotted 30 km inside BBB: nearest AAA admin-1, flagged; never BBB's region.
    found = AdminAssigner(LEVEL1, LEVEL2).assign([1.0], [2.3], ["AAA"])
    assert (found.region_id, found.admin1, found.region_flag, found.country) == (["AAA.E"], ["Eastshire"],
                                                                                  [BORDER], ["AAA"])


def test_the_sources_own_admin1_wins_over_the_nearest_one():
    found = AdminAssigner(LEVEL1, LEVEL2).assign([1.5, 0.5], [2.3, 2.3], ["AAA", "AAA"],
                                                 ["Westshire region", "North Ward"])
    assert found.admin1 == ["Westshire", "Westshire"] and found.region_flag == [BORDER, BORDER]
    assert found.admin2 == ["North Ward", "South Ward"]          # the nearest child of that admin-1


def test_off_the_coast_takes_the_nearest_region():
    found = AdminAssigner(LEVEL1, LEVEL2).assign([-0.6], [0.4], ["AAA"])
    assert found.admin1 == ["Westshire"] and found.admin2 == ["South Ward"] and found.region_flag == [BORDER]


def test_a_country_without_boundaries_gets_no_neighbours_region():
    found = AdminAssigner(LEVEL1, LEVEL2).assign([1.0], [3.0], ["CCC"])
    assert found.region_id == [None] and found.admin1 == [None] and found.country == ["CCC"]


def test_no_country_takes_the_region_and_its_country():
    found = AdminAssigner(LEVEL1, LEVEL2).assign([1.0, 9.0], [3.0, 9.0], [None, None])
    assert found.admin1 == ["Bee One", None] and found.country == ["BBB", None]


def test_region_names_compare_without_type_words_and_accents():
    assert name_key("Province du Soum") == name_key("Soum") == "soum"
    assert name_key("Tombouctou region") == name_key("Tombouctou")
    assert AdminAssigner(LEVEL1).source_region("AAA", "Province de l'Ouest") == 0
