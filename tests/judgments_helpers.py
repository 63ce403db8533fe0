"""Stores for the judgment tracker's tests: reference data plus made-up events, and report facts."""
from __future__ import annotations

from pathlib import Path

from ingest_helpers import REDUCED_COLUMNS, reduced_row, write_csv

from watchfloor.ingest import ingest_file
from watchfloor.store import Store
from watchfloor.store.judgments import insert_fact, insert_report

# Points inside the bundled admin-1 polygons of a country (any country's would do: Mali is only data).
GAO = (16.27, -0.04)
MOPTI = (14.49, -4.19)
KIDAL = (18.44, 1.41)
VIOLENCE = {"state-based": "State-based violence", "non-state": "Non-state violence", "one-sided": "One-sided violence"}


def event_row(i: int, day: str, where: tuple[float, float], violence: str, deaths: int,
              side_a: str = "Government of Mali", side_b: str = "JNIM") -> dict:
    year, month, dd = day.split("-")
    return reduced_row(i, year=year, month=int(month), day=int(dd), date_start=day, latitude=where[0],
                       longitude=where[1], type_of_violence=VIOLENCE[violence], side_a=side_a, side_b=side_b,
                       low_death=deaths, best_death=deaths, high_death=deaths)


def ingest_events(store: Store, tmp_path: Path, rows: list[dict], name: str = "events.csv") -> None:
    ingest_file(store, write_csv(tmp_path / name, REDUCED_COLUMNS, rows), "ucdp")


def add_report(store: Store, report_id: str, published: str | None, authors: list[str], outlet: str | None,
               judgments: list[tuple[str, dict]], kind: str = "judgment", status: str = "extracted") -> list[str]:
    """A report and its facts as the reader would store them; returns the fact ids."""
    text = " ".join(sentence for sentence, _ in judgments)
    insert_report(store, report_id=report_id, text=text, published=published, authors=authors, outlet=outlet,
                  title=f"report {report_id}")
    ids, start = [], 0
    for n, (sentence, value) in enumerate(judgments):
        fact_id = f"{report_id[:16]}:{kind}:{start}:{start + len(sentence)}:{n}"
        insert_fact(store, fact_id=fact_id, report_id=report_id, kind=kind, start=start, end=start + len(sentence),
                    text=sentence, value={"text": sentence, **value}, status=status)
        ids.append(fact_id)
        start += len(sentence) + 1
    return ids
