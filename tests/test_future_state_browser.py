"""Future-state journeys and portfolio views (issue 27, second half) in Chromium, on `future_site.py`.

At 1280 px and on a 390 px phone, light and dark, in French and English: the heatmap (journeys/), the
persona matrix (personas/) and the target journey's page are no wider than the screen (a table scrolls
inside its frame, its first column stays in view), no word of their tables is broken, and the curve
draws the current journey behind the target's. On paper (A4) the two tables print whole: every column
on the page, no frame cut, at least 7 pt. axe-core finds nothing in these sections. Screenshots and
the printed pages go to tests/artifacts/future-state-27/ for review.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AXE, axe_ours, run_mkdocs, serve
from future_site import TARGET, write_future_site
from test_reader_browser import BROKEN_WORDS

ARTIFACTS = Path(__file__).parent / "artifacts" / "future-state-27"
#: Each view: its page, and what to look at on it.
VIEWS = {"heatmap": ("journeys/", ".cx-portfolio-scroll:has(.cx-heatmap)"),
         "persona-matrix": ("personas/", ".cx-portfolio-scroll:has(.cx-persona-matrix)"),
         "target": (f"journeys/{TARGET}/", ".cx-canvas-frame")}  # fmt: skip
#: Width of the page, of each table's frame, and whether the first column stays at the frame's left when
#: the frame is scrolled to its end (sticky).
MEASURE = """
(sel) => {
  const frame = document.querySelector(sel);
  const out = {page: document.documentElement.scrollWidth, frame: frame.getBoundingClientRect().right,
               scrolls: frame.scrollWidth > frame.clientWidth + 1};
  const th = frame.querySelector('tbody th');
  if (th) {
    frame.scrollLeft = frame.scrollWidth;
    out.sticky = Math.abs(th.getBoundingClientRect().left - frame.getBoundingClientRect().left) < 2;
    frame.scrollLeft = 0;
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    built = {}
    for language in ("fr", "en"):
        site = write_future_site(tmp_path_factory.mktemp(language) / "site", language)
        result = run_mkdocs(site, "build", "--strict")
        assert result.returncode == 0, result.stderr
        built[language] = site / "site"
    with serve(built["fr"]) as fr, serve(built["en"]) as en:
        yield {"fr": fr, "en": en}


def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_views_fit_the_screen_and_keep_their_words(browser, sites: dict[str, str], width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  is_mobile=width < 500)  # fmt: skip
    tab = context.new_page()
    problems = []
    try:
        for language in ("fr", "en"):
            for name, (address, selector) in VIEWS.items():
                tab.goto(sites[language] + address)
                if scheme == "dark":
                    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                m = tab.evaluate(MEASURE, selector)
                if m["page"] > width or m["frame"] > width + 1:
                    problems.append(f"{language} {name} {width}: wider than the screen {m}")
                if m.get("sticky") is False:
                    problems.append(f"{language} {name} {width}: the first column scrolls away {m}")
                broken = [w for w in tab.evaluate(BROKEN_WORDS) if "<" not in w and "=" not in w]
                if name != "target" and broken:  # hostile tokens (<script>…) are one long word: they may break
                    problems.append(f"{language} {name} {width}: broken words {broken[:5]}")
                tab.locator(selector).first.scroll_into_view_if_needed()
                tab.evaluate("window.scrollBy(0, -80)")  # below Material's header
                _shot(tab, f"{name}-{language}-{width}-{scheme}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_target_curve_shows_the_current_one_and_its_legend(browser, sites: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(sites["en"] + f"journeys/{TARGET}/")
        legend = tab.locator(".cx-legend-asis")
        assert legend.is_visible() and legend.inner_text().startswith("As is: Day-case surgery journey in 12")
        # The ghost's line is drawn and dashed; its points are hollow (the page's background inside).
        dashes = tab.evaluate(
            "() => getComputedStyle(document.querySelector('.cx-map-bands [id$=\"cx-asis-line-0\"] path'))"
            ".strokeDasharray"
        )
        assert dashes not in ("", "none"), dashes
        box = tab.locator(".cx-map-bands svg").bounding_box()
        assert box and box["width"] > 600
        tab.locator(".cx-map-bands").scroll_into_view_if_needed()
        _shot(tab, "target-curve-en-1280")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_portfolio_tables_print_whole(browser, sites: dict[str, str], language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        for name in ("heatmap", "persona-matrix"):
            address, selector = VIEWS[name]
            tab.goto(sites[language] + address)
            tab.emulate_media(media="print")
            m = tab.evaluate(
                """(sel) => { const frame = document.querySelector(sel); const table = frame.querySelector('table');
                     const page = document.querySelector('.md-content__inner').getBoundingClientRect();
                     return {table: table.getBoundingClientRect().right, page: page.right,
                             cut: frame.scrollWidth > frame.clientWidth + 1,
                             font: parseFloat(getComputedStyle(table.querySelector('td')).fontSize)}; }""",
                selector,
            )
            assert not m["cut"] and m["table"] <= m["page"] + 1, (name, m)
            assert m["font"] >= 7 * 96 / 72 - 0.01, (name, m)  # at least 7 pt
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            target = ARTIFACTS / f"{name}-{language}-print.pdf"
            target.write_bytes(tab.pdf(format="A4", print_background=True))
            if shutil.which("pdftoppm"):  # for review
                subprocess.run(["pdftoppm", "-png", "-r", "70", "-l", "3", str(target), str(target.with_suffix(""))],
                               check=True)  # fmt: skip
    finally:
        context.close()


@pytest.mark.skipif(not AXE.is_file(), reason="tests/run installs axe-core from the npm registry")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_new_sections(browser, sites: dict[str, str], scheme: str) -> None:
    ours = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    try:
        for language in ("fr", "en"):
            for address, within in (("journeys/", ".cx-heatmap"), ("personas/", ".cx-persona-matrix"),
                                    ("touchpoints/", ".cx-entries"), (f"journeys/{TARGET}/", ".cx-redesign")):  # fmt: skip
                tab.goto(sites[language] + address)
                if scheme == "dark":
                    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                found = axe_ours(tab, keep=f"{within}, .cx-portfolio-scroll", skip="")
                ours += [f"{language} {address}: {v}" for v in found]
    finally:
        context.close()
    assert not ours, "\n".join(ours[:15])
