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

from ..language.fold import is_id, suggest_id
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
        # The final name at once: `Catherine Osei.yaml` → `catherine-osei.yml`, not one fix per run.
        stem = path.stem if is_id(path.stem) else suggest_id(path.stem)
        wanted, same_id = path.with_name(stem + SOURCE_SUFFIX), False
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


#: Largest docs/ page read by cxmaps' checks: a page of a book's length is ~1 MB.
MAX_DOCS_PAGE_BYTES = 16 * 1024 * 1024


class NotReadable(OSError):
    """A file that is not read: a link out of its folder, not a regular file, or larger than allowed."""


def read_regular(path: Path, folder: Path, limit: int) -> bytes:
    """The bytes of `path`, read only if it is a regular file inside `folder` of at most `limit` bytes.

    A file of the working copy may be anything git can hold, and a link is
    one: ``x.md -> /dev/zero`` or a link to a pipe would be read forever. So
    the link is resolved and must stay in `folder`, the file is opened
    without waiting (a pipe with no writer does not block) and must be a
    regular file once open (no race between the check and the read), and
    at most `limit` + 1 bytes are read. Raises `NotReadable` (an `OSError`)
    with a reason a person can act on, or the `OSError` of the system.
    """
    try:
        target = path.resolve(strict=True)
    except RuntimeError as err:  # a loop of links (Python 3.10-3.12)
        raise NotReadable(f"'{path.name}' is a loop of links") from err
    if not target.is_relative_to(folder.resolve()):
        raise NotReadable(f"'{path.name}' is a link to a file outside {folder.name}/; put the file itself here")
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotReadable(f"'{path.name}' is not a regular file (a folder, pipe, socket or device)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(f"'{path.name}' is larger than {limit // (1024 * 1024)} MB")
    return data


def unpublishable(path: Path, folder: Path) -> str:
    """Why a file of `folder` (docs/) must not be published, or "" when it may be.

    It may not when it links outside `folder`, is not a regular file (a link
    to a device or a pipe would be read or copied forever), or is a Markdown
    page larger than `MAX_DOCS_PAGE_BYTES`. Nothing is read: only looked at.
    """
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(folder.resolve()):
            return "links to a file outside docs/"
        info = target.stat()
    except (OSError, RuntimeError):
        return "is a link to a missing file, or a loop of links"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, socket or device)"
    if path.suffix.lower() == ".md" and info.st_size > MAX_DOCS_PAGE_BYTES:
        return f"is larger than {MAX_DOCS_PAGE_BYTES // (1024 * 1024)} MB"
    return ""


def docs_pages(docs_dir: Path) -> list[tuple[Path, str]]:
    """Every Markdown page of docs/ with its text, read once for the checks of embeds and links.

    Only regular files inside docs/ are read, each up to `MAX_DOCS_PAGE_BYTES`
    (see `read_regular`). A page that is not read is left out: one that
    links out of docs/ or is not a regular file is not published either
    (the plugin drops it from the build with a warning), and MkDocs reports
    one it cannot decode.
    """
    pages = []
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            pages.append((path, read_regular(path, docs_dir, MAX_DOCS_PAGE_BYTES).decode("utf-8-sig")))
    return pages
