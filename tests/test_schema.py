"""The committed JSON Schema is generated from the model and accepts every sample file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT
from cxmaps.cli.main import main
from cxmaps.model.schema import SCHEMAS, schema_text

SAMPLES = sorted((ROOT / "journeys").glob("*.yml")) + sorted((ROOT / "personas").glob("*.yml"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run `cxmaps schema` and commit the result"


def test_schema_check_command(tmp_path: Path) -> None:
    assert main(["schema", "--check", "--out", str(ROOT / "schema")]) == 0
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_accepts_every_sample(path: Path) -> None:
    kind = "journey" if path.parent.name == "journeys" else "persona"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
    jsonschema.Draft202012Validator(schema).validate(yaml.load(text, Loader=_Yaml12))


class _Yaml12(yaml.SafeLoader):
    """YAML as the editor's language server (YAML 1.2) and the plugin read it: ``2026-09-30`` is text, not a date."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_schema_rejects_what_the_plugin_rejects() -> None:
    schema = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"title": "T", "personas": ["a"], "phases": [{"name": "P", "steps": [{"name": "S", "emotion": 1}]}]}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "titel": "x"})
    assert not validator.is_valid({**good, "status": "live"})
    assert not validator.is_valid({**good, "phases": "before"})


def test_field_reference_in_docs_is_current() -> None:
    from cxmaps.model.schema import fields_markdown

    committed = (ROOT / "docs" / "format-reference.md").read_text(encoding="utf-8")
    assert committed == fields_markdown(), "run `cxmaps schema --docs docs/format-reference.md`"
    for field in ("moment_of_truth", "fail_points", "complaint_style", "apprehensions", "impact"):
        assert f"| `{field}` |" in committed
