"""A long measures series is bounded where it is shown: trends, pages, search and reference.json.

One standard measured every day for years used to make pages of 80 MB, a
search index of 74 MB and a reference.json of 169 MB. A trend now draws at
most `MAX_POINTS` points (the latest among them, so the status it shows is the
series'), its hover texts stay out of the search index, reference.json keeps
the latest rows of each series and names the ones it cut, and measures.csv
keeps every row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import jsonschema
from conftest import lay_site, run_mkdocs
from cxmaps.charts.trend import MAX_POINTS, Point, thin, trend_svg
from cxmaps.pages.data import MAX_EXPORTED_PER_SERIES
from cxmaps.pages.kinds import render_documents
from measured_site import FILES, MEASURES, load

DAYS = 3000
#: The last day measured: in the quarter of `MEASURES`' newest rows, so the series is not stale.
LAST_DAY = date(2026, 9, 30)


def daily(days: int, last: float = 95.0) -> str:
    """`MEASURES` plus `days` daily rows of fast-confirmation (a target of at least 99), the last one `last`."""
    start = LAST_DAY - timedelta(days=days - 1)
    rows = [
        f"{start + timedelta(days=i)},stay,book,,fast-confirmation,{99.5 - (i % 7) / 10:.1f},400,"
        for i in range(days - 1)
    ]
    rows.append(f"{start + timedelta(days=days - 1)},stay,book,,fast-confirmation,{last},400,")
    kept = [line for line in MEASURES.splitlines() if "fast-confirmation" not in line]
    return "\n".join([*kept, *rows]) + "\n"


def test_thinning_keeps_the_first_the_last_the_lowest_and_the_highest() -> None:
    values = [float(i % 97) for i in range(10_000)]
    values[1234], values[8765] = -50.0, 500.0
    kept = thin(values)
    assert len(kept) <= MAX_POINTS and kept == sorted(set(kept))
    assert kept[0] == 0 and kept[-1] == len(values) - 1
    assert 1234 in kept and 8765 in kept
    assert thin(values[:10]) == list(range(10))  # a short series is drawn whole


def test_a_thinned_trend_draws_each_point_at_its_place_in_the_whole_series() -> None:
    points = [Point(float(i % 5), f"day {i}") for i in range(1000)]
    svg = str(trend_svg(points, title="t", desc="d"))
    assert svg.count("<circle") <= MAX_POINTS and "day 999" in svg and "day 0<" in svg
    assert "data-search-exclude" in svg
    xs = [float(x) for x in re.findall(r'<circle cx="([0-9.]+)"', svg)]
    assert xs == sorted(xs) and xs[0] == 3.0 and xs[-1] == 93.0  # the whole width, oldest to latest


def test_a_long_series_shows_its_latest_value_and_status_in_a_bounded_trend(make_site: Callable[..., Path]) -> None:
    ref = load(make_site(files={**FILES, "measures/2026.csv": daily(DAYS)}))
    docs = {d.src_uri: str(d.content) for d in render_documents(ref, [], "en")}
    page = docs["journeys/stay.md"]
    trend = re.search(r'<svg class="cx-trend"[^>]*data-status="missed"[^>]*>.*?</svg>', page, re.S)
    assert trend is not None  # the latest day (95 < 99) decides: missed
    assert (
        trend.group().count("<circle") <= MAX_POINTS and "September 30, 2026, n\u00a0=\u00a0400: 95%" in trend.group()
    )
    assert f"<desc>{DAYS} periods, from " in trend.group()  # the description counts them all
    assert len(page) < 200_000


def test_reference_json_keeps_the_latest_rows_and_the_csv_every_row(make_site: Callable[..., Path]) -> None:
    ref = load(make_site(files={**FILES, "measures/2026.csv": daily(DAYS)}))
    docs = {d.src_uri: d.content for d in render_documents(ref, [], "en")}
    data = json.loads(str(docs["reference.json"]))
    jsonschema.validate(data, json.loads(str(docs["reference.schema.json"])))
    fast = [m for m in data["measures"] if m["metric"] == "fast-confirmation"]
    assert len(fast) == MAX_EXPORTED_PER_SERIES and fast[-1]["value"] == 95.0
    assert data["measures_cut"] == [
        {"journey": "stay", "step": "book", "persona": None, "metric": "fast-confirmation",
         "rows": DAYS, "exported": MAX_EXPORTED_PER_SERIES},
    ]  # fmt: skip
    assert data["measures_csv"] == "measures.csv"
    rows = list(csv.DictReader(io.StringIO(str(docs["measures.csv"]).lstrip("\ufeff"))))
    assert len(rows) == len(ref.measures) and rows[-1]["value"] == "95" and rows[-1]["n"] == "400"
    emotion = next(row for row in rows if row["metric"] == "emotion")
    assert (emotion["value"], emotion["persona"], emotion["step"]) == ("-1.5", "claire", "check-in")


def test_a_reference_without_measures_publishes_no_measures_csv(make_site: Callable[..., Path]) -> None:
    ref = load(make_site(files={name: text for name, text in FILES.items() if not name.startswith("measures/")}))
    docs = {d.src_uri: d.content for d in render_documents(ref, [], "en")}
    assert "measures.csv" not in docs
    data = json.loads(str(docs["reference.json"]))
    assert (data["measures"], data["measures_cut"], data["measures_csv"]) == ([], [], None)


def test_the_search_index_of_a_long_series_stays_small(tmp_path: Path) -> None:
    sizes = {}
    for days in (10, DAYS):
        site = lay_site(tmp_path / str(days), files={**FILES, "measures/2026.csv": daily(days)})
        built = run_mkdocs(site, "build")
        assert built.returncode == 0, built.stderr
        index = (site / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "n\u00a0=\u00a0400: 9" not in index and "n = 400: 9" not in index  # no hover text is indexed
        sizes[days] = len(index)
    assert sizes[DAYS] < sizes[10] * 1.05
