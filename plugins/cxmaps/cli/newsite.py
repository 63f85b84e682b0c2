"""`cxmaps new site NAME`: a new CX reference in one command, ready for `mkdocs serve`.

The folder NAME gets what a site needs on its first day and nothing to
delete: ``mkdocs.yml`` (with its ``site_name``, Material in the chosen
language, search and cxmaps), a home page linking the reference's index
pages, empty ``journeys/`` and ``personas/`` folders, the JSON Schema the
starter files point at, and a ``.gitignore`` for the built site, the cache
and what ``cxmaps generate`` writes. Nothing is overwritten: a folder that
exists and is not empty is refused before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..language.i18n import catalogue
from ..model.schema import SCHEMAS, schema_text

#: The index pages every site has, even an empty one, by their label in the catalogue; linked as the
#: Markdown pages cxmaps generates, so that MkDocs checks the links.
INDEX_PAGES = (
    ("journeys", "journeys/index.md"),
    ("personas", "personas/index.md"),
    ("moments_of_truth", "moments-of-truth/index.md"),
    ("standards", "standards/index.md"),
)

GITIGNORE = """\
# The built site and what a killed build leaves beside it
site/
*.cxmaps-staging-*/
*.cxmaps-old-*/
# Charts and search sections cached between builds (never commit them: see cxmaps' docs/security.md)
.cxmaps-cache/
# Written by `cxmaps generate` (for engines other than MkDocs); the plugin builds them itself
docs/.cxmaps-generated.json
docs/journeys/
docs/personas/
docs/moments-of-truth/
docs/standards/
docs/health/
docs/cxmaps/
docs/touchpoints/
docs/systems/
docs/owners/
docs/scorecard/
docs/opportunities/
docs/sources/
docs/changes/
docs/reference.json
docs/reference.schema.json
docs/measures.csv
"""

_HOME = {
    "en": "Our customers' journeys, the personas who live them, and the service we promise at each step.",
    "fr": "Les parcours de nos clients, les personas qui les vivent, et le service promis à chaque étape.",
}


class NewSiteProblem(Exception):
    """The site cannot be created; the message says why (nothing was written)."""


def new_site(folder: Path, title: str, language: str) -> list[str]:
    """Write a new site into `folder`; the files written, relative to it, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewSiteProblem(
            f"{folder} already exists and is not an empty folder; choose a new name (nothing was written)"
        )
    t = catalogue(language)
    files = {
        "mkdocs.yml": _config(title, language),
        ".gitignore": GITIGNORE,
        "docs/index.md": _home(title, language, t),
        **{f"schema/{kind}.schema.json": schema_text(kind) for kind in SCHEMAS},
    }
    try:
        for name, text in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for empty in ("journeys", "personas"):
            (folder / empty).mkdir(exist_ok=True)
    except OSError as err:
        raise NewSiteProblem(f"cannot write in {folder}: {err.strerror or err}") from None
    return [*files, "journeys/", "personas/"]


def _config(title: str, language: str) -> str:
    # json.dumps writes a double-quoted scalar YAML reads as the same text, whatever the title holds.
    return (
        f"site_name: {json.dumps(title, ensure_ascii=False)}\n"
        "theme:\n"
        "  name: material\n"
        f"  language: {language}\n"
        "plugins:\n"
        "  - search\n"
        "  - cxmaps\n"
    )


def _home(title: str, language: str, t: dict[str, str]) -> str:
    links = "\n".join(f"- [{t[key]}]({address})" for key, address in INDEX_PAGES)
    heading = title.replace("\n", " ")
    return f"# {heading}\n\n{_HOME.get(language, _HOME['en'])}\n\n{links}\n"
