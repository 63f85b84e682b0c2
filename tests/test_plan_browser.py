"""The improvement plan (issue 27) in Chromium, on the hard plan site in French and in English.

At 1280 px, at 390 px (a phone, light and dark) and printed, the plan and its priority matrix are whole:
no table hides a column behind a scroll, the page never scrolls sideways, no word of a table is broken,
and the matrix keeps its nine quadrants with their names. The filters hide other owners' and journeys'
rows (and say how many are shown); without scripts every row is listed. Screenshots and the printed
pages (PDF, then PNG with pdftoppm) go to tests/artifacts/plan-27/ for review.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_mkdocs, serve
from plan_site import write_plan_site
from test_reader_browser import BROKEN_WORDS, HIDDEN_COLUMNS

ARTIFACTS = Path(__file__).parent / "artifacts" / "plan-27"
#: Nothing of the content is wider than the screen.
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
MATRIX = """() => {
  const table = document.querySelector('table.cx-matrix');
  const box = table.getBoundingClientRect();
  const cells = [...table.querySelectorAll('td.cx-matrix-cell')].map((c) => c.getBoundingClientRect());
  return {width: box.width, right: box.right, cells: cells.length,
          visible: cells.every((r) => r.width > 40 && r.height > 10),
          inside: cells.every((r) => r.right <= document.documentElement.clientWidth + 1)};
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    built = {}
    for language in ("fr", "en"):
        site = write_plan_site(tmp_path_factory.mktemp(language) / "site", language)
        result = run_mkdocs(site, "build")
        assert result.returncode == 0, result.stderr
        built[language] = site / "site"
    with serve(built["fr"]) as fr, serve(built["en"]) as en:
        yield {"fr": fr, "en": en}


def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "light"), (390, "dark")])
def test_plan_and_matrix_are_whole_on_a_laptop_and_a_phone(browser, sites, width: int, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  is_mobile=width < 500)  # fmt: skip
    tab = context.new_page()
    problems = []
    try:
        for language in ("fr", "en"):
            for address in ("opportunities/", "opportunities/" + _initiative(tab, sites[language])):
                tab.goto(sites[language] + address)
                if scheme == "dark":
                    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                sideways, hidden = tab.evaluate(SIDEWAYS), tab.evaluate(HIDDEN_COLUMNS)
                # A hostile token (markup, a formula) is one unbreakable "word" longer than a column: it may wrap.
                broken = [w for w in tab.evaluate(BROKEN_WORDS) if not set(w) & set('<>="{}%')]
                m = tab.evaluate(MATRIX)
                if sideways > 1 or broken or hidden or m["cells"] != 9 or not m["visible"] or not m["inside"]:
                    problems.append(f"{language} {address} {width}: sideways {sideways}, broken {broken[:5]}, "
                                    f"hidden {hidden}, matrix {m}")  # fmt: skip
                if width < 500:  # on a phone each quadrant says which it is
                    where = tab.locator(".cx-matrix-where").first
                    assert where.is_visible() and where.inner_text().strip()
                name = address.strip("/").replace("/", "-")[:40]
                _shot(tab, f"{language}-{name}-{width}-{scheme}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _initiative(tab, url: str) -> str:  # type: ignore[no-untyped-def]
    tab.goto(url + "opportunities/")
    href = tab.get_attribute(".cx-plan-initiatives a", "href")
    assert href
    return href.strip("/").rsplit("/", 1)[-1] + "/"


def test_filters_hide_other_rows_and_without_scripts_every_row_is_listed(browser, sites) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(sites["en"] + "opportunities/")
        total = tab.locator("tr[data-plan-item]").count()
        assert tab.is_visible("form.cx-plan-filter")
        assert tab.inner_text(".cx-plan-filter .cx-filter-count") == f"{total} opportunities shown"
        tab.select_option("#cx-plan-journey", "trente")
        rows = tab.eval_on_selector_all(
            "tr[data-plan-item]:not([hidden])", "(rows) => rows.map((r) => r.dataset.journey)"
        )
        assert rows and set(rows) == {"trente"} and len(rows) < total
        matrix = tab.eval_on_selector_all(
            "[data-matrix-item]:not([hidden])", "(items) => items.map((i) => i.dataset.journey)"
        )
        assert set(matrix) <= {"trente"}
        assert tab.inner_text(".cx-plan-filter .cx-filter-count") == f"{len(rows)} opportunities shown"
        tab.select_option("#cx-plan-journey", "")
        tab.select_option("#cx-plan-owner", "day-surgery-unit-manager")
        owners = tab.eval_on_selector_all(
            "tr[data-plan-item]:not([hidden])", "(rows) => rows.map((r) => r.dataset.owner)"
        )
        assert owners and set(owners) == {"day-surgery-unit-manager"}
        _shot(tab, "en-plan-filtered-1280")
        tab.goto(sites["en"] + "opportunities/?initiative=" + _initiative(tab, sites["en"]).strip("/"))
        shown = tab.eval_on_selector_all(
            "tr[data-plan-item]:not([hidden])", "(rows) => rows.map((r) => r.dataset.journey)"
        )
        assert set(shown) == {"douze", "trente", "quarante"}
    finally:
        context.close()
    bare = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    tab = bare.new_page()
    try:
        tab.goto(sites["fr"] + "opportunities/")
        assert not tab.is_visible("form.cx-plan-filter")
        rows = tab.locator("tr[data-plan-item]")
        assert rows.count() > 20 and all(rows.nth(i).is_visible() for i in range(rows.count()))
    finally:
        bare.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_plan_prints_whole_and_legible(browser, sites, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1123, "height": 794})
    tab = context.new_page()
    try:
        tab.goto(sites[language] + "opportunities/")
        tab.emulate_media(media="print")
        m = tab.evaluate(MATRIX)
        assert m["cells"] == 9 and m["visible"] and m["inside"], m
        assert not tab.is_visible("form.cx-plan-filter")
        assert not tab.evaluate(HIDDEN_COLUMNS)
        font = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.cx-matrix td li')).fontSize)")
        assert font >= 7 * 96 / 72 - 0.01  # at least 7 pt
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{language}-plan-print.pdf"
        target.write_bytes(tab.pdf(format="A4", print_background=True))
        if shutil.which("pdftoppm"):  # for review: look at the printed plan
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(target.with_suffix(""))], check=True)
    finally:
        context.close()
