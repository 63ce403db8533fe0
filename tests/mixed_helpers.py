"""Mixed-source stores for tests: the bundled UCDP events with ACLED rows beside them, and a report."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ingest_helpers import acled_row, write_csv
from watchfloor.ingest.layouts import ACLED_COLUMNS

# Places in Mali (coordinates from GeoNames), so the rows fall inside Mali's admin-1 regions.
PLACES = {"Boni": ("Mopti", "15.0333", "-1.9667"), "Bourem": ("Gao", "16.9562", "-0.3522"),
          "Niono": ("Segou", "14.2526", "-5.9930"), "Tessalit": ("Kidal", "20.2011", "1.0112")}


def boni_attack(i: int = 1, day: str = "15 December 2020", fatalities: int = 3) -> dict:
    """One clean ACLED row: JNIM attack on civilians near Boni."""
    admin1, lat, lon = PLACES["Boni"]
    return acled_row(i, event_id_cnty=f"MLI{90000 + i}", event_date=day, year=day[-4:],
                     event_type="Violence against civilians", sub_event_type="Attack",
                     actor1="Jama'at Nasr al-Islam wal Muslimin (JNIM)", assoc_actor_1="", inter1="2",
                     actor2="Civilians (Mali)", inter2="7", admin1=admin1, admin2="Douentza", admin3="Boni",
                     location="Boni", latitude=lat, longitude=lon, fatalities=str(fatalities),
                     notes=f"On {day}, JNIM militants attacked civilians near Boni, killing {fatalities}.")


def acled_months(first: date, last: date, per_month: int = 3, start_id: int = 1) -> list[dict]:
    """ACLED rows in every month from `first` to `last` (days 5, 14 and 28), cycling through PLACES."""
    rows, i, m = [], start_id, date(first.year, first.month, 1)
    names = list(PLACES)
    while m <= last:
        for k, day in enumerate((5, 14, 28)[:per_month]):
            place = names[(i + k) % len(names)]
            admin1, lat, lon = PLACES[place]
            when = f"{day} {m:%B %Y}"
            rows.append(acled_row(i, event_id_cnty=f"MLI{i}", event_date=when, year=str(m.year), admin1=admin1,
                                  location=place, latitude=lat, longitude=lon, fatalities=str(1 + i % 7),
                                  notes=f"Fighting near {place} on {when}."))
            i += 1
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return rows


def write_acled(path: Path, rows: list[dict]) -> Path:
    return write_csv(path, ACLED_COLUMNS, rows)


# Words that must never reach an analyst's text: a missing value printed as itself.
MISSING_WORDS = re.compile(r"(?<![\w-])(?:nan|NaN|None|NaT|null)(?![\w-])")


def missing_words(text: str) -> list[str]:
    """Each place a missing value was printed, with some context."""
    return [text[max(0, m.start() - 40):m.end() + 40] for m in MISSING_WORDS.finditer(text)]
