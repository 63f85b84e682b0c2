"""A site adds its language, or rewords a label, from its own folder: overrides/cxmaps/locales/<language>.yml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import cli, run_mkdocs

CONFIG = """site_name: Tiny CX reference
theme:
  name: material
  language: de
  custom_dir: overrides
plugins:
  - search
  - cxmaps
"""


def test_a_german_site_brings_its_own_words(make_site: Callable[..., Path]) -> None:
    labels = "journeys: Kundenreisen\npersonas: Personen\nexpected: '<b>Erwartet</b>'\n"
    site = make_site(files={"mkdocs.yml": CONFIG, "overrides/cxmaps/locales/de.yml": labels})
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    index = (site / "site" / "journeys" / "index.html").read_text(encoding="utf-8")
    assert "Kundenreisen" in index
    journey = (site / "site" / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Erwartet&lt;/b&gt;" in journey and "<b>Erwartet</b>" not in journey  # a label is text
    assert "Personen" in (site / "site" / "personas" / "index.html").read_text(encoding="utf-8")


def test_a_wrong_label_file_is_a_located_problem(make_site: Callable[..., Path]) -> None:
    labels = "journeys: Kundenreisen\njorneys: Reisen\npersonas: [Personen]\ntypo_locale: xx\n"
    site = make_site(files={"mkdocs.yml": CONFIG, "overrides/cxmaps/locales/de.yml": labels})
    code, out, _ = cli("check", str(site))
    assert code == 1
    lines = [line.split("/tiny/", 1)[-1] for line in out.splitlines()]
    assert "overrides/cxmaps/locales/de.yml:2:1: jorneys: unknown label 'jorneys' (did you mean 'journeys'?)" in lines
    assert "overrides/cxmaps/locales/de.yml:3:11: personas: a label is one line of text" in lines
    assert any(line.startswith("overrides/cxmaps/locales/de.yml:4:1: typo_locale: unknown label") for line in lines)
    assert run_mkdocs(site, "build").returncode == 1


def test_an_english_site_may_reword_a_label(make_site: Callable[..., Path]) -> None:
    config = CONFIG.replace("language: de", "language: en")
    site = make_site(files={"mkdocs.yml": config, "overrides/cxmaps/locales/en.yml": "journeys: Patient pathways\n"})
    assert run_mkdocs(site, "build", "--strict").returncode == 0
    assert "Patient pathways" in (site / "site" / "journeys" / "index.html").read_text(encoding="utf-8")
