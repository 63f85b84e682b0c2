"""`cxmaps new` in a fresh French site: folders made, French placeholders flagged, examples that uncomment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import cli

FRENCH_SITE = "site_name: Sinistres\ntheme:\n  name: material\n  language: fr\nplugins:\n  - search\n  - cxmaps\n"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder with nothing but a French mkdocs.yml, as the working directory."""
    site = tmp_path / "sinistres"
    site.mkdir()
    (site / "mkdocs.yml").write_text(FRENCH_SITE, encoding="utf-8")
    monkeypatch.chdir(site)
    return site


def _new(*args: str) -> str:
    code, out, err = cli("new", *args)
    assert code == 0, err
    return out


def test_new_makes_the_folders_and_the_schema_of_a_fresh_site(fresh: Path) -> None:
    out = _new("persona", "jeune-conducteur")
    for folder, name in (("docs", "docs_dir"), ("journeys", "journeys"), ("personas", "personas")):
        assert f"cxmaps: created {folder}/ ({name} did not exist)" in out
        assert (fresh / folder).is_dir()
    assert (fresh / "schema" / "persona.schema.json").is_file()
    assert "wrote personas/jeune-conducteur.yml" in out
    text = (fresh / "personas" / "jeune-conducteur.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/persona.schema.json\n")
    assert "created" not in _new("journey", "sinistre", "--persona", "jeune-conducteur")  # made once


def test_starters_are_french_valid_and_their_placeholders_flagged(fresh: Path) -> None:
    _new("persona", "jeune-conducteur")
    _new("journey", "sinistre", "--persona", "jeune-conducteur")
    journey = (fresh / "journeys" / "sinistre.yml").read_text(encoding="utf-8")
    assert "title: Titre du parcours" in journey and "name: Étape 1 telle que le client la vit" in journey
    code, out, _ = cli("check")
    assert code == 0, out
    code, out, _ = cli("check", "--lint")
    flagged = [line for line in out.splitlines() if line.endswith("[placeholder-left]")]
    assert (
        "journeys/sinistre.yml:5:8: title: 'Titre du parcours' is a placeholder of `cxmaps new`; replace it before publishing [placeholder-left]"
        in flagged
    )
    assert any(line.startswith("personas/jeune-conducteur.yml:") and "'Nom du persona'" in line for line in flagged)
    assert any("phases[0].steps[step-1].name: 'Étape 1 telle que le client la vit'" in line for line in flagged)
    assert len(flagged) == 9  # title, 3 phases, 3 steps, the persona's name and role


def _uncomment(text: str) -> tuple[str, int]:
    """Every commented example uncommented (indented comment lines; the header stays a comment)."""
    return re.subn(r"^(\s+)# ", r"\1", text, flags=re.MULTILINE)


def test_every_commented_example_uncomments_into_a_valid_file(fresh: Path) -> None:
    _new("persona", "jeune-conducteur")
    _new("journey", "sinistre", "--persona", "jeune-conducteur")
    for path in (fresh / "personas" / "jeune-conducteur.yml", fresh / "journeys" / "sinistre.yml"):
        text, count = _uncomment(path.read_text(encoding="utf-8"))
        assert count >= 3, path
        path.write_text(text, encoding="utf-8")
    code, out, err = cli("check")
    assert code == 0, out + err
    code, out, _ = cli("check", "--lint")
    assert "'À quoi sert le standard' is a placeholder" in out  # the uncommented standard's placeholder


def test_an_english_site_gets_english_starters(make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site()
    monkeypatch.chdir(site)
    _new("persona", "backpacker")
    assert "name: Name of the persona" in (site / "personas" / "backpacker.yml").read_text(encoding="utf-8")


def test_french_starters_explain_every_field_in_french(fresh: Path) -> None:
    """Each comment of a French starter comes from locales/fields/fr.yml, none left in the model's English."""
    from cxmaps.model.format import Journey, MomentOfTruth, Persona, Phase, Standard, Step
    from cxmaps.model.scaffold import ENGLISH, notes

    french = notes("fr")
    models = (Journey, Phase, Step, Standard, MomentOfTruth, Persona)
    assert set(french.fields) == {model.__name__ for model in models}
    for model in models:  # every field, and no field the model does not have (a typo would fall back silently)
        assert set(french.fields[model.__name__]) == set(model.model_fields), model.__name__
    _new("persona", "jeune-conducteur")
    _new("journey", "sinistre", "--persona", "jeune-conducteur")
    english = {ENGLISH.doc(m, name) for m in models for name in m.model_fields} | set(ENGLISH.hints.values())
    for path in (fresh / "personas" / "jeune-conducteur.yml", fresh / "journeys" / "sinistre.yml"):
        text = path.read_text(encoding="utf-8")
        comments = [line.split(" # ", 1)[1] for line in text.splitlines() if " # " in line]
        assert len(comments) > 20
        assert not [c for c in comments if c in english or any(e in c for e in ENGLISH.hints.values())], path
        assert "Regional sales director" not in text and "late flight" not in text
    persona = (fresh / "personas" / "jeune-conducteur.yml").read_text(encoding="utf-8")
    assert "# Ce qui le limite\u202f: budget, temps, règles." in persona  # French punctuation in the prose
    assert "  # Âge: 42\n" in persona  # an example stays YAML as written
