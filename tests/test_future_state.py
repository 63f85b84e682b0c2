"""Future-state journeys and portfolio views (issue 27, second half), on the hard site built --strict.

`future_site.py` adds to the hard site a target journey (``cible``, ``improves: douze``) with a removed,
a new, an aliased (both ways) and a redesigned step, and hostile text in every field these pages show.
The heatmap's and the matrix's numbers are computed here again from the YAML and CSV files, without
cxmaps, and compared with what the pages say.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import run_mkdocs
from cxmaps.charts.svgcheck import is_drawn_chart
from cxmaps.model.format import Journey
from cxmaps.reference.futurestate import pair_steps, positions
from future_site import CURRENT, TARGET, write_future_site

LANGUAGES = ("fr", "en")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for language in LANGUAGES:
        site = write_future_site(tmp_path_factory.mktemp(language) / "site", language)
        result = run_mkdocs(site, "build", "--strict")
        assert result.returncode == 0, result.stderr
        out[language] = site
    return out


def page(site: Path, path: str) -> str:
    return (site / "site" / path / "index.html").read_text(encoding="utf-8")


class Table(HTMLParser):
    """The rows of the first table with `klass` (cells' text, and each cell's links), as a reader sees them."""

    def __init__(self, klass: str) -> None:
        super().__init__()
        self.klass, self.depth, self.rows = klass, 0, []
        self.cell: list[str] | None = None
        self.hidden = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and self.klass in (a.get("class") or "").split() and not self.rows:
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell, self.links = [], []
        elif self.depth and tag == "a" and self.cell is not None:
            self.links.append(a.get("href") or "")
        if (self.depth and tag == "span" and "cx-sr" in (a.get("class") or "")) or (self.hidden and tag == "span"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag == "span":
            self.hidden -= 1
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append((re.sub(r"\s+", " ", "".join(self.cell)).strip(), self.links))
            self.cell = None
        elif self.depth and tag == "table":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table(html: str, klass: str) -> list[list[tuple[str, list[str]]]]:
    parser = Table(klass)
    parser.feed(html)
    return parser.rows


def number(text: str) -> float:
    """A number as the page writes it (a minus sign, a decimal comma) back to a float."""
    return float(text.replace("\u2212", "-").replace(",", "."))


# -- the reference, read again without cxmaps -------------------------------------------------------------


def journeys(site: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((site / "journeys").glob("*.yml"))}


def values(step: dict, personas: list[str]) -> list[float]:
    emotion = step["emotion"]
    return [emotion[p] for p in personas if p in emotion] if isinstance(emotion, dict) else [emotion] * len(personas)


def missed_steps(site: Path) -> dict[tuple[str, str], int]:
    """Standards whose latest measure misses ``min: 90`` and is no more than 400 days older than its journey's newest."""
    with (site / "measures" / "export.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    end = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}

    def months(period: str) -> int:
        year, quarter = period.split("-")
        return int(year) * 12 + end[quarter]

    newest: dict[str, int] = defaultdict(int)
    latest: dict[tuple[str, str], tuple[int, float]] = {}
    for r in rows:
        newest[r["journey"]] = max(newest[r["journey"]], months(r["period"]))
        if r["metric"] == "reponse":
            key = (r["journey"], r["step"])
            if key not in latest or months(r["period"]) > latest[key][0]:
                latest[key] = (months(r["period"]), float(r["value"]))
    return {key: 1 for key, (m, v) in latest.items() if v < 90 and newest[key[0]] - m <= 13}


# -- the target journey's page ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_target_page_lists_removed_new_aliased_and_redesigned_steps(built: dict[str, Path], language: str) -> None:
    html = page(built[language], f"journeys/{TARGET}")
    section = html[html.index('id="redesign"') : html.index("</div>", html.index('class="cx-redesign-kept"'))]
    removed = section[section.index("cx-redesign-removed") : section.index("cx-redesign-added")]
    assert f'href="../{CURRENT}/#{CURRENT}-2"' in removed and removed.count("<li>") == 1
    added = section[section.index("cx-redesign-added") : section.index("cx-redesign-steps")]
    assert 'href="#nouvelle"' in added and added.count("<li>") == 1
    redesigned = section[section.index("cx-redesign-steps") : section.index("cx-redesign-kept")]
    # Paired through a former id, both ways: the target's alias names douze-5; douze-7's alias names etape-sept.
    assert f"<code>{CURRENT}-5</code>" in redesigned and "<code>etape-sept</code>" in redesigned
    assert f'href="#{CURRENT}-1"' in redesigned and f'href="#{CURRENT}-12"' in redesigned
    kept = section[section.index("cx-redesign-kept") :]
    assert kept.count("<a ") == 7  # douze-3, 4, 6, 8, 9, 10 and 11 are copied unchanged
    promise = "Promesse" if language == "fr" else "Service promise"
    assert promise in redesigned and "→" in redesigned
    # The redesigned step's emotion, for the personas both journeys share only (p1 and p2, not p4).
    assert redesigned.count("Expérience vécue (" if language == "fr" else "Lived experience (") >= 2
    assert "Dr H" not in redesigned
    # Hostile text stays text: no element, no template expression evaluated, no formula.
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in section and "{{ 7*7 }}" in section and ">49<" not in section


@pytest.mark.parametrize("language", LANGUAGES)
def test_target_curve_draws_the_current_one_behind_for_shared_personas(built: dict[str, Path], language: str) -> None:
    html = page(built[language], f"journeys/{TARGET}")
    svg = re.search(r'<svg class="cx-map-svg".*?</svg>', html, re.S)
    assert svg is not None and is_drawn_chart(svg.group(0))
    chart = svg.group(0)
    # Bands 0 and 1 (p1, p2) have the ghost, band 2 (p4, not in douze) has none; douze has 12 steps.
    for band in (0, 1):
        assert f"cx-asis-line-{band}" in chart and len(re.findall(rf'id="[^"]*cx-asis-{band}-\d+"', chart)) == 12
    assert "cx-asis-line-2" not in chart
    assert "stroke-dasharray" in chart[chart.index("cx-asis-line-0") :][:600]
    word = "Actuel" if language == "fr" else "As is"
    titles = re.findall(r"<title>([^<]*)</title>", chart)
    assert sum(f"{word}\u202f: " in t or f"{word}: " in t for t in titles) == 24  # each ghost point says what it is
    legend = html[html.index('class="cx-legend-asis"') :][:600]
    assert (word in legend and "Parcours de chirurgie" in legend) or "Day-case" in legend


def test_current_page_index_and_data_pair_the_journeys(built: dict[str, Path]) -> None:
    site = built["en"]
    assert f'href="../{TARGET}/"' in page(site, f"journeys/{CURRENT}")
    assert f'href="../{CURRENT}/"' in page(site, f"journeys/{TARGET}")
    index = page(site, "journeys")
    items = re.findall(r'<li><span class="cx-index-spark">.*?<a class="cx-index-title" href="([^"]+)"', index, re.S)
    assert items.index(f"{TARGET}/") == items.index(f"{CURRENT}/") + 1  # the target follows its current journey
    assert "Redesigns <a" in index and "To-be: <a" in index
    data = json.loads((site / "site" / "reference.json").read_text(encoding="utf-8"))
    assert {j["id"]: j["improves"] for j in data["journeys"]}[TARGET] == CURRENT


# -- portfolio views ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_heatmap_numbers_match_the_files(built: dict[str, Path], language: str) -> None:
    site = built[language]
    rows = table(page(site, "journeys"), "cx-heatmap")
    head, body = rows[0], rows[1:]
    assert len(head) == 4  # the journey, then phases 1 to 3 (the most any journey has)
    found = {cells[0][1][0].strip("/").split("/")[-1]: cells[1:] for cells in body}
    missed = missed_steps(site)
    files = journeys(site)
    assert set(found) == set(files)
    for jid, journey in files.items():
        cells = found[jid]
        assert len(cells) == 4 - 1
        for position, phase in enumerate(journey["phases"], start=1):
            text, links = cells[position - 1]
            assert links[0].endswith(f"{jid}/#phase-{position}")
            mean = sum(v for s in phase["steps"] for v in values(s, journey["personas"])) / sum(
                len(values(s, journey["personas"])) for s in phase["steps"]
            )
            shown = number(re.search(r"\(([^)]+)\)", text.split(phase["name"][-20:])[-1]).group(1))
            assert shown == pytest.approx(mean, abs=0.006), (jid, position)
            critical = sum(
                len(s.get(k, [])) for s in phase["steps"] for k in ("irritants", "fail_points", "bottlenecks")
            )
            want = sum(missed.get((jid, s["id"]), 0) for s in phase["steps"])
            counts = re.findall(r"(?:manqués|missed|critiques|critical)\s?: (\d+)", text)
            assert [int(c) for c in counts] == [want, critical], (jid, position, text)
        for text, _links in cells[len(journey["phases"]) :]:
            assert text == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_persona_matrix_shows_the_lowest_emotion_and_moments(built: dict[str, Path], language: str) -> None:
    site = built[language]
    rows = table(page(site, "personas"), "cx-persona-matrix")
    assert len(rows[0]) == 1 + 8  # every persona a column
    files = journeys(site)
    personas = [f"p{k}" for k in range(1, 9)]
    for cells in rows[1:]:
        jid = cells[0][1][0].strip("/").split("/")[-1]
        journey = files[jid]
        steps = [s for p in journey["phases"] for s in p["steps"]]
        for pid, (text, links) in zip(personas, cells[1:], strict=True):
            if pid not in journey["personas"]:
                assert text == ""
                continue
            lived = [values(s, [pid])[0] for s in steps]
            low = min(lived)
            assert number(re.search(r"\(([^)]+)\)", text).group(1)) == low
            assert links[0].endswith(f"{jid}/#{steps[lived.index(low)]['id']}")
            moments = [v for v, s in zip(lived, steps, strict=True) if "moment_of_truth" in s]
            if moments:
                assert f": {len(moments)} " in text.replace("\u202f", " ")
                assert number(re.findall(r"\(([^)]+)\)", text)[-1]) == min(moments)


def test_touchpoints_are_ranked_lowest_mean_first_and_pages_say_it(built: dict[str, Path]) -> None:
    site = built["en"]
    rows = table(page(site, "touchpoints"), "cx-entries")[1:]
    means = [number(re.search(r"\(([^)]+)\)", cells[1][0]).group(1)) for cells in rows if "(" in cells[1][0]]
    assert means == sorted(means) and len(means) >= 2
    # The target's own touchpoint (two of its steps name it) is not lived yet: last, without a mean.
    assert "not lived yet" in rows[-1][1][0] and "Borne" in rows[-1][0][0]
    # One touchpoint computed again: the nurse's call is named by every step of every current journey.
    files = {j: d for j, d in journeys(site).items() if d.get("status") != "target"}
    lived = [v for d in files.values() for p in d["phases"] for s in p["steps"] for v in values(s, d["personas"])]
    entry = page(site, "touchpoints/phone-call-from-the-nurse")
    shown = re.search(r"Mean emotion</dt><dd><span[^>]*>[a-z ]+\(([^)]+)\)", entry)
    assert shown and number(shown.group(1)) == pytest.approx(sum(lived) / len(lived), abs=0.006)


def test_french_numbers_in_portfolio_views(built: dict[str, Path]) -> None:
    html = page(built["fr"], "journeys")
    heat = html[html.index('class="cx-portfolio cx-heatmap"') :]
    assert re.search(r"\(\u2212\d,\d+\)", heat)  # a minus sign and a decimal comma
    assert "manqués\u202f:" in heat and "Phase 1" in heat


# -- the comparison itself ----------------------------------------------------------------------------------


def _journey(steps: list[tuple[str, list[str]]]) -> Journey:
    return Journey.model_validate({"title": "t", "personas": ["p"], "phases": [{"name": "a", "steps": [
        {"id": sid, "name": sid, "aliases": aliases, "emotion": 0} for sid, aliases in steps]}]})  # fmt: skip


def test_steps_pair_by_id_then_former_ids_either_way() -> None:
    current = _journey([("a", []), ("b", ["old-c"]), ("d", []), ("e", [])])
    target = _journey([("a", []), ("c", ["d"]), ("old-c", []), ("new", [])])
    pairs = pair_steps(current, target)
    assert {t: (s.id, via) for t, (s, via) in pairs.items()} == {"a": ("a", ""), "c": ("d", "d"),
                                                                 "old-c": ("b", "old-c")}  # fmt: skip
    # e is removed: it sits halfway between the last paired step's column (d on c's, 1) and the right edge (3.5).
    assert positions(current, target, pairs) == [0.0, 2.0, 1.0, pytest.approx(1.0 + (3.5 - 1.0) / 2)]


def test_a_target_of_the_tiny_site_shares_one_persona_of_two(make_site: Callable[..., Path]) -> None:
    site = make_site(files={
        "journeys/next.yml": "title: Next\npersonas: [claire]\nstatus: target\nimproves: stay\n"
        "phases:\n  - name: Before\n    steps:\n      - name: Books a room\n        emotion: 2\n",
    })  # fmt: skip
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = page(site, "journeys/next")
    assert 'id="redesign"' in html and "cx-asis-line-0" in html and "cx-asis-line-1" not in html
    section = html[html.index('id="redesign"') :]
    assert 'href="../stay/#arrivee-a-l-hotel"' in section  # removed
    assert "Lived experience (Claire" in section  # 1 → 2 for the shared persona
