"""Ways in for employees: touchpoint and system pages, reference.json, standards.xlsx.

Built for real on tiny sites; names are spelt differently on purpose (case, accents,
spacing), and hostile names are used where an attacker would put them.
"""

from __future__ import annotations

import html.parser
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from conftest import lay_site, run_mkdocs

JOURNEY_A = """\
title: Déclarer un sinistre
personas: [claire]
phases:
  - name: Avant
    steps:
      - name: Appelle la plateforme
        emotion: -1
        touchpoints: [Réception téléphonique, "=HYPERLINK(\\"http://x\\")"]
        support: [Moteur de réservation, "<script>alert(1)</script>"]
        standards:
          - objective: "=1+1"
            level: 90 % en 20 s
            owner: Centre d'appels
            impact: key
      - name: Reçoit l'accusé
        emotion: 0
        touchpoints: ["reception  TÉLÉPHONIQUE", "[lien](javascript:alert(1))"]
        support: [moteur de reservation]
        moment_of_truth: {kind: first-time, failure: [Réclamation]}
"""
JOURNEY_B = """\
title: Suivre son dossier
personas: [claire]
phases:
  - name: Pendant
    steps:
      - name: Consulte l'espace client
        emotion: 1
        touchpoints: [RÉCEPTION téléphonique, Index]
        support: [Moteur de Réservation]
"""
FILES = {"journeys/stay.yml": JOURNEY_A, "journeys/suivi.yml": JOURNEY_B, "personas/tourist.yml": None}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = lay_site(tmp_path_factory.mktemp("ways"), files=FILES)
    # Every entry gets its page here (entry_pages: all): these tests read the pages themselves; the default,
    # pages for entries two steps name, is tested below.
    config = (
        (site / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("name: material", "name: material\n  language: fr")
        .replace("  - cxmaps\n", "  - cxmaps:\n      entry_pages: all\n")
    )
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def test_names_differing_in_case_accents_and_spacing_are_one_touchpoint(built: Path) -> None:
    page = (built / "touchpoints" / "reception-telephonique" / "index.html").read_text(encoding="utf-8")
    # All three steps of both journeys, under their journeys.
    for name in ("Appelle la plateforme", "Reçoit l&#39;accusé", "Consulte l&#39;espace client"):
        assert name in page or name.replace("&#39;", "'") in page
    assert "Déclarer un sinistre" in page and "Suivre son dossier" in page
    assert page.count('class="cx-entry-step-name"') == 3
    assert "Aussi écrit" in page  # the other spellings are listed
    index = (built / "touchpoints" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="reception-telephonique/"') == 1


def test_systems_are_folded_and_show_what_is_at_stake(built: Path) -> None:
    page = (built / "systems" / "moteur-de-reservation" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="cx-entry-step-name"') == 3
    assert "cx-entry-moment" in page and "Réclamation" in page  # the moment of truth it serves
    assert "90 % en 20 s" in page  # the standard at stake
    assert sorted(p.name for p in (built / "systems").iterdir()) == sorted(
        ["index.html", "moteur-de-reservation", "script-alert-1-script"]
    )


def test_a_touchpoint_named_index_does_not_replace_the_index(built: Path) -> None:
    index = (built / "touchpoints" / "index.html").read_text(encoding="utf-8")
    assert "Points de contact" in index and 'class="cx-standards cx-entries"' in index
    assert any(p.name.startswith("index-") for p in (built / "touchpoints").iterdir())


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script" and not any(k == "src" for k, _ in attrs)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def test_hostile_names_stay_text_on_every_new_page(built: Path) -> None:
    pages = [*built.glob("touchpoints/**/index.html"), *built.glob("systems/**/index.html")]
    assert len(pages) >= 6
    baseline = _Tags()
    baseline.feed((built / "index.html").read_text(encoding="utf-8"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tags = _Tags()
        tags.feed(text)
        assert tags.scripts == baseline.scripts, page  # Material's own inline scripts only
        assert not any(h.strip().lower().startswith("javascript") for h in tags.hrefs), page
        assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (built / "systems" / "index.html").read_text(encoding="utf-8")


def test_reference_json_validates_against_its_schema_and_its_urls_resolve(built: Path) -> None:
    data = json.loads((built / "reference.json").read_text(encoding="utf-8"))
    schema = json.loads((built / "reference.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert [j["id"] for j in data["journeys"]] == ["stay", "suivi"]
    assert data["language"] == "fr" and data["emotion_scale"] == [-2.0, 2.0]
    step = data["journeys"][0]["phases"][0]["steps"][0]
    assert step["standards"][0]["objective"] == "=1+1" and step["url"] == "journeys/stay/#appelle-la-plateforme"
    urls = [j["url"] for j in data["journeys"]] + [p["url"] for p in data["personas"]]
    urls += [s["url"] for j in data["journeys"] for ph in j["phases"] for s in ph["steps"]]
    urls += [e["url"] for e in data["touchpoints"] + data["systems"]]
    for url in urls:
        path, _, anchor = url.partition("#")
        page = built / path / "index.html"
        assert page.is_file(), url
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), url
    folded = next(e for e in data["touchpoints"] if e["slug"] == "reception-telephonique")
    assert len(folded["steps"]) == 3 and len(folded["spellings"]) == 2


def test_a_broken_export_fails_its_schema(built: Path) -> None:
    data = json.loads((built / "reference.json").read_text(encoding="utf-8"))
    schema = json.loads((built / "reference.schema.json").read_text(encoding="utf-8"))
    del data["journeys"][0]["phases"][0]["steps"][0]["url"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_standards_xlsx_has_headers_in_the_site_language_filters_and_text_cells(built: Path) -> None:
    raw = (built / "standards" / "standards.xlsx").read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Identifiant du parcours", "Parcours", "Identifiant de l'étape", "Étape"]
    assert "Responsable" in headers and "Impact" in headers
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1  # the one step with a standard (no step has a promise alone)
    objective = sheet.cell(row=2, column=headers.index("Objectif") + 1)
    assert objective.value == "=1+1" and objective.data_type == "s"  # text, never a formula
    assert rows[0][headers.index("Impact")] == "Clé"
    assert rows[0][headers.index("Adresse")] == "journeys/stay/#appelle-la-plateforme"


def test_csv_has_a_byte_order_mark_and_keeps_the_formula_guard(built: Path) -> None:
    raw = (built / "standards" / "standards.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in raw.decode("utf-8-sig")


def test_xlsx_and_json_are_identical_from_build_to_build(built: Path, make_site: Callable[..., Path]) -> None:
    site = built.parent
    again = run_mkdocs(site, "build", "--strict", "-d", str(site / "again"))
    assert again.returncode == 0, again.stderr
    for name in ("standards/standards.xlsx", "reference.json", "reference.schema.json", "touchpoints/index.html"):
        assert (site / "again" / name).read_bytes() == (built / name).read_bytes(), name


def test_by_default_an_entry_gets_a_page_when_two_steps_name_it(tmp_path: Path) -> None:
    """A sentence of one step is listed on its index under its journey, linked to its step; shared ones keep a page."""
    site = lay_site(tmp_path, files=FILES)
    assert run_mkdocs(site, "build", "--strict").returncode == 0
    built = site / "site"
    # Named by three steps (spelt three ways): its page and address stay.
    assert (built / "touchpoints" / "reception-telephonique" / "index.html").is_file()
    assert (built / "systems" / "moteur-de-reservation" / "index.html").is_file()
    # Named by one step: no page, a line on the index under its journey, linked to its step.
    assert not (built / "systems" / "script-alert-1-script").exists()
    index = (built / "systems" / "index.html").read_text(encoding="utf-8")
    assert "Named at one step" in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert 'href="../journeys/stay/#appelle-la-plateforme"' in index
    data = json.loads((built / "reference.json").read_text(encoding="utf-8"))
    urls = {e["slug"]: e["url"] for e in data["systems"]}
    assert urls["moteur-de-reservation"] == "systems/moteur-de-reservation/" and urls["script-alert-1-script"] is None


def test_an_entry_declared_in_entry_pages_for_gets_a_page_though_one_step_names_it(tmp_path: Path) -> None:
    """`entry_pages_for` names entries as any step spells them; a name no step uses is a located warning."""
    site = lay_site(tmp_path, files=FILES)
    config = site / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    declared = "  - cxmaps:\n      entry_pages_for:\n        touchpoints: [INDEX]\n        systems: ['<SCRIPT>alert(1)</script>']\n"
    config.write_text(plain.replace("  - cxmaps\n", declared), encoding="utf-8")
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    built = site / "site"
    assert (built / "systems" / "script-alert-1-script" / "index.html").is_file()  # one step, declared
    assert any(p.name.startswith("index-") for p in (built / "touchpoints").iterdir())  # spelt "Index" by its step
    assert (built / "systems" / "moteur-de-reservation" / "index.html").is_file()  # shared: a page as before
    data = json.loads((built / "reference.json").read_text(encoding="utf-8"))
    assert {e["slug"]: e["url"] for e in data["systems"]}["script-alert-1-script"] == "systems/script-alert-1-script/"
    # A typo names no entry: --strict fails on the warning, which says what was meant.
    typo = "  - cxmaps:\n      entry_pages_for:\n        systems: [Moteur de reservaton]\n"
    config.write_text(plain.replace("  - cxmaps\n", typo), encoding="utf-8")
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode != 0
    assert "entry_pages_for: systems: 'moteur-de-reservaton' is named by no step's systems" in result.stderr
    assert "did you mean 'Moteur de réservation'?" in result.stderr
    # An unknown kind is refused by the option's own schema.
    config.write_text(plain.replace("  - cxmaps\n", "  - cxmaps:\n      entry_pages_for:\n        channels: [x]\n"))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode != 0 and "channels" in result.stderr


def test_reference_json_is_a_journey_a_line_and_reads_as_the_indented_export() -> None:
    """The fast layout (C encoder, an item a line) holds the same data, and no markup character."""
    from cxmaps.pages.data import _dumps, _dumps_lines

    hostile = '</script><b>&amp;\u2028\u2029"\\ é'
    data = {
        "export_version": "1.2",
        "journeys": [{"id": "a", "title": hostile, "steps": [{"n": 1.5, "x": None}]}, {"id": "b", "tags": []}],
        "sources": [],
        "emotion_scale": [-2, 2],
        "measures_csv": None,
    }
    fast, slow = _dumps_lines(data), _dumps(data)
    assert json.loads(fast) == json.loads(slow) == data
    assert not set("<>&\u2028\u2029") & set(fast)
    lines = fast.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and fast.endswith("}\n")
    assert [line for line in lines if line.startswith('  {"id"')] == [lines[3], lines[4]]  # a journey a line
