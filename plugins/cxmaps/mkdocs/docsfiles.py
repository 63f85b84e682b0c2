"""The files of docs/ that MkDocs may publish: never one that leads out of docs/ or is not a file.

MkDocs follows links in docs/, and a pull request could add one: ``x.png ->
~/.ssh/id_rsa`` would be published, ``x.md -> /dev/zero`` read or copied
forever. Such a file is dropped from the build with a warning (so
``--strict`` refuses the build); see `sourcefiles.unpublishable`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..source.problems import printable
from ..source.sourcefiles import unpublishable

log = get_plugin_logger(__name__)


def drop_unpublishable(files: Files, docs_dir: Path) -> None:
    """Never publish a file of docs/ that cannot be read as a file of docs/ (see `unpublishable`).

    MkDocs follows links in docs/, and a pull request could add one: ``x.png ->
    ~/.ssh/id_rsa`` would be published, ``x.md -> /dev/zero`` read forever.
    A warning, so `--strict` refuses the build.
    """
    docs = docs_dir.resolve()
    for file in list(files):
        # Theme files and our own templates come from their own folders: only docs/ files are checked.
        if file.generated_by is not None or not file.abs_src_path or not file.src_dir:
            continue
        if Path(file.src_dir).resolve() != docs:
            continue
        why = unpublishable(Path(file.abs_src_path), docs)
        if why:
            files.remove(file)
            log.warning("docs/%s %s; it is not published", printable(file.src_uri), why)
