"""The journey page at real size (issue 23), in Chromium, on the hard reference (French and English).

At 1280x800 the phase and step rows stay in view over the curve and the blueprint while the page
scrolls down; every phase of a 30-step journey is reached from the strip above the canvas (with
scripts and without); short journeys use the page's width; the blueprint keeps its notation's order;
deep links land below Material's header; navigation is there at every width; a phone never scrolls
a journey page sideways nor cuts a word; on paper (A4 and A3, landscape) nothing is lost, the text
is at least 7 pt, and no heading ends a page. Screenshots and pages in tests/artifacts/canvas-23/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import TESTS, serve
from hard_site import write_hard_site

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

SHOTS = TESTS / "artifacts" / "canvas-23"
JOURNEYS = ("un-pas", "douze", "trente", "quarante")
#: A former id given to a step of the 30-step journey (format 1.1 ``aliases``).
ALIAS = "ancienne-etape-douze"
#: 7 pt in CSS px.
SEVEN_PT = 7 * 96 / 72


def _build(source: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml")],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return source / "site"


def _with_alias(folder: Path) -> None:
    path = folder / "journeys" / "trente.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["phases"][1]["steps"][1]["aliases"] = [ALIAS]  # step 12
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("canvas23")
    built = {}
    for lang in ("fr", "en"):
        folder = write_hard_site(root / lang, lang)
        _with_alias(folder)
        (folder / "docs" / "embeds.md").write_text(
            "# Embeds\n\n[cxmaps: map trente]\n\n[cxmaps: blueprint trente]\n", encoding="utf-8"
        )
        built[lang] = _build(folder)
    with serve(built["fr"]) as fr, serve(built["en"]) as en:
        yield {"fr": fr, "en": en}


@pytest.fixture
def laptop(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"))


def _dark(tab) -> None:  # type: ignore[no-untyped-def]
    """Material's dark scheme (slate), whatever the site's palette says."""
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")


def _settle(tab) -> None:  # type: ignore[no-untyped-def]
    """Two frames: canvas.js updates on the next animation frame after a scroll."""
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _scrolled(tab) -> None:  # type: ignore[no-untyped-def]
    """Wait until a smooth scroll has ended: the canvas and the page still for 250 ms (at most 10 s).

    Polled from Python: with scripts off, the page runs no animation frame to wait on.
    """
    where = "() => document.querySelector('.cx-canvas-scroll').scrollLeft + ',' + scrollY"
    last, still = tab.evaluate(where), 0
    for _ in range(200):
        tab.wait_for_timeout(50)
        now = tab.evaluate(where)
        still = still + 1 if now == last else 0
        last = now
        if still >= 5:
            return


HEAD_IN_VIEW = """(lane) => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const target = document.querySelector('.cx-canvas-scroll ' + lane).getBoundingClientRect();
  const stuck = document.querySelector('.cx-stick.cx-stick-on .cx-row-steps');
  const real = document.querySelector('.cx-canvas-scroll .cx-row-steps').getBoundingClientRect();
  const row = stuck ? stuck.getBoundingClientRect() : real;
  const visible = stuck ? getComputedStyle(stuck).visibility : 'visible';
  const box = document.querySelector('.cx-canvas-scroll');
  return {header, lane: [target.top, target.bottom], row: [row.top, row.bottom], visible, stuck: !!stuck,
          height: innerHeight, boxScrolls: box.scrollHeight > box.clientHeight + 1};
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_step_row_stays_in_view_over_the_curve_and_the_blueprint(laptop, sites, lang: str) -> None:  # type: ignore[no-untyped-def]
    tab = laptop
    tab.goto(sites[lang] + "journeys/trente/")
    for lane in (
        ".cx-lane-emotion",
        ".cx-lane-critical",
        ".cx-lane-customer",
        ".cx-lane-backstage",
        ".cx-lane-support",
    ):
        # The page scrolls (not the canvas box): the lane comes to the middle of the window.
        tab.evaluate(
            "(lane) => { const r = document.querySelector('.cx-canvas-scroll ' + lane).getBoundingClientRect();"
            " window.scrollBy(0, r.top + Math.min(r.height, 200) / 2 - innerHeight / 2); }",
            lane,
        )
        _settle(tab)
        m = tab.evaluate(HEAD_IN_VIEW, lane)
        assert not m["boxScrolls"], m  # the page is the vertical scroller: sticky works against it
        assert m["visible"] == "visible", (lane, m)
        assert m["header"] - 1 <= m["row"][0] and m["row"][1] <= m["height"], (lane, m)  # in view, under the header
        assert m["row"][1] <= m["lane"][1], (lane, m)  # above what is read, not over all of it
        if lane != ".cx-lane-emotion":
            assert m["stuck"], (lane, m)
        if lane == ".cx-lane-backstage":
            _shot(tab, f"laptop-{lang}-blueprint-step-row-stuck")
    # Sideways, the stuck rows follow the canvas: the same step stands over the same column.
    tab.evaluate("document.querySelector('.cx-canvas-scroll').scrollLeft = 1500")
    _settle(tab)
    lefts = tab.evaluate(
        "() => [document.querySelectorAll('.cx-stick .cx-step-head')[12].getBoundingClientRect().left,"
        " document.querySelectorAll('.cx-canvas-scroll .cx-step-head')[12].getBoundingClientRect().left]"
    )
    assert abs(lefts[0] - lefts[1]) < 1.5, lefts
    _shot(tab, f"laptop-{lang}-scrolled-sideways")


FIRST_VISIBLE = """(index) => {
  const box = document.querySelector('.cx-canvas-scroll').getBoundingClientRect();
  const lane = document.querySelector('.cx-canvas-scroll .cx-row-steps .cx-lane-name').getBoundingClientRect().width;
  const col = document.querySelectorAll('.cx-canvas-scroll .cx-row-steps .cx-step-head')[index].getBoundingClientRect();
  return {box: [box.left + lane, box.right], col: [col.left, col.right], top: col.top, height: innerHeight};
}"""


@pytest.mark.parametrize("scripts", [True, False])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_phase_of_the_30_steps_is_reached_from_the_top_of_the_canvas(
    browser, sites, lang: str, scripts: bool
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=scripts)
    tab = context.new_page()
    try:
        tab.goto(sites[lang] + "journeys/trente/#journey-map")
        strip = tab.locator(".cx-strip a")
        firsts = [int(x) for x in strip.evaluate_all("(links) => links.map((a) => a.dataset.first)")]
        assert len(firsts) == 3 and firsts[0] == 0, firsts
        cue = tab.locator(".cx-strip-cue").inner_text()
        assert "30" in cue, cue  # the reader is told how many steps there are before any scrolling
        for k in [*reversed(range(len(firsts))), 1]:
            tab.goto(sites[lang] + "journeys/trente/#journey-map") if not scripts else None
            strip.nth(k).click()
            _scrolled(tab)
            m = tab.evaluate(FIRST_VISIBLE, firsts[k])
            assert m["box"][0] - 1.5 <= m["col"][0] and m["col"][1] <= m["box"][1] + 1.5, (k, m)
            assert 0 <= m["top"] <= m["height"], (k, m)
            if scripts:
                current = tab.locator(".cx-strip a[aria-current]")
                assert current.count() == 1 and current.get_attribute("data-first") == str(firsts[k])
                cue = tab.locator(".cx-strip-cue").inner_text()
                assert re.search(rf"\b{firsts[k] + 1}\b.*\b30\b", cue), cue
        if scripts:
            _shot(tab, f"laptop-{lang}-strip-third-phase")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 1920])
def test_short_journeys_use_the_width_and_the_navigation_stays(browser, sites, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for jid in JOURNEYS:
            tab.goto(sites["en"] + f"journeys/{jid}/")
            nav = tab.locator(".md-sidebar--primary .md-nav__link").first
            assert nav.is_visible(), (jid, width)  # a way out besides the logo
            m = tab.evaluate(
                "() => { const box = document.querySelector('.cx-canvas-scroll'), c = box.querySelector('.cx-canvas');"
                " const col = c.querySelector('.cx-step-head').getBoundingClientRect().width;"
                " const font = parseFloat(getComputedStyle(c).fontSize);"
                " return {content: document.querySelector('.md-content__inner').clientWidth, box: box.clientWidth,"
                " canvas: c.scrollWidth, col: col / font}; }"
            )
            assert m["col"] >= 10 - 0.05, (jid, m)  # the least a column is wide: long journeys scroll
            if jid == "un-pas":
                assert m["col"] >= 20, (jid, m)  # one step: a column to read, not a 128 px strip
            else:
                assert m["box"] >= m["content"] - 2, (jid, m)  # several steps: the whole width
        tab.goto(sites["en"] + "journeys/douze/")
        _shot(tab, f"width-{width}-douze")
        tab.goto(sites["en"] + "journeys/un-pas/")
        _shot(tab, f"width-{width}-un-pas")
    finally:
        context.close()


def test_the_blueprint_keeps_its_notation_order_and_the_curve_comes_first(laptop, sites) -> None:  # type: ignore[no-untyped-def]
    tab = laptop
    for lang in ("fr", "en"):
        tab.goto(sites[lang] + "journeys/trente/")
        rows = tab.evaluate(
            "() => [...document.querySelectorAll('.cx-canvas-scroll .cx-canvas > [role=rowgroup] > .cx-row')]"
            ".map((r) => [...r.classList].find((c) => /^cx-(lane|line)-/.test(c)) || r.className)"
        )
        lanes = [r for r in rows if r.startswith(("cx-lane-", "cx-line-"))]
        assert lanes[:2] == ["cx-lane-emotion", "cx-lane-critical"], rows  # the journey's shape under the steps
        blueprint = ["cx-lane-customer", "cx-line-interaction", "cx-lane-frontstage", "cx-line-visibility",
                     "cx-lane-backstage", "cx-line-internal", "cx-lane-support"]  # fmt: skip
        start = lanes.index("cx-lane-customer")
        assert lanes[start:] == blueprint, lanes
        ys = tab.evaluate(
            "(names) => names.map((n) => document.querySelector('.cx-canvas-scroll .' + n).getBoundingClientRect().top)",
            blueprint,
        )
        assert ys == sorted(ys), ys


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deep_links_land_below_the_header(laptop, sites, lang: str) -> None:  # type: ignore[no-untyped-def]
    tab = laptop
    for anchor in ("trente-12", ALIAS, "trente-29", "blueprint"):
        tab.goto(sites[lang] + "journeys/trente/")
        tab.goto(sites[lang] + f"journeys/trente/#{anchor}")
        tab.wait_for_timeout(300)
        target = "#blueprint" if anchor == "blueprint" else "#trente-12" if anchor == ALIAS else f"#{anchor}"
        m = tab.evaluate(
            "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
            " return [document.querySelector('.md-header').getBoundingClientRect().bottom, r.top, r.bottom, innerHeight]; }",
            target,
        )
        assert m[0] <= m[1] and m[2] <= m[3], (anchor, m)
    _shot(tab, f"laptop-{lang}-deep-link")


WORDS_CUT = """() => {
  const cut = [];
  const walker = document.createTreeWalker(document.querySelector('.cx-canvas-scroll .cx-canvas'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest('.cx-sr, .cx-stick, svg') || !el.getClientRects().length) continue;
    for (const m of node.data.matchAll(/[^\\s\\u00a0'\\u2019-]+/gu)) {
      if (m[0].length < 4) continue;
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) cut.push(m[0]);
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_never_scrolls_a_journey_page_sideways_nor_cuts_a_word(browser, sites, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme, is_mobile=True)
    tab = context.new_page()
    try:
        for lang in ("fr", "en"):
            for jid in JOURNEYS:
                tab.goto(sites[lang] + f"journeys/{jid}/")
                width = tab.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
                assert max(width[:2]) <= width[2], (lang, jid, width)
                if jid in ("un-pas", "douze", "trente"):
                    assert tab.evaluate(WORDS_CUT) == [], (lang, jid)
                assert tab.locator("label.md-header__button[for='__drawer']").is_visible()  # the menu
            tab.goto(sites[lang] + "journeys/trente/#journey-map")
            if scheme == "dark":
                _dark(tab)
            _shot(tab, f"phone-{lang}-{scheme}")
    finally:
        context.close()


def test_laptop_dark_scheme(browser, sites) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    tab = context.new_page()
    try:
        tab.goto(sites["fr"] + "journeys/trente/")
        _dark(tab)
        tab.evaluate(
            "document.querySelector('.cx-canvas-scroll .cx-lane-frontstage').scrollIntoView({block: 'center'})"
        )
        _settle(tab)
        assert tab.locator(".cx-stick.cx-stick-on").count() == 1
        _shot(tab, "laptop-fr-dark-blueprint")
    finally:
        context.close()


def _flat(text: str) -> str:
    """Text without spaces, line ends or hyphens (a PDF's lines are not the page's)."""
    return re.sub(r"[\s\u00a0\u202f\u00ad-]+", "", text)


PRINTED = """() => {
  const out = {small: [], hidden: [], wide: [], texts: []};
  for (const el of document.querySelectorAll('.cx-print *')) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) continue;
    if (el.closest('svg') || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < SEVEN) out.small.push([el.textContent.slice(0, 40), size]);
  }
  for (const el of document.querySelectorAll('.cx-print td, .cx-print th'))
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) out.hidden.push(el.textContent.slice(0, 60));
  for (const t of document.querySelectorAll('.cx-sheet'))
    if (t.getBoundingClientRect().right > document.querySelector('.md-content__inner').getBoundingClientRect().right + 1) out.wide.push(t.rows.length);
  for (const el of document.querySelectorAll('.cx-print .cx-critical-list li, .cx-print .cx-promise-short, .cx-print .cx-standards-short li, .cx-print .cx-sheet-status'))
    { const shown = el.cloneNode(true); shown.querySelectorAll('.cx-sr').forEach((sr) => sr.remove()); out.texts.push(shown.textContent); }
  out.sheets = document.querySelectorAll('.cx-sheet').length;
  out.headings = [...document.querySelectorAll('.md-content__inner h1, .md-content__inner h2, .md-content__inner h3')].map((h) => h.textContent.replace('¶', '').trim());
  return out;
}""".replace("SEVEN", f"{SEVEN_PT - 0.01:.2f}")

#: Printed page areas (px, landscape, 1 cm margins) to lay the page out in print emulation at.
PAPER = {"A4": (1047, 718), "A3": (1512, 1047)}


@pytest.mark.parametrize("paper", list(PAPER))
def test_paper_loses_nothing_keeps_7pt_and_leaves_no_heading_at_a_page_foot(browser, sites, paper: str) -> None:  # type: ignore[no-untyped-def]
    width, height = PAPER[paper]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        # A journey page, and a docs page that embeds a long journey's map and blueprint (two sets of sheets).
        for lang, jid in (("fr", "trente"), ("en", "douze"), ("fr", "un-pas"), ("en", "embeds")):
            tab.goto(sites[lang] + (f"journeys/{jid}/" if jid != "embeds" else "embeds/"))
            tab.emulate_media(media="print")
            m = tab.evaluate(PRINTED)
            assert not m["small"], m["small"][:5]  # at least 7 pt
            assert not m["hidden"], m["hidden"][:5]  # no cell cut
            assert not m["wide"], m["wide"]  # no sheet runs off the page
            steps = {"trente": 30, "douze": 12, "un-pas": 1, "embeds": 60}[jid]
            assert m["sheets"] >= -(-steps // 7), m["sheets"]  # by phase, a few steps a sheet: no shrinking
            assert len(m["texts"]) > 0
            pdf = SHOTS / f"print-{lang}-{jid}-{paper}.pdf"
            pdf.write_bytes(tab.pdf(format=paper, landscape=True, print_background=True))  # print media, as emulated
            tab.emulate_media(media="screen")
            if not shutil.which("pdftotext"):
                continue
            printed = subprocess.run(
                ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            flat = _flat(printed)
            lost = [t for t in m["texts"] if _flat(t) not in flat]
            assert not lost, lost[:5]  # critical points, standards and statuses print in full
            pages = printed.split("\f")
            heads = {_flat(h) for h in m["headings"] if h}
            ends = [p.strip().splitlines()[-1] for p in pages if p.strip()]
            assert not [e for e in ends[:-1] if _flat(e) in heads], ends  # no heading ends a page
            if shutil.which("pdftoppm") and jid in ("trente", "embeds"):
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", "-l", "4", str(pdf), str(pdf.with_suffix(""))], check=True
                )
    finally:
        context.close()
