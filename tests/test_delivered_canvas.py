"""The delivered experience on the journey canvas (issue 14): the delivered lane, each step's evidence level,
the measured emotion beside the lived curve; in Chromium, readable in light and dark (contrast >= 4.5),
screenshots in tests/artifacts/canvas/."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SITES, TESTS, serve
from cxmaps.charts.canvas import COLUMN_PX, PRINT_LINE_EM, layout, print_size, rows_present
from cxmaps.charts.canvasdelivery import measured_emotions
from cxmaps.charts.maps import build_figure, describe, draw, journey_spec
from cxmaps.charts.store import Chart
from cxmaps.language.i18n import catalogue
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.core import Reference, Settings
from cxmaps.reference.delivered import Delivery
from cxmaps.reference.load import load_reference
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from measured_site import FILES, MEASURES, load
from test_browser import CONTRAST_JS
from test_canvas import EXTREMES

EN = catalogue("en")
NBSP = "\u00a0"


def _page(ref: Reference, language: str = "en", jid: str = "stay") -> str:
    docs = {d.src_uri: d.content for d in render_documents(ref, [], language)}
    content = docs[f"journeys/{jid}.md"]
    assert isinstance(content, str)
    return content


def _cells(page: str) -> list[tuple[str, str]]:
    """(data-status, text) of each delivered cell of the canvas, in step order."""
    found = re.findall(r'<div class="cx-delivered-cell" data-status="([a-z-]+)">(.*?)</div>', page)
    return [(status, re.sub(r"<[^>]+>", "", inner)) for status, inner in found]


def test_the_delivered_lane_follows_the_promise_and_is_left_out_without_a_measured_standard() -> None:
    journey = EXTREMES["30 steps"][0]
    steps = journey.steps()
    assert "delivered" not in rows_present(steps, ("promise", "delivered"))
    assert rows_present(steps, ("promise", "delivered"), frozenset({"s3"})) == ["delivered"]
    canvas = layout(journey, (-2, 2), measured=frozenset({"s3"}))
    experience = dict(canvas.groups)["cx-experience"]
    assert experience[-1] == "delivered" and canvas.labels["delivered"] == "lane_delivered"
    assert "delivered" not in layout(journey, (-2, 2), "map", measured=frozenset({"s3"})).rows


def test_the_evidence_badge_is_one_more_printed_line_under_the_step_names() -> None:
    rows = ["emotion", "promise", "delivered"]
    plain, badged = print_size(8, rows, 1), print_size(8, rows, 1, badge=True)
    assert badged[2] > plain[2] and badged[2] - plain[2] <= PRINT_LINE_EM * 1.5


def test_each_step_shows_its_worst_status_and_how_many_measured_standards_are_met(make_site) -> None:  # type: ignore[no-untyped-def]
    page = _page(load(make_site(files=FILES)))
    # book: fast confirmation missed in 2026-Q2, short wait met; check-in: room ready measured in 2025 only.
    assert _cells(page) == [("missed", "missed 1 of 2 met"), ("stale", "stale")]
    assert (
        '<div class="cx-row cx-lane cx-lane-delivered" role="row"><div class="cx-lane-name" role="rowheader">Delivered</div>'
        in page
    )
    assert page.index("cx-lane-promise") < page.index("cx-lane-delivered")
    badges = re.findall(r'cx-evidence-badge" data-evidence="([a-z]+)"><span class="cx-sr">Evidence: </span>(\w+)', page)
    assert badges == [("measured", "measured"), ("measured", "measured")]
    assert 'class="cx-key-measured"' in page.split("cx-canvas-scroll")[0]  # the legend names the hollow diamond


def test_french_words_and_numbers(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("fr-mesures")
    settings = Settings(root=site, journeys_dir=site / "journeys", personas_dir=site / "personas",
                        docs_dir=site / "docs", stale_after=200)  # fmt: skip
    page = _page(load_reference(settings), "fr", "declaration-sinistre")
    assert _cells(page) == [
        ("missed", "non atteint atteints\u202f: 0 sur 1"),
        ("stale", "mesure ancienne atteints\u202f: 1 sur 1"),
    ]
    assert 'role="rowheader">Délivré</div>' in page
    assert re.findall(r'data-evidence="([a-z]+)"><span class="cx-sr">Fondement\u202f: </span>(\w+)', page) == [
        ("measured", "mesuré"), ("measured", "mesuré")]  # fmt: skip


def test_a_site_without_measures_or_sources_has_neither_lane_nor_badges(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    page = _page(load(site))
    assert "cx-lane-delivered" not in page and "cx-evidence-badge" not in page and "cx-key-measured" not in page


def test_sources_alone_show_the_evidence_but_no_lane(make_site) -> None:  # type: ignore[no-untyped-def]
    page = _page(load(make_site(files={k: v for k, v in FILES.items() if not k.startswith("measures/")})))
    assert "cx-lane-delivered" not in page
    assert re.findall(r'cx-evidence-badge" data-evidence="([a-z]+)"', page) == ["researched", "assumed"]


def _measured_spec(site: Path, measures: str = MEASURES) -> dict[str, Any]:
    (site / "measures" / "2026.csv").write_text(measures, encoding="utf-8")
    ref = load(site)
    names = {pid: p.name for pid, p in ref.personas.items()}
    journey = ref.journeys["stay"]
    return journey_spec("stay", journey, names, (-2, 2), EN, measured_emotions(Delivery(ref), "stay", journey))


def test_the_measured_emotion_is_a_hollow_diamond_beside_the_lived_point_with_its_period_and_n(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    spec = _measured_spec(site)
    assert spec["steps"][1]["measured"] == {"claire": {"value": -1.5, "period": "2026-Q3", "n": 212, "all": False}}
    svg = draw(spec)
    hover = re.search(r'<g id="cxm-stay-cx-mpt-0-1"><title>(.*?)</title>', svg)
    assert hover and hover[1] == f"Claire: Checks in: measured very negative (-1.5), Q3 2026, n{NBSP}={NBSP}212"
    assert "cx-mpt-1-" not in svg  # Tom has no measured emotion, and nobody measured all customers
    assert (
        f"Claire: Measured emotion: Checks in measured very negative (-1.5), Q3 2026, n{NBSP}={NBSP}212."
        in describe(spec)
    )
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    scale_words = {"very positive", "very negative"}  # on the chart since issue 23
    assert texts and all(re.fullmatch(r"[-\u2212]?\d+(?:[.,]\d+)?", t.strip()) for t in texts if t not in scale_words)
    without = draw({**spec, "steps": [{**s, "measured": {}} for s in spec["steps"]]})
    assert len(re.findall(r"<text", without)) == len(texts)  # no new chart text, only the marker and its title


def test_a_measure_for_all_customers_stands_for_each_persona_and_new_measures_change_the_cache_key(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    before = _measured_spec(site)
    spec = _measured_spec(site, MEASURES + "2026-Q3,stay,book,,emotion,0.5,300,\n")
    assert spec["steps"][0]["measured"]["tourist"] == {"value": 0.5, "period": "2026-Q3", "n": 300, "all": True}
    assert "Tom: Books a room: measured for all customers positive (0.5)" in draw(spec)
    assert Chart("map", before).name != Chart("map", spec).name


@pytest.mark.parametrize("name", EXTREMES)
def test_measured_points_sit_in_their_columns_inside_the_drawing(name: str) -> None:
    case = EXTREMES[name]
    spec = journey_spec("j", case[0], case[1], (-2, 2), EN)
    for step in spec["steps"]:
        step["measured"] = {
            pid: {"value": v, "period": "2026-Q3", "n": 10, "all": False} for pid, v in step["lived"].items()
        }
    fig = build_figure(spec)
    fig.draw(FigureCanvasAgg(fig).get_renderer())
    scale = fig.dpi / 72
    points = [line for line in fig.findobj(Line2D) if str(line.get_gid()).startswith("cx-mpt-")]
    assert len(points) == len(spec["steps"]) * len(spec["personas"])
    for line in points:
        x = int(str(line.get_gid()).rsplit("-", 1)[1])
        px, py = line.get_transform().transform((line.get_xdata()[0], line.get_ydata()[0]))
        half = line.get_markersize() * scale / 2 + 1
        assert x * COLUMN_PX * scale + half < px < (x + 1) * COLUMN_PX * scale - half
        assert half <= py <= fig.bbox.height - half


# -- in Chromium -----------------------------------------------------------------------------------------------

SHOTS = TESTS / "artifacts" / "canvas"
JOURNEY = "journeys/business-hotel-stay/"
STATUS_JS = """() => [...document.querySelectorAll('.cx-delivered-cell')].map((c) => [c.dataset.status,
  getComputedStyle(c).borderLeftColor, getComputedStyle(c.querySelector('.cx-delivered-word'), '::before').content])"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("delivered-sample")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert build.returncode == 0, build.stderr
    with serve(out) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lane_and_badges_are_readable_in_both_schemes(browser, sample: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(sample + JOURNEY)
        results = tab.evaluate(CONTRAST_JS, ".cx-delivered-word, .cx-delivered-count, .cx-evidence-badge")
        assert len(results) >= 12
        assert not [r for r in results if r[2] < 4.5], results
        cells = tab.evaluate(STATUS_JS)
        assert {c[0] for c in cells} == {"met", "missed", "stale"}
        assert len({c[1] for c in cells}) == 3  # one colour a status, and a symbol besides
        assert all(c[2] not in ("none", "normal", "") for c in cells)
        assert tab.locator(".cx-map-svg [id$='cx-mpt-0-3'] > title").count() == 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.locator(".cx-canvas-scroll").screenshot(path=str(SHOTS / f"delivered-{scheme}.png"))
    finally:
        context.close()


@pytest.mark.browser
def test_the_french_lane_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "fr-mesures"
    shutil.copytree(SITES / "fr-mesures", site)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"), "-d",
                            str(tmp_path / "out")], capture_output=True, text=True)  # fmt: skip
    assert build.returncode == 0, build.stderr
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        with serve(tmp_path / "out") as url:
            tab.goto(url + "journeys/declaration-sinistre/")
            words = tab.locator(".cx-delivered-word").all_inner_texts()
            assert words == ["non atteint", "mesure ancienne"]  # the symbols are ::before, with empty alt text
            tab.locator(".cx-canvas-scroll").screenshot(path=str(SHOTS / "delivered-fr-light.png"))
    finally:
        context.close()
