"""The journey map: layout, gap shading, curves, markers, determinism, cache, ids, safety."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_mkdocs
from cxmaps.charts.maps import build_figure, describe, draw, gap_spans, journey_spec, sparkline
from cxmaps.charts.store import Chart, ChartStore
from cxmaps.language.i18n import catalogue
from cxmaps.model.format import Journey
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
from matplotlib.text import Text

LABELS = catalogue("en")
SAMPLE = load_reference(
    Settings(root=ROOT, journeys_dir=ROOT / "journeys", personas_dir=ROOT / "personas", docs_dir=ROOT / "docs")
)
NAMES = {pid: p.name for pid, p in SAMPLE.personas.items()}


def spec_of(journey: dict[str, Any], jid: str = "j") -> dict[str, Any]:
    return journey_spec(jid, Journey.model_validate(journey), {"a": "Ann", "b": "Bob"}, (-2, 2), LABELS)


def steps(*rows: tuple[Any, ...], **extra: Any) -> list[dict[str, Any]]:
    return [
        {"name": f"Step {i}", "emotion": lived, **({"expected": exp} if exp is not None else {}), **extra}
        for i, (lived, exp) in enumerate(rows)
    ]


def long_journey() -> dict[str, Any]:
    words = [
        "Customer",
        "compares",
        "the",
        "booking",
        "options",
        "and",
        "then",
        "waits",
        "for",
        "the",
        "confirmation",
        "message",
    ]
    names = [" ".join(words[(i % 5) :])[:60] for i in range(25)]
    return {
        "title": "Twenty-five steps",
        "personas": ["a", "b"],
        "phases": [
            {"name": f"Phase number {p} with a long name", "steps": [
                {"name": names[i], "emotion": {"a": (i % 5) - 2, "b": ((i + 2) % 5) - 2}, "expected": {"a": 1, "b": 0},
                 "irritants": "x" if i % 3 == 0 else [], "fail_points": "y" if i % 4 == 0 else [], "bottlenecks": "z" if i % 5 == 0 else [],
                 **({"moment_of_truth": {"kind": "incident"}} if i % 6 == 0 else {})}
                for i in range(p * 5, p * 5 + 5)]}
            for p in range(5)
        ],
    }  # fmt: skip


def figure_specs() -> list[tuple[str, dict[str, Any]]]:
    specs = [(jid, journey_spec(jid, j, NAMES, (-2, 2), LABELS)) for jid, j in SAMPLE.journeys.items()]
    return [*specs, ("twenty-five-steps", spec_of(long_journey(), "long"))]


@pytest.mark.parametrize(("name", "spec"), figure_specs(), ids=lambda v: v if isinstance(v, str) else "")
def test_no_text_overlaps_another(name: str, spec: dict[str, Any]) -> None:
    fig = build_figure(spec)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    assert len(boxes) >= len(spec["steps"])  # each point's value; names are HTML around the chart
    width, height = fig.bbox.width, fig.bbox.height
    for text, box in boxes:
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, f"{text!r} is cut off"
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{a!r} overlaps {b!r}"


def test_gap_spans() -> None:
    assert gap_spans([1, 1, 0, -1, 0], [1, 1, 1, 1, 0]) == [(1.0, 4.0)]
    assert gap_spans([2, -1, 2], [0, 0, 0]) == [(2 / 3, 4 / 3)]
    assert gap_spans([1, 2], [0, 1]) == []
    assert gap_spans([0, None, 0], [1, 1, 1]) == [(0.0, 0.0), (2.0, 2.0)]  # between points only (issue 23)


def test_gap_is_shaded_exactly_where_lived_falls_short() -> None:
    rows = [(1, 1), (-1, 1), (0, 1), (2, 0), (1, 1), (-2, 0), (0, None)]
    spec = spec_of({"title": "T", "personas": ["a"], "phases": [{"name": "P", "steps": steps(*rows)}]})
    fig = build_figure(spec)
    shaded = [c for c in fig.findobj(Collection) if str(c.get_gid()).startswith("cx-gap-0")]
    spans = [(p.vertices[:, 0].min(), p.vertices[:, 0].max()) for c in shaded for p in c.get_paths()]
    for x, (lived, expected) in enumerate(rows):
        short = expected is not None and lived < expected
        # A gap's step is shaded (up to the point itself: never past it, issue 23); no other step is inside one.
        assert any(lo <= x <= hi for lo, hi in spans) if short else not any(lo < x < hi for lo, hi in spans), (
            x, lived, expected, spans)  # fmt: skip


def test_one_curve_per_persona_told_apart_by_colour_and_marker() -> None:
    spec = spec_of(long_journey())
    lines = {str(line.get_gid()): line for line in build_figure(spec).findobj(Line2D) if line.get_gid()}
    lived = [lines[f"cx-lived-{i}"] for i in range(2)]
    assert "cx-lived-2" not in lines
    assert lived[0].get_color() != lived[1].get_color()
    assert lived[0].get_marker() != lived[1].get_marker()
    assert [line.get_linestyle() for line in (lines["cx-expected-0"], lines["cx-expected-1"])] == ["--", "--"]
    bands = [line.axes.get_position().bounds for line in lived]
    assert bands[0][1] > bands[1][1] and bands[0][3] == bands[1][3]  # one band each, stacked: none hides another


def test_stars_on_moments_of_truth_in_every_band() -> None:
    spec = spec_of(long_journey())
    lines = {str(line.get_gid()): line for line in build_figure(spec).findobj(Line2D) if line.get_gid()}
    for band in (0, 1):
        assert list(lines[f"cx-moment-{band}"].get_xdata()) == [i for i in range(25) if i % 6 == 0]


def test_svg_is_accessible_text_and_self_contained() -> None:
    journey = SAMPLE.journeys["business-hotel-stay"]
    svg = draw(journey_spec("business-hotel-stay", journey, NAMES, (-2, 2), LABELS))
    assert svg.startswith(
        '<svg class="cx-map-svg" role="img" aria-labelledby="cxm-business-hotel-stay-title cxm-business-hotel-stay-desc"'
    )
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)  # type: ignore[union-attr]
    assert "peaks at Has breakfast (very positive (2))" in desc
    assert "lowest at Checks in at the desk (negative (-1))" in desc
    assert "largest gap below expectations is at Checks in at the desk" in desc
    assert "Moments of truth: Checks in at the desk" in desc
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    assert "2" in texts and "-1" in texts  # each point's value, as text
    assert (
        "<title>Checks in at the desk: Lived experience negative (-1); Expected experience positive (1)</title>" in svg
    )
    assert "var(--md-default-fg-color" in svg and "#010101" not in svg
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("cxm-business-hotel-stay-") for i in ids)
    assert all(ref in ids for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', svg))


def test_chart_text_is_shown_literally_and_cannot_break_out() -> None:
    hostile = "</svg><script>alert(1)</script> costs $5 and $6 & <b>"
    spec = spec_of({"title": hostile, "personas": ["a"], "phases": [{"name": hostile, "steps": steps((0, 1), (1, 1))}]})
    spec["steps"][0]["name"] = hostile
    for svg in (draw(spec), sparkline(spec)):
        assert "<script>" not in svg and "</svg><" not in svg.replace("</svg>\n", "")
        assert svg.count("<svg") == 1 and svg.rstrip().endswith("</svg>")
    assert "$5 and $6" in draw(spec).replace("&amp;", "&")


def test_same_spec_gives_identical_bytes_in_another_process() -> None:
    code = (
        "from cxmaps.charts.maps import draw, journey_spec; from cxmaps.language.i18n import catalogue; "
        "from cxmaps.reference.core import Settings; from cxmaps.reference.load import load_reference; from pathlib import Path; import sys; R = Path(sys.argv[1]); "
        "ref = load_reference(Settings(root=R, journeys_dir=R/'journeys', personas_dir=R/'personas', docs_dir=R/'docs')); "
        "names = {p: x.name for p, x in ref.personas.items()}; "
        "sys.stdout.write(draw(journey_spec('restaurant-evening', ref.journeys['restaurant-evening'], names, (-2, 2), catalogue('en'))))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    here = draw(journey_spec("restaurant-evening", SAMPLE.journeys["restaurant-evening"], NAMES, (-2, 2), LABELS))
    assert runs[0] == runs[1] == here


def test_store_draws_once_and_reuses(tmp_path: Path) -> None:
    spec = spec_of({"title": "T", "personas": ["a"], "phases": [{"name": "P", "steps": steps((0, 1))}]})
    calls: list[str] = []

    def counting(chart: Chart) -> str:
        calls.append(chart.name)
        return draw(chart.spec)

    store = ChartStore(tmp_path / "cache", workers=1)
    first = store.get_all([Chart("map", spec)], counting)
    second = ChartStore(tmp_path / "cache", workers=1).get_all([Chart("map", spec)], counting)
    assert first == second and len(calls) == 1
    changed = {**spec, "title": "Changed"}
    ChartStore(tmp_path / "cache", workers=1).get_all([Chart("map", spec), Chart("map", changed)], counting)
    assert len(calls) == 2
    assert Chart("map", spec).key() != Chart("map", {**spec, "labels": catalogue("fr")}).key()


def test_parallel_drawing_gives_the_same_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxmaps.charts.store as chartstore

    monkeypatch.setattr(chartstore, "PARALLEL_FROM", 2)
    charts = [Chart("map", journey_spec(jid, j, NAMES, (-2, 2), LABELS)) for jid, j in SAMPLE.journeys.items()]
    parallel = ChartStore(None, workers=2).get_all(charts)
    serial = {c.name: draw(c.spec) for c in charts}
    assert parallel == serial


def test_describe_names_each_persona() -> None:
    spec = journey_spec("restaurant-evening", SAMPLE.journeys["restaurant-evening"], NAMES, (-2, 2), LABELS)
    text = describe(spec)
    assert "Marc Lefèvre: The lived experience" in text and "Inès and Paul Garnier: The lived experience" in text


def _site_with_two_journeys(make_site) -> Path:  # type: ignore[no-untyped-def]
    other = "title: Other\npersonas: [tourist]\nphases:\n  - name: P\n    steps:\n      - {name: Only step, emotion: -1, expected: 1}\n"
    return make_site(files={"journeys/other.yml": other})


def charts_line(stderr: str) -> str:
    return re.search(r"cxmaps: (\d+ charts drawn, \d+ reused)", stderr).group(1)  # type: ignore[union-attr]


def test_build_cache_draws_nothing_twice_and_redraws_only_an_edited_journey(make_site) -> None:
    site = _site_with_two_journeys(make_site)
    first = run_mkdocs(site, "build")
    # stay: map, overlay, slide, sparkline, 2 persona lines; other (one persona, no overlay): map, slide, sparkline
    assert charts_line(first.stderr) == "9 charts drawn, 0 reused"
    assert charts_line(run_mkdocs(site, "build").stderr) == "0 charts drawn, 9 reused"
    journey = site / "journeys" / "other.yml"
    journey.write_text(journey.read_text().replace("emotion: -1", "emotion: 0"))
    assert charts_line(run_mkdocs(site, "build").stderr) == "3 charts drawn, 6 reused"
    assert (site / ".cxmaps-cache" / "charts").is_dir()


def test_two_builds_give_identical_pages(make_site, tmp_path: Path) -> None:
    site = _site_with_two_journeys(make_site)
    outputs = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        result = run_mkdocs(site, "build", "-d", str(out))
        assert result.returncode == 0
        outputs.append((out / "journeys" / "stay" / "index.html").read_bytes())
    assert outputs[0] == outputs[1]


def test_ids_never_collide_with_several_maps_on_a_page(make_site) -> None:
    site = _site_with_two_journeys(make_site)
    (site / "docs" / "both.md").write_text(
        "# Both\n\n[cxmaps: map stay]\n\n[cxmaps: map other]\n\n[cxmaps: map stay]\n"
    )
    assert run_mkdocs(site, "build", "--strict").returncode == 0
    for page in ("both", "journeys/stay", "journeys", "personas/tourist"):
        html = (site / "site" / page / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', html)
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, (page, sorted(duplicates)[:5])
        for ref in re.findall(r'aria-labelledby="([^"]+)"', html):
            assert all(part in ids for part in ref.split()), ref
    # Three maps; stay's two (two personas) each with its overlaid view too (issue 23).
    assert (site / "site" / "both" / "index.html").read_text(encoding="utf-8").count('class="cx-map-svg"') == 5
