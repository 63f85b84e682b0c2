"""`cxmaps generate`: the published pages as files in the docs tree, for engines without plugins.

Zensical (Material's successor) reads mkdocs.yml but runs no MkDocs plugin.
`generate` writes the documents the plugin would hand to MkDocs (pages,
charts inline, the CSV and the redirects) plus the stylesheet, at their
published paths under the docs folder. A marker file lists what it wrote,
with a hash of each file, so that:

- a second run replaces only files it wrote, and removes those it no longer
  produces;
- it refuses to overwrite a file it did not write (an author's own page),
  and a generated file edited by hand (its hash differs from the marker's)
  unless asked to (``--force``);
- a run without a change rewrites nothing (files and timestamps untouched).

The marker comes from the working copy, which anyone may have edited: each
entry must be a relative path inside the output folder (no ``..``, no
absolute path, no symbolic link leading out), or the run stops naming it.
It is written before the files it lists, so an interrupted run leaves every
file it touched owned, and the next run completes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..pages.core import TEMPLATES, Document
from ..source.sourcefiles import read_regular

MARKER = ".cxmaps-generated.json"
#: Reads of docs/ are capped (a file there may be a link to /dev/zero): the marker lists a few thousand files.
MAX_MARKER_BYTES = 64 * 1024 * 1024
#: A generated file is far smaller: reference.json keeps at most the latest rows of each series.
MAX_GENERATED_BYTES = 1024 * 1024 * 1024
STYLESHEET = "cxmaps/cxmaps.css"
DIGEST = re.compile(r"[0-9a-f]{64}")


class GenerateProblem(Exception):
    """Generation cannot go on (an author's file, a hand edit, a bad marker, an unwritable folder)."""


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files no longer generated but edited by hand: left in place, no longer owned."""


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def safe_uri(uri: object) -> bool:
    """A relative path with forward slashes that stays inside its folder (no '..', no absolute, no drive)."""
    if not isinstance(uri, str) or not uri or "\\" in uri or ":" in uri or any(ord(c) < 32 for c in uri):
        return False
    parts = PurePosixPath(uri).parts
    return not uri.startswith("/") and all(p not in ("", ".", "..") for p in parts) and "/".join(parts) == uri


def load_marker(out: Path) -> dict[str, set[str]]:
    """The files a previous run wrote (path → the SHA-256 each may have), or GenerateProblem naming the marker.

    A path may carry two hashes while a run is writing (its old and its new
    content), so that a run interrupted half-way still owns every file.
    """
    path = out / MARKER
    try:
        data = json.loads(read_regular(path, out, MAX_MARKER_BYTES).decode("utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no marker yet (or no folder: writing will say why)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise GenerateProblem(f"{path}: not a readable cxmaps marker ({_reason(err)}); {_MARKER_HELP}") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise GenerateProblem(f"{path}: not a cxmaps marker (no 'files' object); {_MARKER_HELP}")
    owned: dict[str, set[str]] = {}
    for uri, digests in files.items():
        hashes = [digests] if isinstance(digests, str) else digests
        if not safe_uri(uri) or not isinstance(hashes, list) or not all(_is_digest(h) for h in hashes):
            raise GenerateProblem(f"{path}: entry {uri!r} is not a file inside {out.name}/; {_MARKER_HELP}")
        owned[uri] = set(hashes)
    return owned


_MARKER_HELP = "delete it (after moving away any generated file you edited by hand) and run `cxmaps generate` again"


def _is_digest(value: object) -> bool:
    return isinstance(value, str) and DIGEST.fullmatch(value) is not None


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError):
        return err.strerror or str(err) or type(err).__name__
    return "not UTF-8" if isinstance(err, UnicodeDecodeError) else "not valid JSON"


def read_marker(out: Path) -> dict[str, str]:
    """The files a previous run wrote (path → a sha256), or nothing if there is no valid marker (for the plugin)."""
    try:
        return {uri: min(digests) for uri, digests in load_marker(out).items()}
    except GenerateProblem:
        return {}


def write_documents(documents: list[Document], out: Path, force: bool = False) -> Outcome:
    """Write `documents` (and the stylesheet) under `out`, keeping to the files this command owns.

    Nothing is written unless the whole run can go ahead: no author's file
    in the way, no generated file edited by hand (unless `force`). The
    marker is written first, owning both the old and the new content of each
    file, so an interrupted run leaves every file it touched owned; it is
    rewritten with the new content alone at the end.
    """
    contents = {doc.src_uri: _bytes(doc.content) for doc in documents}
    contents[STYLESHEET] = (TEMPLATES / STYLESHEET).read_bytes()
    if out.exists() and not out.is_dir():
        raise GenerateProblem(f"{out} is a file, not a folder; give a folder to write the pages into")
    owned = load_marker(out)
    current = {uri: _current(out, uri) for uri in sorted(set(contents) | set(owned))}
    _refuse_foreign_and_edited(contents, owned, current, force)
    outcome = Outcome()
    transition = {uri: owned.get(uri, set()) | {_digest(c)} for uri, c in contents.items()}
    transition.update({uri: d for uri, d in owned.items() if uri not in contents})
    _write_marker(out, transition)
    for uri, content in sorted(contents.items()):
        if current[uri] == _digest(content):
            outcome.unchanged.append(uri)
            continue
        _write_file(out / uri, content)
        outcome.written.append(uri)
    for uri in sorted(set(owned) - set(contents)):
        if current[uri] is None:
            continue
        if current[uri] in owned[uri]:
            _remove(out / uri)
            outcome.removed.append(uri)
        else:
            outcome.kept.append(uri)
    _write_marker(out, {uri: {_digest(c)} for uri, c in contents.items()})
    return outcome


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _current(out: Path, uri: str) -> str | None:
    """The SHA-256 of the file at `uri` now, None if there is none; GenerateProblem if it leads outside `out`."""
    target = out / uri
    root = out.resolve()
    if not target.resolve().is_relative_to(root) or target.is_symlink():
        raise GenerateProblem(f"{target} is a symbolic link or leads outside {out}; nothing was written")
    try:
        return _digest(read_regular(target, out, MAX_GENERATED_BYTES)) if target.is_file() else None
    except OSError as err:
        raise GenerateProblem(f"cannot read {target}: {err.strerror}; nothing was written") from None


def _refuse_foreign_and_edited(
    contents: dict[str, bytes], owned: dict[str, set[str]], current: dict[str, str | None], force: bool
) -> None:
    foreign = [uri for uri in contents if current[uri] is not None and uri not in owned]
    if foreign:
        raise GenerateProblem(
            f"would overwrite files cxmaps did not write: {_listing(foreign)}; move them away (nothing was written)"
        )
    edited = [
        uri
        for uri in contents
        if uri in owned and current[uri] is not None and current[uri] not in owned[uri]
        and current[uri] != _digest(contents[uri])
    ]  # fmt: skip
    if edited and not force:
        raise GenerateProblem(
            f"generated files were edited by hand since cxmaps wrote them: {_listing(edited)}; "
            "delete them to have them generated again, or run `cxmaps generate --force` to overwrite them "
            "(nothing was written)"
        )


def _listing(uris: list[str]) -> str:
    return ", ".join(sorted(uris)[:5]) + (" …" if len(uris) > 5 else "")


def _write_marker(out: Path, files: dict[str, set[str]]) -> None:
    """The marker, rewritten only if it changes (a run without a change touches no file)."""
    entries = {uri: min(d) if len(d) == 1 else sorted(d) for uri, d in sorted(files.items())}
    text = json.dumps({"generator": "cxmaps", "files": entries}, indent=1) + "\n"
    target = out / MARKER
    try:
        if target.is_file() and read_regular(target, out, MAX_MARKER_BYTES) == text.encode("utf-8"):
            return
    except OSError:
        pass
    _write_file(target, text.encode("utf-8"))


def _write_file(target: Path, content: bytes) -> None:
    """Whole or not at all: a temporary name beside the target, then a rename."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        os.replace(partial, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise GenerateProblem(f"cannot write {target}: {err.strerror or err}") from None


def _remove(target: Path) -> None:
    try:
        target.unlink()
    except OSError as err:
        raise GenerateProblem(f"cannot remove {target}: {err.strerror or err}") from None
