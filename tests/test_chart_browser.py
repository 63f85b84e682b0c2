"""Issue 23, the emotion chart in Chromium on the hard site: the bands and the overlaid view both usable, the
scale's words and every text inside the drawing, the map for slides downloadable, screenshots light and dark
at 1280 px in tests/artifacts/chart-23/."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TESTS, serve
from hard_site import built_hard_site
from test_chart_style import DARK_BG, contrast

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

SHOTS = TESTS / "artifacts" / "chart-23"
WORDS = {"en": ("very positive", "very negative"), "fr": ("très positive", "très négative")}

#: The texts of one chart: outside its drawing, or overlapping another (as tests/test_canvas_browser.py).
MEASURE = """(svg) => {
  const view = svg.viewBox.baseVal;
  const texts = [...svg.querySelectorAll('text')].map((t) => { const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; });
  const outside = texts.filter(([, x0, y0, x1, y1]) => x0 < 0 || y0 < 0 || x1 > view.width || y1 > view.height);
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const [a, ax0, ay0, ax1, ay1] = texts[i], [b, bx0, by0, bx1, by1] = texts[j];
    if (Math.min(ax1, bx1) - Math.max(ax0, bx0) > 0.5 && Math.min(ay1, by1) - Math.max(ay0, by0) > 0.5) overlaps.push([a, b]);
  }
  const box = svg.getBoundingClientRect();
  return {outside, overlaps, words: texts.map((t) => t[0]), width: box.width, height: box.height};
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    urls = {}
    with_servers = []
    for lang in ("en", "fr"):
        out = built_hard_site(tmp_path_factory, lang)
        with_servers.append((lang, serve(out)))
    try:
        for lang, server in with_servers:
            urls[lang] = server.__enter__()
        yield urls
    finally:
        for _lang, server in reversed(with_servers):
            server.__exit__(None, None, None)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bands_and_overlay_both_usable_with_the_scale_words(browser, sites, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for lang in ("en", "fr"):
            tab.goto(sites[lang] + "journeys/trente/")
            if scheme == "dark":  # Material's slate scheme: read its background, check every series against it
                tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            bg = tab.evaluate("getComputedStyle(document.body).getPropertyValue('--md-default-bg-color').trim()")
            series = tab.evaluate(
                "[...Array(8).keys()].map((i) => getComputedStyle(document.body).getPropertyValue(`--cx-series-${i + 1}`).trim())"
            )
            if scheme == "dark":
                rgb = tab.evaluate("getComputedStyle(document.body).backgroundColor")
                assert rgb.replace(" ", "") in ("rgb(30,33,41)", "rgb(30,34,41)"), (bg, rgb)
                assert all(contrast(colour, DARK_BG) >= 3 for colour in series), series
            emotion = tab.locator(".cx-lane-emotion").first
            bands, overlay = emotion.locator(".cx-map-bands svg"), emotion.locator(".cx-map-overlay svg")
            assert bands.is_visible() and not overlay.is_visible()  # one band per persona first (and without scripts)
            assert not emotion.locator(".cx-overlay-key").is_visible()  # its key only with the overlay
            m = bands.evaluate(MEASURE)
            assert not m["outside"] and not m["overlaps"], m
            assert set(WORDS[lang]) <= set(m["words"])
            tab.locator(".cx-canvas-scroll").first.screenshot(path=str(SHOTS / f"{lang}-bands-{scheme}.png"))
            toggle = tab.locator(".cx-overlay-toggle").first
            toggle.check()
            assert overlay.is_visible() and not bands.is_visible()
            assert emotion.locator(".cx-overlay-key").is_visible()
            assert emotion.locator(".cx-overlay-key li").count() == 6 and not emotion.locator(".cx-bands").is_visible()
            m = overlay.evaluate(MEASURE)
            assert not m["outside"] and not m["overlaps"], m
            assert set(WORDS[lang]) <= set(m["words"]) and m["height"] > 100
            assert overlay.locator("path[style*='--cx-series-']").count() > 6  # each persona's curve in its colour
            tab.locator(".cx-canvas-scroll").first.screenshot(path=str(SHOTS / f"{lang}-overlay-{scheme}.png"))
            toggle.uncheck()
            assert bands.is_visible() and not overlay.is_visible()
    finally:
        context.close()


def test_a_persona_has_one_key_on_every_journey(browser, sites) -> None:  # type: ignore[no-untyped-def]
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        keys: dict[str, set[str]] = {}
        for jid in ("douze", "trente", "quarante"):
            tab.goto(sites["en"] + f"journeys/{jid}/")
            for name, key in tab.evaluate(
                "[...document.querySelectorAll('.cx-lane-emotion .cx-band-who')].map((b) => "
                "[b.querySelector('.cx-clamp').textContent, b.querySelector('.cx-key').outerHTML])"
            ):
                keys.setdefault(name, set()).add(key)
        assert len(keys) >= 8 and all(len(found) == 1 for found in keys.values()), keys
    finally:
        tab.close()


def test_the_map_downloads_for_slides(browser, sites) -> None:  # type: ignore[no-untyped-def]
    """The SVG is a published file; the PNG is that SVG drawn into a canvas by the page's script."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    try:
        for lang in ("en", "fr"):
            for jid in ("un-pas", "quarante"):
                tab.goto(sites[lang] + f"journeys/{jid}/")
                links = tab.locator(".cx-map-downloads a")
                assert links.count() == 2 and links.first.is_visible() and links.nth(1).is_visible()
                href = links.first.evaluate("(a) => a.href")
                with urllib.request.urlopen(href) as response:
                    assert response.status == 200 and response.headers["Content-Type"].startswith("image/svg+xml")
                    body = response.read()
                assert body.startswith(b"<svg ") and b"<script" not in body
                with tab.expect_download() as download:
                    links.nth(1).click()
                assert download.value.suggested_filename == f"{jid}.png"
                picture = Path(download.value.path()).read_bytes()
                assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 5000
                if jid == "quarante":
                    (SHOTS / f"{lang}-{jid}-map.png").write_bytes(picture)
        # Without scripts, only the SVG is offered.
        bare = browser.new_context(java_script_enabled=False).new_page()
        bare.goto(sites["en"] + "journeys/douze/")
        assert bare.locator(".cx-map-downloads a:visible").count() == 1
        bare.close()
    finally:
        context.close()
