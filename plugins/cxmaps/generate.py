"""`cxmaps generate`: the published pages as files in the docs tree, for engines without plugins.

Zensical (Material's successor) reads mkdocs.yml but runs no MkDocs plugin.
`generate` writes the documents the plugin would hand to MkDocs (pages,
charts inline, the CSV and the redirects) plus the stylesheet, at their
published paths under the docs folder. A marker file lists what it wrote,
with a hash of each file, so that:

- a second run replaces only files it wrote, and removes those it no longer
  produces;
- it refuses to overwrite a file it did not write (an author's own page);
- a run without a change rewrites nothing (files and timestamps untouched).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .pages import TEMPLATES, Document

MARKER = ".cxmaps-generated.json"
STYLESHEET = "cxmaps/cxmaps.css"


class GenerateProblem(Exception):
    """Generation would overwrite an author's file; nothing was written."""


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_marker(out: Path) -> dict[str, str]:
    """The files a previous run wrote (path → sha256), or nothing."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def write_documents(documents: list[Document], out: Path) -> Outcome:
    """Write `documents` (and the stylesheet) under `out`, keeping to the files this command owns."""
    contents = {doc.src_uri: doc.data for doc in documents}
    contents[STYLESHEET] = (TEMPLATES / STYLESHEET).read_bytes()
    owned = read_marker(out)
    foreign = [uri for uri in contents if (out / uri).exists() and uri not in owned]
    if foreign:
        listing = ", ".join(sorted(foreign)[:5]) + (" …" if len(foreign) > 5 else "")
        raise GenerateProblem(
            f"would overwrite files cxmaps did not write: {listing}; move them away (nothing was written)"
        )
    outcome = Outcome()
    for uri, content in sorted(contents.items()):
        target = out / uri
        if target.is_file() and target.read_bytes() == content:
            outcome.unchanged.append(uri)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        outcome.written.append(uri)
    for uri in sorted(set(owned) - set(contents)):
        stale = out / uri
        if stale.is_file() and _digest(stale.read_bytes()) == owned[uri]:
            stale.unlink()
            outcome.removed.append(uri)
    marker = (
        json.dumps({"generator": "cxmaps", "files": {u: _digest(c) for u, c in sorted(contents.items())}}, indent=1)
        + "\n"
    )
    if not (out / MARKER).is_file() or (out / MARKER).read_text(encoding="utf-8") != marker:
        (out / MARKER).write_text(marker, encoding="utf-8")
    return outcome
