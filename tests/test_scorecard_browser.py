"""A manager's view (issue 23) in Chromium, on the hard site in French and in English.

At 1280 px the scorecard's first table holds only the missed and stale standards, worst first;
the owner filter hides other owners' rows, and without scripts every row is listed; at 390 px
the scorecard and the owner pages are no wider than the screen and no word of a table is
broken (each word measured with Range.getClientRects, as test_reader_browser does); axe-core
finds nothing in cxmaps content. Screenshots go to tests/artifacts/scorecard-23/ for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AXE, axe_ours, serve
from hard_site import built_hard_site
from test_reader_browser import BROKEN_WORDS

ARTIFACTS = Path(__file__).parent / "artifacts" / "scorecard-23"
#: The owner who differs from another only in capitals, by language: one slug, one entry.
OWNER = {"fr": "cadre-de-sante-du-bloc-ambulatoire", "en": "day-surgery-unit-manager"}
ROWS = "#attention + .cx-scorecard-frame tbody tr"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    urls = {}
    built = {}
    for language in ("fr", "en"):
        built[language] = built_hard_site(tmp_path_factory, language)
    with serve(built["fr"]) as fr, serve(built["en"]) as en:
        urls.update(fr=fr, en=en)
        yield urls


def _shot(tab, name: str, full: bool = False) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_first_table_is_missed_and_stale_worst_first(browser, sites: dict[str, str], language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(sites[language] + "scorecard/")
        rows = tab.eval_on_selector_all(
            ROWS,
            """(rows) => rows.map((r) => [r.dataset.status,
                Number((r.querySelector('.cx-run') || {textContent: '0'}).textContent)])""",
        )
        statuses = [status for status, _ in rows]
        assert statuses and set(statuses) == {"missed", "stale"}, statuses
        assert statuses == sorted(statuses, key=["missed", "stale"].index)  # missed first
        runs = [run for status, run in rows if status == "missed"]
        assert runs == sorted(runs, reverse=True) and runs[0] == 3  # the longest run of misses first
        # The first table sits above the met ones, and the first row says the gap in words.
        first = tab.inner_text(f"{ROWS}:first-child")
        assert ("non atteint" if language == "fr" else "missed") in first and "pts" in first
        assert tab.locator(f"{ROWS}:first-child svg.cx-trend .cx-trend-target").count() == 1
        _shot(tab, f"scorecard-{language}-1280")
    finally:
        context.close()


def test_owner_filter_hides_other_owners_and_shows_all_without_scripts(browser, sites: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(sites["fr"] + "scorecard/")
        total = tab.locator(".cx-scorecard tbody tr").count()
        assert tab.is_visible("form.cx-scorecard-filter")
        assert tab.inner_text(".cx-scorecard-filter .cx-filter-count") == f"{total} standards affichés"
        tab.select_option("#cx-scorecard-owner", OWNER["fr"])
        owners = tab.eval_on_selector_all(
            ".cx-scorecard tbody tr:not([hidden])", "(rs) => rs.map((r) => r.dataset.owner)"
        )
        assert owners and set(owners) == {OWNER["fr"]} and len(owners) < total
        assert tab.locator(".cx-scorecard tbody tr:visible").count() == len(owners)
        assert tab.inner_text(".cx-scorecard-filter .cx-filter-count") == f"{len(owners)} standards affichés"
        _shot(tab, "scorecard-fr-filtered-1280")
        tab.select_option("#cx-scorecard-owner", "")
        assert tab.locator(".cx-scorecard tbody tr:visible").count() == total
        # An owner's page links to the scorecard filtered on them.
        tab.goto(sites["fr"] + f"owners/{OWNER['fr']}/")
        tab.click(".cx-owner-scorecard a")
        tab.wait_for_selector("form.cx-scorecard-filter:not([hidden])")
        assert tab.eval_on_selector("#cx-scorecard-owner", "(s) => s.value") == OWNER["fr"]
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(sites["fr"] + "scorecard/")
        assert not tab.is_visible("form.cx-scorecard-filter")
        assert tab.locator(".cx-scorecard tbody tr:visible").count() == tab.locator(".cx-scorecard tbody tr").count()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_phone_no_wider_than_the_screen_and_no_word_broken(browser, sites: dict[str, str], language: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    problems = []
    try:
        for address in ("scorecard/", "owners/", f"owners/{OWNER[language]}/", "journeys/", "moments-of-truth/"):
            tab.goto(sites[language] + address)
            scroll, inner = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            broken = tab.evaluate(BROKEN_WORDS)
            if scroll > inner or broken:
                problems.append(f"{address}: width {scroll} > {inner}? broken {broken[:8]}")
            if address in ("scorecard/", "owners/"):
                _shot(tab, f"{address.strip('/')}-{language}-390")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.skipif(not AXE.is_file(), reason="tests/run installs axe-core from the npm registry")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_scorecard_and_owners(browser, sites: dict[str, str], scheme: str) -> None:
    ours = []
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        tab = context.new_page()
        try:
            for language in ("fr", "en"):
                for address in ("scorecard/", "owners/", f"owners/{OWNER[language]}/"):
                    tab.goto(sites[language] + address)
                    found = axe_ours(tab)
                    ours += [f"{language} {address} {width}: {v}" for v in found]
        finally:
            context.close()
    assert not ours, "\n".join(ours[:15])
