"""A fresh site made ready for `cxmaps new`: its folders and the JSON Schema of its files.

MkDocs refuses a configuration whose ``docs_dir`` or cxmaps folders do not
exist, folder by folder and in its own words; a new author meets that
first. The folders are read from mkdocs.yml without MkDocs (which would
refuse it) and without running anything in it (see safeconfig), created
inside the site only, and reported. The schema is written beside them,
once: the starter files point at it, and ``cxmaps schema`` refreshes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.schema import SCHEMAS, schema_text
from ..review.safeconfig import UnsafeConfigProblem, load_yaml


class StarterProblem(Exception):
    """The site's folders cannot be made; the message says why."""


def _folders(config_file: Path) -> list[tuple[str, Path]]:
    """The docs, journeys and personas folders that mkdocs.yml names (defaults otherwise)."""
    try:
        data: dict[str, Any] = load_yaml(config_file)
    except (UnsafeConfigProblem, OSError) as err:
        raise StarterProblem(f"cannot read {config_file.name}: {err}") from None
    options: dict[str, Any] = {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("cxmaps"), dict):
            options = plugin["cxmaps"]
    root = config_file.parent.resolve()
    wanted = [
        ("docs_dir", data.get("docs_dir") or "docs"),
        ("journeys", options.get("journeys") or "journeys"),
        ("personas", options.get("personas") or "personas"),
    ]
    found = []
    for name, value in wanted:
        folder = (root / str(value)).resolve()
        if not folder.is_relative_to(root):
            raise StarterProblem(
                f"{name} '{value}' is outside the site's folder; cxmaps creates folders inside it only"
            )
        found.append((name, folder))
    return found


def prepare_site(config_file: Path) -> list[str]:
    """Create the missing folders and schema files of the site; what was made, one line each."""
    if not config_file.is_file():
        return []  # MkDocs' loader says it better
    root = config_file.parent.resolve()
    made = []
    for name, folder in _folders(config_file):
        if not folder.is_dir():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StarterProblem(f"cannot create {name} folder {folder}: {err.strerror or err}") from None
            made.append(f"created {folder.relative_to(root).as_posix()}/ ({name} did not exist)")
    schema = root / "schema"
    for kind in SCHEMAS:
        target = schema / f"{kind}.schema.json"
        if target.exists():
            continue
        try:
            schema.mkdir(exist_ok=True)
            target.write_text(schema_text(kind), encoding="utf-8")
        except OSError as err:
            raise StarterProblem(f"cannot write {target}: {err.strerror or err}") from None
        made.append(f"wrote schema/{target.name} (editors check the files against it; refresh it with `cxmaps schema`)")
    return made
