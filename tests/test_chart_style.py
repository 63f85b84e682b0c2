"""Issue 23, the emotion chart: one style per persona across the site, series readable on both schemes,
the scale's words on the chart, the gap between points only, the overlaid view and the map for slides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cxmaps.charts.curve import build_figure, build_overlay, style_of
from cxmaps.charts.maps import draw, draw_overlay, draw_slide, journey_spec
from cxmaps.charts.style import DARK, LIGHT, MARKERS, persona_styles
from cxmaps.charts.svgcheck import is_drawn_chart
from cxmaps.language.i18n import catalogue
from cxmaps.model.format import Journey
from matplotlib.collections import Collection
from matplotlib.lines import Line2D

ROOT = Path(__file__).resolve().parents[1]
CSS = (ROOT / "plugins" / "cxmaps" / "templates" / "cxmaps" / "cxmaps.css").read_text(encoding="utf-8")
#: Material's page backgrounds: the default scheme, and slate (hsla(232, 15%, 14%), read in Chromium by
#: tests/test_chart_browser.py).
LIGHT_BG, DARK_BG = "#ffffff", "#1e2129"


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_series(block: str) -> list[str]:
    found = dict(re.findall(r"--cx-series-(\d+):\s*(#[0-9a-fA-F]{6})", block))
    return [found[str(n)] for n in range(1, len(found) + 1)]


def journey(personas: list[str], rows: list[dict[str, Any]]) -> Journey:
    return Journey.model_validate({"title": "T", "personas": personas, "phases": [{"name": "P", "steps": rows}]})


def spec_of(j: Journey, language: str = "en", jid: str = "j", styles: dict[str, int] | None = None) -> dict[str, Any]:
    names = {"ann": "Ann", "bob": "Bob <b>&", "cy": "Cy"}
    return journey_spec(jid, j, names, (-2, 2), catalogue(language), styles=styles)


def test_a_persona_keeps_its_colour_and_marker_on_every_journey() -> None:
    styles = persona_styles(["cy", "bob", "ann"])
    assert styles == {"ann": 0, "bob": 1, "cy": 2}
    first = spec_of(journey(["bob", "cy"], [{"name": "S", "emotion": 1}, {"name": "T", "emotion": -1}]), styles=styles)
    second = spec_of(journey(["cy", "ann", "bob"], [{"name": "S", "emotion": 0}]), styles=styles)
    assert style_of(first, 0, "bob") == style_of(second, 2, "bob")  # first in one journey, third in the other
    assert style_of(first, 1, "cy") == style_of(second, 0, "cy")
    for spec in (first, second):
        lines = {str(line.get_gid()): line for line in build_figure(spec).findobj(Line2D) if line.get_gid()}
        for i, (pid, _name) in enumerate(spec["personas"]):
            lived = lines[f"cx-lived-{i}"]
            assert (lived.get_color(), lived.get_marker()) == (LIGHT[styles[pid]], MARKERS[styles[pid]])
    # The sparklines too: the same colour variable for bob in both journeys.
    from cxmaps.charts.maps import sparkline

    assert "--cx-series-2" in sparkline(first, "bob") and "--cx-series-2" in sparkline(second, "bob")


def test_eight_series_each_at_least_3_to_1_on_light_and_dark() -> None:
    blocks = {selector.strip(): body for selector, body in re.findall(r"([^{}]*)\{([^{}]*--cx-series-1:[^{}]*)\}", CSS)}
    light = css_series(blocks[":root"])
    dark = css_series(blocks['[data-md-color-scheme="slate"]'])
    assert light == list(LIGHT) and dark == list(DARK)  # the stylesheet and the charts' fallbacks agree
    assert len(light) == len(dark) == len(MARKERS) == len(set(MARKERS)) == 8
    assert len(set(light)) == len(set(dark)) == 8
    for colour in light:
        assert contrast(colour, LIGHT_BG) >= 3, (colour, contrast(colour, LIGHT_BG))
    for colour in dark:
        assert contrast(colour, DARK_BG) >= 3, (colour, contrast(colour, DARK_BG))


def test_gap_is_shaded_between_the_first_and_last_points_only() -> None:
    rows = [
        {"name": "A", "emotion": -1, "expected": 1},
        {"name": "B", "emotion": 0},
        {"name": "C", "emotion": -2, "expected": 1},
        {"name": "D", "emotion": -1, "expected": 0},
        {"name": "E", "emotion": 1, "expected": 2},
    ]
    spec = spec_of(journey(["ann"], rows))
    for fig in (build_figure(spec), build_overlay(spec)):
        shaded = [c for c in fig.findobj(Collection) if str(c.get_gid()).startswith("cx-gap-")]
        assert shaded
        xs = [x for c in shaded for p in c.get_paths() for x in p.vertices[:, 0]]
        assert min(xs) >= 0 - 1e-9 and max(xs) <= len(rows) - 1 + 1e-9, (min(xs), max(xs))
        # Nothing is shaded beside step A or around B (no expected there): only at A itself, and from C to E.
        assert not [x for x in xs if 0 < x < 2], xs


@pytest.mark.parametrize(("language", "top", "bottom"), [("en", "very positive", "very negative"),
                                                         ("fr", "très positive", "très négative")])  # fmt: skip
def test_the_scale_words_are_on_the_chart(language: str, top: str, bottom: str) -> None:
    spec = spec_of(journey(["ann", "bob"], [{"name": "S", "emotion": 2}, {"name": "T", "emotion": -2}]), language)
    for svg in (draw(spec), draw_overlay(spec), draw_slide(spec)):
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        assert top in texts and bottom in texts, texts
        assert is_drawn_chart(svg)


def test_the_map_for_slides_is_a_checked_svg() -> None:
    spec = spec_of(journey(["ann", "bob"], [{"name": "S", "emotion": 1, "expected": 2}, {"name": "T", "emotion": 0}]))
    svg = draw_slide(spec)
    assert is_drawn_chart(svg) and 'width="' in svg[: svg.index(">")]  # sized, for a slide
    assert "Bob &lt;b&gt;&amp;" in svg and "<b>" not in svg  # a persona's name is text, never markup
    assert svg == draw_slide(spec)  # byte-identical


def test_slides_false_publishes_no_map_for_slides_and_draws_no_slide(make_site) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_mkdocs

    site = make_site()
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - cxmaps\n", "  - cxmaps:\n      slides: false\n"))
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "5 charts drawn" in built.stderr  # bands, overlay and three sparklines: no slide
    assert not (site / "site" / "journeys" / "stay" / "map.svg").exists()
    page = (site / "site" / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert "cx-map-downloads" not in page and "cx-overlay-toggle" in page
