"""Owned opportunities and the improvement plan (issue 27, format 1.2): the model, located errors, pages,
anchors, statuses, the loop closed in health, exports (CSV, xlsx, JSON) and `cxmaps diff`.

The pages are read from the hard plan site (`plan_site.py`) built once per language.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import cli, run_mkdocs
from cxmaps.model.format import Step
from plan_site import FORMULA, KINDS, LEVELS, SPANNED, STATUSES, write_plan_site
from test_authoring import git


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for language in ("fr", "en"):
        site = write_plan_site(tmp_path_factory.mktemp(language) / "site", language)
        result = run_mkdocs(site, "build", "--strict")
        assert result.returncode == 0, result.stderr
        out[language] = site
    return out


def _read(site: Path, address: str) -> str:
    return (site / "site" / address / "index.html").read_text(encoding="utf-8")


def _article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


# -- the model -------------------------------------------------------------------------------------


def test_plain_and_structured_opportunities_mix_and_plain_text_keeps_its_shape() -> None:
    step = Step.model_validate({"name": "Checks in", "emotion": "1", "opportunities": [
        "An idea", {"title": "Key ready in an envelope", "kind": "quick-win", "due": "2027-Q1"}]})  # fmt: skip
    plain, owned = step.opportunities
    assert plain.plain and not plain.id and plain.status == "idea"
    assert not owned.plain and owned.id == "key-ready-in-an-envelope" and owned.status == "idea"
    dumped = step.model_dump(mode="json")["opportunities"]
    assert dumped[0] == "An idea" and dumped[1]["kind"] == "quick-win"
    one = Step.model_validate({"name": "x", "emotion": "1", "opportunities": "A single text"})
    assert [o.title for o in one.opportunities] == ["A single text"]


JOURNEY = """title: Stay
personas: [claire]
phases:
  - name: During
    steps:
      - id: check-in
        name: Checks in
        emotion: 1
        standards:
          - objective: No wait at check-in
            level: 90 % within 5 minutes
        opportunities:
{items}
"""


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ("          - titel: Key ready", "opportunities[0].titel: unknown field 'titel' (did you mean 'title'?)"),
        ("          - {title: Key, kind: quickwin}", "'quickwin' is not one of: quick-win, project (did you mean 'quick-win'?)"),
        ("          - {title: Key, status: planed}", "(did you mean 'planned'?)"),
        ("          - {title: Key, impact: hight}", "(did you mean 'high'?)"),
        ("          - {title: Key, effort: small}", "'small' is not one of: low, medium, high"),
        ("          - {title: Key, due: Q1 2027}", "'Q1 2027' is not a period: write 2027-Q1 for Q1 2027"),
        ("          - {title: Key, link: 'javascript:alert(1)'}", "is not a web address"),
        ("          - {title: Key, link: 'https://tracker.example/a b'}", "is not a web address"),
        ("          - {title: Key, standards: [no-wait-at-checkin]}",
         "'no-wait-at-checkin' is not a standard of step 'check-in' (did you mean 'no-wait-at-check-in'?)"),
        ("          - {title: Key, sources: [survey]}", "unknown source 'survey'"),
        ("          - {title: Key, id: check-in}", "opportunity id 'check-in' is the id of a step of this journey"),
        ("          - {title: Key, id: blueprint}", "opportunity id 'blueprint' is reserved"),
        ("          - {title: Key, id: dup}\n          - {title: Other, id: dup}",
         "duplicate opportunity id 'dup' (first used on line 13)"),
        ("          - {title: Key, id: Not An Id}", "'Not An Id' is not a valid id"),
        ("          - {kind: project}", "opportunities[0].title: missing required field 'title'"),
    ],
)  # fmt: skip
def test_bad_opportunities_give_located_errors_with_the_closest_name(
    make_site: Callable[..., Path], items: str, expected: str
) -> None:
    site = make_site(files={"journeys/stay.yml": JOURNEY.format(items=items)})
    code, out, err = cli("check", str(site))
    err = out + err
    assert code == 1
    assert expected in err, err
    assert re.search(r"journeys/stay\.yml:1[3-5]:\d+: phases\[0\]\.steps\[check-in\]\.opportunities\[", err), err


# -- pages and anchors -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_owned_opportunity_has_its_anchor_and_the_plan_links_to_it(built: dict[str, Path], language: str) -> None:
    site = built[language]
    plan = _read(site, "opportunities")
    for path in sorted((site / "journeys").glob("*.yml")):
        jid = path.stem
        page = _read(site, f"journeys/{jid}")
        journey = yaml.safe_load(path.read_text(encoding="utf-8"))
        for phase in journey["phases"]:
            for step in phase["steps"]:
                for o in step.get("opportunities", []):
                    if isinstance(o, dict):
                        assert page.count(f'id="{o["id"]}"') == 1, (jid, o["id"])
                        assert f'href="../journeys/{jid}/#{o["id"]}"' in plan, o["id"]
                        # the canvas' lane links to it too, with its kind and status in words
                        assert f'href="#{o["id"]}"' in page
    assert "Une idée sans responsable" in plan if language == "fr" else "An idea nobody owns" in plan


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_plan_groups_by_kind_and_status_and_counts_them(built: dict[str, Path], language: str) -> None:
    site = built[language]
    plan = _article(_read(site, "opportunities"))
    labels = yaml.safe_load((Path(__file__).parents[1] / "plugins/cxmaps/locales" / f"{language}.yml").read_text())
    for kind in KINDS:
        assert f'data-kind="{kind or "none"}"' in plan
    groups = re.findall(r'<section class="cx-plan-group" data-kind="([a-z-]+)" data-status="([a-z-]+)"', plan)
    for kind in ("quick-win", "project", "none"):
        order = [s for k, s in groups if k == kind]
        assert order == [s for s in ("in-progress", "planned", "idea", "done", "dropped") if s in order]
    assert {s for _, s in groups} == set(STATUSES)
    counts = dict(
        re.findall(
            r'<li><span class="cx-opp-badge cx-opp-status" data-status="([a-z-]+)">(?:(?!</li>).)*?(\d+)</li>', plan
        )
    )
    rows = re.findall(r'<tr data-plan-item data-status="([a-z-]+)"', plan)
    assert counts == {s: str(rows.count(s)) for s in STATUSES}
    for level in LEVELS[:3]:
        assert labels[f"opp_level_{level}"] in html.unescape(plan)
    # the matrix: impact high to low (rows), effort low to high (columns), open opportunities only
    cells = re.findall(r'<td class="cx-matrix-cell" data-impact="(\w+)" data-effort="(\w+)"', plan)
    assert cells == [(i, e) for i in ("high", "medium", "low") for e in ("low", "medium", "high")]
    matrix = plan[plan.index('<table class="cx-matrix">') : plan.index("</table>", plan.index('class="cx-matrix"'))]
    assert "opp-douze-" in matrix
    assert not re.search(r'cx-opp-status" data-status="(done|dropped)"', matrix)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_initiative_page_spans_its_three_journeys(built: dict[str, Path], language: str) -> None:
    site = built[language]
    pages = [p.parent.name for p in (site / "site" / "opportunities").glob("*/index.html")]
    assert len(pages) == 1, pages
    page = _article(_read(site, f"opportunities/{pages[0]}"))
    spanned = set(re.findall(r'data-journey="([a-z-]+)"', page))
    assert spanned == set(SPANNED)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_owner_pages_list_their_opportunities(built: dict[str, Path], language: str) -> None:
    site = built[language]
    slug = "cadre-de-sante-du-bloc-ambulatoire" if language == "fr" else "day-surgery-unit-manager"
    page = _article(_read(site, f"owners/{slug}"))
    assert 'id="opportunities"' in page and "#still-missed" in page and "#addresses-the-moment" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_done_but_still_missed_shows_on_the_plan_the_step_and_health(built: dict[str, Path], language: str) -> None:
    site = built[language]
    words = "toujours manqué depuis T2 2026" if language == "fr" else "still missed since Q2 2026"
    step = _read(site, "journeys/douze")
    anchored = step[step.index('id="still-missed"') :]
    assert words in anchored[: anchored.index("</li>")]
    assert words in _read(site, "opportunities")
    health = _read(site, "health")
    assert 'id="opportunity-still-missed"' in health and words.split(" depuis")[0].split(" since")[0] in health
    assert "done-and-met" not in re.sub(r"<[^>]+>", "", health)
    _, out, err = cli("check", "--lint", str(site))
    err = out + err
    lines = [line for line in err.splitlines() if "[opportunity" in line or "[moment-missed-unaddressed]" in line]
    assert any("'still-missed'" in line and "since 2026-Q2" in line and "[opportunity-still-missed]" in line
               for line in lines), lines  # fmt: skip
    assert not any("done-and-met" in line for line in lines)
    unowned = [line for line in lines if "[opportunity-unowned]" in line]
    assert len(unowned) == 1 and "'planned-unowned'" in unowned[0] and "no owner and no due" in unowned[0]
    unaddressed = [line for line in lines if "[moment-missed-unaddressed]" in line]
    assert any("'douze-6'" in line for line in unaddressed) and not any("'trente-6'" in line for line in unaddressed)
    assert all(re.search(r"journeys/\w[\w-]*\.yml:\d+:\d+: phases\[", line) for line in lines)


def test_fail_on_health_fails_on_an_opportunity_finding(make_site: Callable[..., Path]) -> None:
    items = "          - {title: Key, status: planned}"
    site = make_site(files={"journeys/stay.yml": JOURNEY.format(items=items)})
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("- cxmaps", "- cxmaps:\n      fail_on_health: true"))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert "is planned but has no owner and no due" in result.stderr + result.stdout


# -- hostile text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_hostile_text_never_becomes_markup_script_or_a_formula(built: dict[str, Path], language: str) -> None:
    site = built[language]
    for address in (
        "opportunities",
        "journeys/douze",
        "owners/" + ("cadre-de-sante-du-bloc-ambulatoire" if language == "fr" else "day-surgery-unit-manager"),
    ):
        page = _read(site, address)
        for live in ("<script>alert", "<img src=x", '"><script>'):
            assert live not in page, (address, live)
        if "owners/" not in address:
            assert "{{ 7*7 }}" in html.unescape(page) and ">49<" not in page
    page = _read(site, "journeys/douze")
    assert 'href="https://tracker.example/?q=&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in page
    rows = list(csv.reader(io.StringIO((site / "site/opportunities/opportunities.csv").read_text("utf-8-sig"))))
    hostile = next(r for r in rows if r[4] == "hostile")
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert hostile[5].startswith("<script>") and hostile[10].startswith("'=HYPERLINK(")
    data = (site / "site/reference.json").read_text(encoding="utf-8")
    assert "<script>" not in data and "\\u003cscript\\u003e" in data


# -- exports ---------------------------------------------------------------------------------------


def test_exports_carry_every_owned_opportunity(built: dict[str, Path]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    openpyxl = pytest.importorskip("openpyxl")
    site = built["en"]
    data = json.loads((site / "site/reference.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((site / "site/reference.schema.json").read_text(encoding="utf-8")))
    exported = [o for j in data["journeys"] for p in j["phases"] for s in p["steps"] for o in s["opportunities"]]
    structured = [o for o in exported if isinstance(o, dict)]
    assert any(isinstance(o, str) for o in exported)
    assert all(o["url"] == f"journeys/{o['url'].split('/')[1]}/#{o['id']}" for o in structured)
    missed = {o["id"]: o["still_missed_since"] for o in structured if o["still_missed_since"]}
    assert missed == {"still-missed": "2026-Q2"}
    rows = list(csv.reader(io.StringIO((site / "site/opportunities/opportunities.csv").read_text("utf-8-sig"))))
    assert len(rows) - 1 == len(structured)
    book = openpyxl.load_workbook(site / "site/standards/standards.xlsx")
    sheet = book["Improvement plan"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(structured)
    hostile = next(r for r in cells if r[4] == "hostile")
    assert hostile[10].startswith(FORMULA)  # text, kept whole
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value)


# -- cxmaps diff -----------------------------------------------------------------------------------

BEFORE = """title: Stay
personas: [claire]
phases:
  - name: During
    steps:
      - id: check-in
        name: Checks in
        emotion: 1
        opportunities:
          - Mobile key in the app
          - {title: Key envelope, id: key-envelope, kind: quick-win, status: planned, owner: Front office}
          - {title: Free breakfast, id: breakfast, status: idea}
"""
AFTER = """title: Stay
personas: [claire]
phases:
  - name: During
    steps:
      - id: check-in
        name: Checks in
        emotion: 1
        opportunities:
          - {title: Mobile key in the app, kind: project, status: planned, owner: Digital, due: 2027-Q2}
          - {title: Key envelope, id: key-envelope, kind: quick-win, status: done, owner: Front desk}
          - {title: "=HYPERLINK(1) <b>late</b>", id: late, kind: quick-win}
"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_diff_reports_new_opportunities_and_status_changes(make_site: Callable[..., Path], language: str) -> None:
    site = make_site(files={"journeys/stay.yml": BEFORE})
    if language == "fr":
        config = site / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("  name: material", "  name: material\n  language: fr")
        )
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "before")
    (site / "journeys/stay.yml").write_text(AFTER, encoding="utf-8")
    code, out, err = cli("diff", "HEAD", "--site", str(site), "--format", "json")
    assert code == 0, err
    details = json.loads(out)["changed"][0]["details"]
    whats = {(d["what"], d.get("title"), d.get("from"), d.get("to")) for d in details}
    assert ("opportunity status", "Key envelope", "planned", "done") in whats
    assert ("opportunity owned", "Mobile key in the app", "idea", "planned") in whats  # a plain idea, now owned
    # in one change, not a line per field it gained
    assert [d["what"] for d in details if d.get("title") == "Mobile key in the app"] == ["opportunity owned"]
    assert ("opportunity added", "=HYPERLINK(1) <b>late</b>", None, "idea") in whats
    assert ("opportunity removed", "Free breakfast", "idea", None) in whats
    assert ("opportunity owner", "Key envelope", "Front office", "Front desk") in whats
    code, text, err = cli("diff", "HEAD", "--site", str(site))
    assert code == 0, err
    if language == "fr":
        assert "« Key envelope » : Planifiée → Faite" in text.replace("\u202f", " ").replace("\xa0", " ")
        assert "nouvelle opportunité" in text
        assert "« Mobile key in the app », une idée, désormais portée : Planifiée, par Digital, échéance 2027-Q2" in (
            text.replace("\u202f", " ").replace("\xa0", " ")
        )
    else:
        assert "“Key envelope”: Planned → Done" in text and "new opportunity" in text
        assert "“Mobile key in the app”, an idea, is now owned: Planned, by Digital, due 2027-Q2" in text
    assert "<b>" not in text


def test_a_source_page_lists_the_opportunities_heard_in_it(make_site: Callable[..., Path]) -> None:
    items = "          - {title: Key <b>ready</b>, id: key-ready, status: planned, sources: [survey]}"
    source = "title: Post-stay survey\nkind: survey\ndate: 2026-09-30\n"
    site = make_site(files={"journeys/stay.yml": JOURNEY.format(items=items), "sources/survey.yml": source})
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = _read(site, "sources/survey")
    assert 'href="../../journeys/stay/#key-ready">Key &lt;b&gt;ready&lt;/b&gt;</a>' in page
