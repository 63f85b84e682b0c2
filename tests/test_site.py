"""The generated site, built for real from the tiny site: pages, anchors, blueprint, safety."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_mkdocs
from cxmaps.pages.text import inline

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> {onclick=alert(4)}"


def build(site: Path, *args: str) -> Path:
    result = run_mkdocs(site, "build", "--strict", *args)
    assert result.returncode == 0, result.stderr
    return site / "site"


@pytest.fixture(scope="module")
def built(module_site) -> Path:
    """The tiny site with every lane filled, built once for the module's tests (they only read it)."""
    site = module_site(
        files={
            "mkdocs.yml": "site_name: Tiny\nrepo_url: https://example.com/org/cx\nedit_uri: edit/main/docs/\n"
            "theme:\n  name: material\n  features: [content.action.edit]\nplugins:\n  - search\n  - cxmaps\n",
            "journeys/stay.yml": (Path(__file__).parent / "sites/tiny/journeys/stay.yml")
            .read_text(encoding="utf-8")
            .replace("status: current", "status: current\naliases: [old-stay]\nservice: Hotel")
            .replace("        emotion: 1\n", "        emotion: 1\n        promise: The price you see is the price you pay.\n"
                     "        evidence: [Booking page]\n        support: [Booking engine]\n"
                     "        irritants: [Slow page]\n        fail_points: [Card refused]\n        bottlenecks: [Peak hours]\n"),
        }
    )  # fmt: skip
    return build(site)


def page(out: Path, address: str) -> str:
    return (out / address / "index.html").read_text(encoding="utf-8")


def test_published_addresses(built: Path) -> None:
    for address in (
        "journeys",
        "journeys/stay",
        "personas",
        "personas/claire",
        "personas/tourist",
        "moments-of-truth",
        "standards",
    ):
        assert (built / address / "index.html").is_file(), address


def test_every_generated_page_has_its_front_matter_read(built: Path) -> None:
    """A page's front matter (its title, `hide`) is read by MkDocs, never shown as text (a template's `{#-` once ate
    the newline of its closing `---`)."""
    pages = [p for p in built.rglob("index.html") if p.parent.name not in ("", "search")]
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "hide:" not in html and "title:" not in html, path
    journey = yaml.safe_load((Path(__file__).parent / "sites/tiny/journeys/stay.yml").read_text(encoding="utf-8"))
    assert f"<title>{journey['title']} - Tiny</title>" in page(built, "journeys/stay")


def test_step_sections_have_their_ids(built: Path) -> None:
    html = page(built, "journeys/stay")
    assert re.search(r'<h3 id="books-a-room"[^>]*>Books a room', html)
    assert re.search(
        r'<h3 id="arrivee-a-l-hotel"[^>]*>Arrivée à l&#39;hôtel|<h3 id="arrivee-a-l-hotel"[^>]*>Arrivée à l.hôtel', html
    )
    assert 'id="blueprint"' in html


def test_step_shows_emotion_in_words_per_persona(built: Path) -> None:
    html = page(built, "journeys/stay")
    # One item per persona: a list that reads as a list, each name followed by its level.
    assert (
        '<li><span class="cx-who">Claire:</span> negative (-1)</li><li><span class="cx-who">Tom:</span> positive (1)</li>'
        in html
    )
    assert "positive (1)" in html


def test_blueprint_lanes_and_lines_in_order(built: Path) -> None:
    html = page(built, "journeys/stay")
    canvas = html[html.index('class="cx-canvas ') :]
    blueprint = html[html.index('class="cx-blueprint"') :]
    # The lanes this journey fills, in order; a lane empty across the journey is left out (issue 11).
    # Physical evidence is on the customer's side, above the line of interaction where the blueprint starts.
    order = ["cx-lane-evidence", "cx-line-interaction", "cx-line-visibility", "cx-line-internal", "cx-lane-support"]
    positions = [canvas.index(name) for name in order]
    assert positions == sorted(positions)
    assert canvas.index('class="cx-blueprint"') < canvas.index("cx-line-interaction")
    assert not any(f"cx-lane-{empty}" in blueprint for empty in ("customer", "frontstage", "backstage"))
    for label in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert label in blueprint
    assert "<li>Booking engine</li>" in blueprint


def test_critical_points_have_distinct_labelled_markers(built: Path) -> None:
    html = page(built, "journeys/stay")
    for kind, label in (("irritant", "Irritant"), ("fail-point", "Fail point"), ("bottleneck", "Bottleneck")):
        assert re.search(
            rf'class="cx-critical-{kind}"><span class="cx-marker" aria-hidden="true"></span><span class="cx-critical-kind">{label}:',
            html,
        )


def test_moment_of_truth_block_and_index(built: Path) -> None:
    assert 'class="cx-moment cx-moment-first-time"' in page(built, "journeys/stay")
    index = page(built, "moments-of-truth")
    assert 'href="../journeys/stay/#arrivee-a-l-hotel"' in index


def test_alias_redirects_to_the_new_address(built: Path) -> None:
    html = (built / "journeys" / "old-stay" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../stay/"' in html


def test_standards_csv(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "standards" / "standards.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["journey"] == "stay" and rows[0]["step"] == "books-a-room"
    assert rows[0]["level"] == "60 s" and rows[0]["impact"] == "basic"
    assert rows[0]["promise"] == "The price you see is the price you pay."
    assert 'href="standards.csv"' in page(built, "standards")


def test_edit_link_points_at_the_yaml_source(built: Path) -> None:
    assert 'href="https://example.com/org/cx/edit/main/journeys/stay.yml"' in page(built, "journeys/stay")
    assert 'href="https://example.com/org/cx/edit/main/personas/claire.yml"' in page(built, "personas/claire")


def test_nav_lists_index_pages_not_every_journey(built: Path) -> None:
    html = page(built, "journeys/stay")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    for index in ('href="../"', 'href="../../personas/"', 'href="../../moments-of-truth/"', 'href="../../standards/"'):
        assert index in nav, index
    for detail in ('href="./"', 'href="../../personas/claire/"', 'href="../../personas/tourist/"'):
        assert detail not in nav, detail


def test_persona_page_lists_apprehensions_and_journeys(built: Path) -> None:
    html = page(built, "personas/claire")
    assert '<dt>Time<span class="cx-sep">:</span> </dt>' in html and "Waiting at the desk" in html
    assert 'href="../../journeys/stay/#books-a-room"' in html


def test_french_labels(make_site) -> None:
    stay = (Path(__file__).parent / "sites/tiny/journeys/stay.yml").read_text(encoding="utf-8")
    # Lanes to show (a lane empty across the whole journey is left out of the canvas).
    lanes = "        emotion: 1\n        frontstage: [A]\n        backstage: [B]\n        support: [C]\n"
    site = make_site(files={"journeys/stay.yml": stay.replace("        emotion: 1\n", lanes)})
    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  language: fr\nplugins:\n  - cxmaps\n", encoding="utf-8"
    )
    out = build(site)
    html = page(out, "journeys/stay")
    for label in (
        "Ligne d&#39;interaction",
        "Ligne de visibilité",
        "Ligne d&#39;interaction interne",
        "Front office",
        "Back office",
        "Moment de vérité",
        "Blueprint de service",
    ):
        assert label in html, label
    assert "négative (\u22121)" in html  # the French minus sign


def test_a_site_overrides_one_template(make_site) -> None:
    site = make_site(files={"overrides/cxmaps/personas.md": "# Our customers\n\nCustom persona index.\n"})
    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\nplugins:\n  - cxmaps\n", encoding="utf-8"
    )
    out = build(site)
    assert "Custom persona index." in page(out, "personas")
    assert "cx-blueprint" in page(out, "journeys/stay")  # the other templates are still ours


def test_a_broken_override_is_a_clean_error(make_site) -> None:
    site = make_site(files={"overrides/cxmaps/personas.md": "{% for x in %}\n"})
    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\nplugins:\n  - cxmaps\n", encoding="utf-8"
    )
    result = run_mkdocs(site, "build")
    assert result.returncode == 1
    assert "personas.md:1: template error" in result.stderr
    assert "Traceback" not in result.stderr


def test_docs_page_links_to_a_step_and_broken_anchor_warns(make_site) -> None:
    site = make_site(
        files={
            "docs/guide.md": "# Guide\n\n[Booking](journeys/stay.md#books-a-room) and [bad](journeys/stay.md#no-such-step)\n"
        }
    )
    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\nplugins:\n  - cxmaps\nvalidation:\n  anchors: warn\n", encoding="utf-8"
    )
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 1
    warnings = "\n".join(line for line in result.stderr.splitlines() if line.startswith("WARNING"))
    assert "no-such-step" in warnings
    assert "books-a-room" not in warnings
    assert not (site / "site").exists()  # a refused build publishes nothing
    assert run_mkdocs(site, "build").returncode == 0  # a draft build shows the page, with its good link
    assert 'href="../journeys/stay/#books-a-room"' in (site / "site" / "guide" / "index.html").read_text(
        encoding="utf-8"
    )


def test_hostile_text_is_shown_never_run(make_site) -> None:
    site = make_site(files={"personas/tourist.yml": f"name: 'Tom {HOSTILE}'\nrole: '{HOSTILE}'\nquote: '{HOSTILE}'\n"})
    out = build(site)
    live = re.compile(r"<script>alert|<img src=x|<[^>]*\s(onerror|onclick)=|(href|src)=\W?javascript:", re.IGNORECASE)
    checked = 0
    for path in out.rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not live.search(text), (path, live.search(text))
            checked += "alert(1)" in text
    assert checked >= 3  # the payload is on the persona page, the index and the search index, as text


def test_embeds_render_in_a_docs_page(make_site) -> None:
    guide = (
        "# Onboarding\n\n[cxmaps: step stay#books-a-room]\n\n[cxmaps: blueprint stay]\n\n[cxmaps: map stay]\n\n"
        "```\n[cxmaps: step nowhere#x]\n```\n"
    )
    out = build(make_site(files={"docs/onboarding.md": guide}))
    html = page(out, "onboarding")
    assert 'class="cx-embed cx-embed-step"' in html
    assert 'href="../journeys/stay/#books-a-room"' in html
    assert 'class="cx-embed cx-embed-blueprint"' in html and "Line of visibility" in html
    assert 'class="cx-embed cx-embed-map"' in html and 'class="cx-map-svg"' in html
    assert "[cxmaps: step nowhere#x]" in html  # inside a code block: left alone


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[cxmaps: blueprint stya]", "docs/onboarding.md:3:1: unknown journey 'stya' (did you mean 'stay'?)"),
        ("[cxmaps: step stay#book-a-room]", "docs/onboarding.md:3:1: unknown step 'book-a-room' in journey 'stay' (did you mean 'books-a-room'?)"),
        ("[cxmaps: step stay]", "docs/onboarding.md:3:1: say which step"),
        ("[cxmaps: blueprints stay]", "docs/onboarding.md:3:1: unknown embed 'blueprints' (did you mean 'blueprint'?)"),
    ],
)  # fmt: skip
def test_a_wrong_embed_stops_the_build_before_site_dir_is_touched(make_site, line: str, message: str) -> None:
    site = make_site(files={"docs/onboarding.md": f"# Onboarding\n\n{line}\n", "site/index.html": "yesterday"})
    result = run_mkdocs(site, "build")
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "site" / "index.html").read_text() == "yesterday"


def test_french_catalogue_translates_every_label() -> None:
    from cxmaps.language.i18n import catalogue, languages

    locales = Path(__file__).parents[1] / "plugins/cxmaps/locales"
    english = yaml.safe_load((locales / "en.yml").read_text(encoding="utf-8"))
    assert "fr" in languages()
    french = yaml.safe_load((locales / "fr.yml").read_text(encoding="utf-8"))
    assert set(french) == set(english)
    assert set(english) <= set(catalogue("en"))  # the catalogue adds what Babel says of the language
    assert catalogue("fr-CA")["line_visibility"] == "Ligne de visibilité"
    assert catalogue("xx")["blueprint"] == "Service blueprint"  # unknown language: English


def test_every_step_of_the_sample_has_its_anchor(tmp_path: Path) -> None:
    from conftest import ROOT
    from cxmaps.reference.core import Settings
    from cxmaps.reference.load import load_reference

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    ref = load_reference(
        Settings(root=ROOT, journeys_dir=ROOT / "journeys", personas_dir=ROOT / "personas", docs_dir=ROOT / "docs")
    )
    for jid, journey in ref.journeys.items():
        html = (tmp_path / "out" / "journeys" / jid / "index.html").read_text(encoding="utf-8")
        for step in journey.steps():
            assert f'id="{step.id}"' in html, (jid, step.id)
            if step.promise:
                assert str(inline(step.promise)) in html
        for alias in journey.aliases:
            assert (tmp_path / "out" / "journeys" / alias / "index.html").is_file()
    for pid in ref.personas:
        assert (tmp_path / "out" / "personas" / pid / "index.html").is_file()
    persona = (tmp_path / "out" / "personas" / "business-traveller" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../images/personas/claire.svg"' in persona
    assert (tmp_path / "out" / "images" / "personas" / "claire.svg").is_file()
