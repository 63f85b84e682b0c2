"""What only a browser shows, in Debian's headless Chromium against the built sample.

The sample is built once, served on 127.0.0.1 and driven with Playwright
(which uses the system's Chromium; it never downloads a browser). Screenshots
of a journey page, light and dark, desktop and phone, are written to
tests/artifacts/ for review.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AXE, CHROMIUM, ROOT, TESTS, serve

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = TESTS / "artifacts"
JOURNEY = "journeys/business-hotel-stay/"

# Relative luminance and contrast ratio (WCAG 2.1), computed in the page.
CONTRAST_JS = """
(selector) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return parse(getComputedStyle(document.body).backgroundColor);
  };
  // A translucent text colour is seen blended over its background, as axe-core computes it.
  const blend = ([r, g, b, a], [br, bgc, bb]) => [r * a + br * (1 - a), g * a + bgc * (1 - a), b * a + bb * (1 - a)];
  return [...document.querySelectorAll(selector)].filter((el) => el.offsetParent !== null).map((el) => {
    const back = background(el);
    const fg = lum(blend(parse(getComputedStyle(el).color), back)), bg = lum(back);
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    return [el.className || el.tagName, el.textContent.trim().slice(0, 30), Math.round(ratio * 100) / 100];
  });
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("sample-site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    with serve(out) as url:
        yield url


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def search(page, server: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(server)
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(query, delay=10)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(500)  # let the results of the last keystroke replace the earlier ones
    hrefs = [a.get_attribute("href") or "" for a in page.query_selector_all(".md-search-result__item a")]
    # Material adds ?h=<terms> to highlight the match; the address is what is left.
    return [re.sub(r"\?h=[^#]*", "", h) for h in hrefs]


def test_search_finds_a_step_by_name(page, server: str) -> None:
    hrefs = search(page, server, "Checks in at the desk")
    assert any(h.endswith(f"{JOURNEY}#check-in") for h in hrefs[:10]), hrefs


def test_search_finds_a_standard_by_indicator(page, server: str) -> None:
    hrefs = search(page, server, "Confirmation delay")
    # The step whose standard it is, among the first pages found: since format 1.2 the sample's to-be journey
    # (business-hotel-stay-mobile) holds the same standard, and "delay" also finds the train delay journey.
    pages = list(dict.fromkeys(h.split("#")[0] for h in hrefs))
    assert any(h.endswith(f"{JOURNEY}#book") for h in hrefs), hrefs
    assert pages.index(f"{server}/{JOURNEY}".replace("//journeys", "/journeys")) < 6, pages


def test_search_finds_a_persona_by_name(page, server: str) -> None:
    hrefs = search(page, server, "Claire Martin")
    assert hrefs[0].endswith("personas/business-traveller/"), hrefs  # the persona page comes first


def test_a_step_link_shows_that_step(page, server: str) -> None:
    page.goto(f"{server}{JOURNEY}#check-out")
    page.wait_for_timeout(300)
    box = page.locator("#check-out").bounding_box()
    assert box is not None and 0 <= box["y"] < 900 / 2


def test_phone_width_does_not_scroll_sideways(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    tab = context.new_page()
    try:
        for address in (JOURNEY, "journeys/restaurant-evening/", "standards/", "personas/business-traveller/"):
            tab.goto(server + address)
            widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (address, widths)
        tab.goto(server + JOURNEY)
        blueprint = tab.evaluate(
            "(() => { const b = document.querySelector('.cx-blueprint-scroll'); return [b.scrollWidth, b.clientWidth]; })()"
        )
        assert blueprint[0] > blueprint[1]  # the blueprint scrolls inside its own box
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cxmaps_elements_are_readable(browser, server: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(server + JOURNEY)
        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        selectors = ".cx-label, .cx-promise p, .cx-critical-kind, .cx-moment p, .cx-moment dt, .cx-moment dd, " \
            ".cx-blueprint th, .cx-blueprint li, .cx-line span, .cx-emotion-table td, .cx-standards td, .cx-status, .cx-facts dt"  # fmt: skip
        results = tab.evaluate(CONTRAST_JS, selectors)
        assert len(results) > 50
        poor = [r for r in results if r[2] < 4.5]
        assert not poor, poor
    finally:
        context.close()


def test_screenshots_for_review(browser, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shots = []
    for scheme in ("light", "dark"):
        for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 375, "height": 800})):
            context = browser.new_context(viewport=viewport, color_scheme=scheme)
            tab = context.new_page()
            tab.goto(server + JOURNEY)
            target = ARTIFACTS / f"journey-{scheme}-{name}.png"
            tab.screenshot(path=str(target), full_page=True)
            context.close()
            shots.append(target)
    assert all(s.stat().st_size > 20_000 for s in shots)


def test_chromium_is_debians(browser) -> None:  # type: ignore[no-untyped-def]
    assert browser.version and Path(CHROMIUM).exists()


def test_map_renders_for_review_light_and_dark(browser, server: str) -> None:
    """PNG of every sample journey map, light and dark, in tests/artifacts/maps/ (look at them)."""
    folder = ARTIFACTS / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    journeys = sorted(p.stem for p in (ROOT / "journeys").glob("*.yml"))
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        tab = context.new_page()
        for jid in journeys:
            tab.goto(f"{server}journeys/{jid}/")
            figure = tab.locator(".cx-map").first
            # The inline SVG takes the page's colours: text must differ from the background in both schemes.
            colours = tab.evaluate(
                "(() => { const t = document.querySelector('.cx-map-svg text'); return [getComputedStyle(t).fill, "
                "getComputedStyle(document.body).backgroundColor]; })()"
            )
            assert colours[0] != colours[1]
            figure.screenshot(path=str(folder / f"{jid}-{scheme}.png"))
        context.close()
    assert len(list(folder.glob("*.png"))) == 2 * len(journeys)


def test_journey_page_prints_landscape_with_map_and_blueprint_whole(page, server: str) -> None:
    page.goto(server + "journeys/restaurant-evening/")
    page.emulate_media(media="print")
    whole = page.evaluate(
        "(() => [...document.querySelectorAll('.cx-blueprint-scroll, .cx-map')].map("
        "(box) => box.scrollWidth <= box.clientWidth + 1))()"
    )
    assert whole and all(whole)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "journey-print.pdf").write_bytes(pdf)
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())  # type: ignore[union-attr]
    assert width > height  # landscape


@pytest.fixture(scope="module")
def zensical_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample after `cxmaps generate`, built by Zensical and served on 127.0.0.1."""
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        pytest.skip("zensical is installed by the test extras")
    source = tmp_path_factory.mktemp("zensical") / "sample"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cxmaps-cache", "tests", "bench", "*.egg-info"),
    )
    subprocess.run([sys.executable, "-m", "cxmaps.cli", "generate", str(source)], check=True, capture_output=True)
    subprocess.run([str(zensical), "build"], cwd=source, check=True, capture_output=True)
    with serve(source / "site") as url:
        yield url


def test_zensical_site_search_finds_a_step_and_shows_the_map(browser, zensical_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(zensical_server)
        tab.click("button.md-search__button")
        tab.keyboard.type("Checks in at the desk", delay=10)
        tab.wait_for_timeout(800)
        tab.keyboard.press("Enter")  # opens the first result
        tab.wait_for_url(re.compile(r".*/journeys/business-hotel-stay/.*#check-in$"), timeout=15000)
        assert tab.locator(".cx-map-svg").first.is_visible()
        assert tab.locator("#check-in").is_visible()
        tab.screenshot(path=str(ARTIFACTS / "zensical-journey.png"))
    finally:
        context.close()


#: Every kind of page cxmaps generates, an embed, and pages of the sample's own docs.
AXE_PAGES = [
    "journeys/business-hotel-stay/", "journeys/restaurant-evening/", "personas/business-traveller/", "journeys/",
    "personas/", "moments-of-truth/", "standards/", "health/", "authors/", "readers/",
    "touchpoints/", "touchpoints/front-desk/", "systems/", "systems/property-management-system/",
    "scorecard/", "owners/", "owners/front-office-manager/", "sources/", "sources/post-stay-survey-2026-q3/",
]  # fmt: skip
#: Material's own elements inside the article: its permalinks and page actions.
MATERIAL_IN_ARTICLE = ("a.headerlink", ".md-content__button", ".md-source-file")


def _axe_violations(tab) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate(  # type: ignore[no-any-return]
        """async (materialInArticle) => {
            const result = await axe.run({include: [['.md-content__inner']]}, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            const out = [];
            for (const v of result.violations) {
                for (const node of v.nodes) {
                    const el = document.querySelector(node.target[0]);
                    const inArticle = el && el.closest('.md-content__inner');
                    const material = !inArticle || materialInArticle.some((s) => el.closest(s));
                    out.push({rule: v.id, impact: v.impact, target: node.target.join(' '), ours: !material, html: node.html.slice(0, 120)});
                }
            }
            return out;
        }""",
        list(MATERIAL_IN_ARTICLE),
    )


@pytest.mark.slow
@pytest.mark.skipif(not AXE.is_file(), reason="tests/run installs axe-core from the npm registry")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation_in_cxmaps_pages(browser, server: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    ours, baseline = [], {}
    try:
        for address in AXE_PAGES:
            tab.goto(server + address)
            for v in _axe_violations(tab):
                if v["ours"]:
                    ours.append(f"{address}: {v['rule']} ({v['impact']}) {v['target']}: {v['html']}")
                else:
                    baseline[str(v["rule"])] = baseline.get(str(v["rule"]), 0) + 1
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{scheme}.json").write_text(
        json.dumps({"pages": AXE_PAGES, "ours": ours, "material_baseline": baseline}, indent=2)
    )
    assert not ours, "\n".join(ours[:15])


@pytest.mark.browser
def test_a_page_printed_from_dark_mode_prints_light(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """Material's dark palette is for screens; ours follows it, so paper gets the light colours."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(server + JOURNEY)
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    read = "['--cx-series-1', '--cx-band-a', '--cx-moment', '--md-default-bg-color'].map(v => getComputedStyle(document.body).getPropertyValue(v).trim())"
    on_screen = tab.evaluate(read)
    tab.emulate_media(media="print")
    on_paper = tab.evaluate(read)
    context.close()
    assert on_screen[:3] == ["#56b4e9", "#262a36", "#ffd54f"]
    assert on_paper[:3] == ["#0072b2", "#f7f7f7", "#6b5500"]
    assert on_paper[3] != on_screen[3]  # Material's background too
