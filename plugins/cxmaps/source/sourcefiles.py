"""Which files of a folder are source files, and how a path is shown to the person reading a problem.

A journey or persona whose file cannot be read as one (a folder, a pipe, a
dangling link or a link out of its folder named ``x.yml``, a file named
``x.yaml`` or ``x.YML``) is reported, never skipped without a word.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from .problems import Problem

SOURCE_SUFFIX = ".yml"
SOURCE_SUFFIXES = (SOURCE_SUFFIX,)


def display_path(path: Path, root: Path, *, follow: bool = True) -> str:
    """`path` relative to the folder of mkdocs.yml, with forward slashes.

    With `follow` false a link is shown as itself, not as what it points to
    (which may be outside the site, or missing).
    """
    try:
        where = path.resolve() if follow else path.parent.resolve() / path.name
        return where.relative_to(root.resolve()).as_posix()
    except ValueError:
        return where.as_posix()
    except (OSError, RuntimeError):
        return path.as_posix()


def source_files(folder: Path) -> list[Path]:
    """The source files of a folder, sorted by name: regular ``.yml`` files (hidden ones are skipped)."""
    return scan_sources(folder, folder)[0]


def scan_sources(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The source files of a folder, and a problem for each entry named like one that cannot be one.

    A folder, a pipe, a dangling link or a link out of the folder named
    ``x.yml``, or a file named ``x.yaml`` or ``x.YML``, would otherwise be
    skipped without a word and its journey silently missing from the site.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        where = display_path(folder, root) + "/"
        return [], [Problem(where, 1, 1, "", f"cannot read the folder: {err.strerror or err}")]
    found: list[Path] = []
    problems: list[Problem] = []
    for path in entries:
        if path.name.startswith(".") or path.suffix.lower() not in (".yml", ".yaml"):
            continue
        why = _not_a_source(path, folder)
        if why is None:
            found.append(path)
        else:
            problems.append(Problem(display_path(path, root, follow=False), 1, 1, "", why))
    return found, problems


def _not_a_source(path: Path, folder: Path) -> str | None:
    """Why `path` cannot be read as a source file, or None when it can."""
    if path.suffix != SOURCE_SUFFIX:
        wanted, same_id = path.with_name(path.stem + SOURCE_SUFFIX), False
        with contextlib.suppress(OSError):
            same_id = wanted.exists() and not wanted.samefile(path)
        if same_id:
            return f"'{path.name}' has the same id as {wanted.name}; keep one file per id, named <id>{SOURCE_SUFFIX}"
        return f"a source file name ends in '{SOURCE_SUFFIX}': rename '{path.name}' to '{wanted.name}'"
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.exists():
                return f"'{path.name}' is a link to a missing file ('{os.readlink(path)}'); remove it or fix the link"
            if not target.is_relative_to(folder.resolve()):
                return f"'{path.name}' is a link to a file outside {folder.name}/; put the file itself here"
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as err:  # RuntimeError: a loop of links (Python 3.10-3.12)
        return f"cannot read '{path.name}': {getattr(err, 'strerror', None) or err}"
    if stat.S_ISDIR(mode):
        return f"'{path.name}' is a folder; a source is one file named <id>{SOURCE_SUFFIX}"
    if not stat.S_ISREG(mode):
        return f"'{path.name}' is not a regular file (a pipe, socket or device); replace it with a YAML file"
    return None


def docs_pages(docs_dir: Path) -> list[tuple[Path, str]]:
    """Every Markdown page of docs/ with its text, read once for the checks of embeds and links.

    A page that cannot be read or decoded is left out: MkDocs itself reports it.
    """
    pages = []
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            pages.append((path, path.read_text(encoding="utf-8-sig")))
    return pages
