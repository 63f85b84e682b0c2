"""The journey canvas in Chromium: whole at 1920 px up to 8 steps, scrolling only inside its box beyond
(at 1280 px the navigation takes its column since issue 23), chart text inside its drawing; in print (A4
and A3) the curve at the page's width and every lane in sheets of a few steps, in the page's own font
(tests/test_canvas_layout_browser.py looks at the hard reference). Screenshots in tests/artifacts/canvas/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SITES, TESTS, serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

SHOTS = TESTS / "artifacts" / "canvas"
EIGHT = "journeys/business-hotel-stay/"  # 8 steps, 1 persona
LONG = "journeys/declaration-sinistre-auto/"  # 12 steps, 3 personas, long French names
VIEWPORTS = {"laptop": (1280, 900), "desktop": (1920, 1080), "phone": (390, 844)}
#: Page area in CSS px (96 per inch) of a landscape page with the stylesheet's 1 cm margins.
PAGES = {"A4": (round((297 - 20) / 25.4 * 96), round((210 - 20) / 25.4 * 96)),
         "A3": (round((420 - 20) / 25.4 * 96), round((297 - 20) / 25.4 * 96))}  # fmt: skip

MEASURE = """() => {
  const box = document.querySelector('.cx-canvas-scroll');
  const svg = document.querySelector('.cx-map-svg');
  const view = svg.viewBox.baseVal;
  const texts = [...svg.querySelectorAll('text')].map((t) => { const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; });
  const outside = texts.filter(([, x0, y0, x1, y1]) => x0 < 0 || y0 < 0 || x1 > view.width || y1 > view.height);
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const [a, ax0, ay0, ax1, ay1] = texts[i], [b, bx0, by0, bx1, by1] = texts[j];
    if (Math.min(ax1, bx1) - Math.max(ax0, bx0) > 0.5 && Math.min(ay1, by1) - Math.max(ay0, by0) > 0.5) overlaps.push([a, b]);
  }
  const cells = box.querySelectorAll('.cx-row-steps .cx-step-head');
  const curve = svg.getBoundingClientRect();
  const first = cells[0].getBoundingClientRect(), last = cells[cells.length - 1].getBoundingClientRect();
  return {box: [box.scrollWidth, box.clientWidth], page: [document.documentElement.scrollWidth, innerWidth],
          right: box.getBoundingClientRect().right,
          outside, overlaps, texts: texts.length, align: [curve.left - first.left, curve.right - last.right],
          font: parseFloat(getComputedStyle(svg.querySelector('text')).fontSize) * curve.width / view.width};
}"""


def _build(source: Path, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("canvas")
    french = root / "fr-source"
    shutil.copytree(SITES / "fr-sinistres", french)
    with serve(_build(ROOT, root / "en")) as en, serve(_build(french, root / "fr")) as fr:
        yield {"en": en, "fr": fr}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_canvas_whole_or_scrolling_in_its_box_with_chart_text_inside(browser, sites, size: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    tab = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for lang, address in (("en", EIGHT), ("fr", LONG)):
            tab.goto(sites[lang] + address)
            m = tab.evaluate(MEASURE)
            assert m["right"] <= m["page"][1] + 0.5, (address, size, m["right"])  # the canvas scrolls in its box
            if lang == "en":
                assert m["page"][0] <= m["page"][1], (address, size, m["page"])  # never the page sideways
            if lang == "en" and size == "desktop":
                assert m["box"][0] <= m["box"][1], (address, size, m["box"])  # 8 steps: whole
            assert not m["outside"] and not m["overlaps"] and m["texts"] > 0, m
            assert abs(m["align"][0]) < 1 and abs(m["align"][1]) < 1, m["align"]  # curve spans exactly the step columns
            assert m["font"] >= 12.8 - 0.01, m["font"]  # no smaller than Material's small print
            tab.locator(".cx-canvas-scroll").screenshot(path=str(SHOTS / f"{lang}-{size}-{scheme}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("paper", list(PAGES))
def test_canvas_prints_its_curve_at_the_page_width_and_its_lanes_in_sheets(browser, sites, paper: str) -> None:  # type: ignore[no-untyped-def]
    width, height = PAGES[paper]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    try:
        for lang, address in (("en", EIGHT), ("fr", LONG)):
            tab.goto(sites[lang] + address)
            tab.emulate_media(media="print")
            m = tab.evaluate(
                "(() => { const r = document.querySelector('.cx-canvas-scroll .cx-map svg').getBoundingClientRect();"
                " const sheets = [...document.querySelectorAll('.cx-sheet')].map((t) => t.getBoundingClientRect().width);"
                " const font = parseFloat(getComputedStyle(document.querySelector('.cx-sheet td')).fontSize);"
                " return {curve: [r.width, r.height], sheets, font}; })()"
            )
            assert 0 < m["curve"][0] <= width + 1 and m["curve"][1] <= height, (lang, paper, m)
            assert m["sheets"] and max(m["sheets"]) <= width + 1, (lang, paper, m)
            assert m["font"] >= 7 * 96 / 72 - 0.01, m  # at least 7 pt: the canvas never shrinks to fit
            pdf = tab.pdf(format=paper, landscape=True, print_background=True)
            target = SHOTS / f"{lang}-print-{paper}.pdf"
            target.write_bytes(pdf)
            if shutil.which("pdftoppm"):  # for review: look at the canvas page
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-l", "2", str(target), str(target.with_suffix(""))], check=True
                )
    finally:
        context.close()
