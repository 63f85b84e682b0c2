"""The history of the source folders, read from git in one pass: commits, the files each changed, releases.

Git is run at the edge and never trusted with anything of the site:

- every call starts with the same safe settings (`git_command`): literal
  pathspecs, no fsmonitor, no external diff or text conversion, no pager,
  no hooks (none of these commands runs one), no system configuration;
- paths are given after ``--``; the only revision ever passed is the
  literal ``HEAD`` (and blob ids that `read_blobs` checks are hexadecimal);
- commit subjects and author names are text: the log's fields are cut at
  separators that carry a random word of this call, which no commit
  message can contain, and control characters are dropped;
- a missing git, a folder outside a repository, a shallow clone, a git that
  hangs: `read_log` returns a `Log` with `available` false and a reason,
  never an exception; the build goes on with a note where history would be.

`read_log` runs ``git log`` once over the source folders (with ``--raw``, so
each change names the blob before and after); `read_blobs` reads the old
revisions a page shows the difference of, all in one ``git cat-file``.
"""

from __future__ import annotations

import fnmatch
import os
import re
import secrets
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

#: A git that does not answer within this many seconds is taken as no git.
GIT_TIMEOUT = 60
#: The most commits read: far more than any reference's history, and a bound on the read.
MAX_COMMITS = 100_000
#: The largest old revision of a source file read from git (the plugin's own limit is smaller by default).
MAX_BLOB_BYTES = 64 * 1024 * 1024
ZERO = "0" * 40
_HEX = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def git_command(top: Path | str) -> list[str]:
    """``git`` with the settings every call of cxmaps uses (see the module docstring)."""
    return [
        "git", "--no-pager", "--literal-pathspecs", "-C", str(top),
        "-c", "core.fsmonitor=false", "-c", "core.quotepath=false",
        "-c", "log.showSignature=false", "-c", "core.hooksPath=/dev/null",
    ]  # fmt: skip


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_EXEC_PATH",)}
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    return env


def run_git(top: Path | str, *args: str, stdin: bytes | None = None) -> bytes | None:
    """The output of a git command, or None: no git, not a repository, an error, no answer in time."""
    try:
        done = subprocess.run(
            [*git_command(top), *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def plain(value: str, limit: int = 300) -> str:
    """A subject or a name as one line of text: control characters dropped, spaces folded, length bounded."""
    flat = " ".join(_CONTROLS.sub(" ", value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its path (relative to the site's folder) and its blob before and after."""

    path: str
    old: str
    """The blob before (`ZERO` when the commit created the file)."""
    new: str
    """The blob after (`ZERO` when the commit deleted it)."""


@dataclass(frozen=True)
class Commit:
    id: str
    time: int
    """The committer's time, in seconds: the day a change reached the reference."""
    author: str
    subject: str
    parents: tuple[str, ...]
    files: tuple[FileChange, ...]

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.time, tz=UTC).date()


@dataclass(frozen=True)
class Release:
    tag: str
    time: int
    commit: str = ""

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.time, tz=UTC).date()


@dataclass
class Log:
    """What git says of the source folders; `available` false (and `why`) when it says nothing."""

    available: bool = False
    why: str = ""
    head: str = ""
    head_time: int = 0
    top: Path | None = None
    commits: list[Commit] = field(default_factory=list)
    """Newest first."""
    releases: list[Release] = field(default_factory=list)
    """Tags matching the site's `release_tags`, newest first."""

    @property
    def head_day(self) -> date | None:
        return datetime.fromtimestamp(self.head_time, tz=UTC).date() if self.head_time else None


def head_of(root: Path) -> str | None:
    """The commit checked out in the repository holding `root` (None without one): what a cached log is keyed on."""
    out = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    text = out.decode("ascii", errors="replace").strip() if out else ""
    return text if _HEX.fullmatch(text) else None


def read_log(root: Path, folders: Sequence[Path], release_tags: str = "v*") -> Log:
    """The history of `folders` (inside the site's folder `root`), newest first, in one ``git log``."""
    found = run_git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if found is None:
        return Log(why="no-git")
    lines = found.decode("utf-8", errors="replace").splitlines()
    if len(lines) < 2:
        return Log(why="no-git")
    top = Path(lines[0])
    head = head_of(root)
    stamp = run_git(top, "show", "-s", "--format=%ct", "HEAD") if head else None
    if head is None or stamp is None or not stamp.strip().isdigit():
        return Log(why="no-git")  # a repository without a commit: no history, as outside git
    # The built commit and its release are known even where its history is not (a shallow clone).
    found_log = Log(head=head, head_time=int(stamp.strip()), top=top, releases=_releases(top, release_tags))
    if lines[1].strip() == "true":
        found_log.why = "shallow"
        return found_log
    try:
        prefix = Path(os.path.relpath(root.resolve(), top.resolve()))
        paths = [os.path.relpath(folder.resolve(), top.resolve()) for folder in folders]
    except (OSError, ValueError):
        return Log(why="no-git")
    commits = _commits(top, [p for p in paths if not p.startswith("..")], prefix)
    if not commits or (commits[0].id == head and not commits[0].parents):
        # One commit (or none) of the sources: nothing has changed yet, there is no history to tell.
        found_log.why = "single"
        return found_log
    found_log.available, found_log.commits = True, commits
    return found_log


def _commits(top: Path, paths: list[str], prefix: Path) -> list[Commit]:
    word = secrets.token_hex(8)
    record, unit = f"\x1e{word}", f"\x1f{word}"
    fmt = f"%x1e{word}%H %P%x1f{word}%ct%x1f{word}%an%x1f{word}%s%x1f{word}"
    out = run_git(
        top, "log", f"--max-count={MAX_COMMITS}", "--no-color", "--no-ext-diff", "--no-textconv",
        "--no-renames", "--raw", "--no-abbrev", "-z", f"--format={fmt}", "HEAD", "--", *paths,
    )  # fmt: skip
    if out is None:
        return []
    text = out.decode("utf-8", errors="replace")
    commits = []
    for chunk in text.split(record)[1:]:
        parts = chunk.split(unit)
        if len(parts) != 5:
            continue
        ids, stamp, author, subject, raw = parts
        commit, *parents = ids.split()
        if not _HEX.fullmatch(commit) or not stamp.isdigit():
            continue
        files = tuple(_raw_changes(raw, prefix))
        commits.append(Commit(commit, int(stamp), plain(author, 120), plain(subject), tuple(parents), files))
    return commits


def _raw_changes(raw: str, prefix: Path) -> Iterable[FileChange]:
    """``:100644 100644 <old> <new> M\\0path\\0`` entries, paths made relative to the site's folder."""
    fields = raw.lstrip("\0\n").split("\0")
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        words = meta.lstrip(":").split()
        if len(words) != 5 or not _HEX.fullmatch(words[2]) or not _HEX.fullmatch(words[3]):
            continue
        shown = os.path.relpath(path, prefix) if prefix.as_posix() != "." else path
        yield FileChange(Path(shown).as_posix(), words[2], words[3])


def _releases(top: Path, pattern: str) -> list[Release]:
    fmt = "%(refname:strip=2)%00%(*committerdate:unix)%00%(committerdate:unix)%00%(*objectname)%00%(objectname)"
    out = run_git(top, "for-each-ref", f"--format={fmt}", "refs/tags/")
    if out is None:
        return []
    releases = []
    for line in out.decode("utf-8", errors="replace").splitlines():
        name, peeled, own, peeled_id, own_id = [*line.split("\0"), "", "", "", ""][:5]
        stamp, commit = peeled or own, peeled_id or own_id
        if stamp.isdigit() and fnmatch.fnmatchcase(name, pattern):
            releases.append(Release(plain(name, 100), int(stamp), commit if _HEX.fullmatch(commit) else ""))
    return sorted(releases, key=lambda r: (-r.time, r.tag))


def read_blobs(top: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of the given blobs, in one ``git cat-file --batch``; a blob git cannot give is left out."""
    wanted = sorted({b for b in blobs if _HEX.fullmatch(b) and b != ZERO})
    if not wanted:
        return {}
    out = run_git(top, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode("ascii"))
    if out is None:
        return {}
    found: dict[str, bytes] = {}
    at = 0
    for blob in wanted:
        end = out.find(b"\n", at)
        if end < 0:
            break
        head = out[at:end].split()
        at = end + 1
        if len(head) != 3 or head[1] != b"blob" or not head[2].isdigit():
            continue  # "<id> missing"
        size = int(head[2])
        if size <= MAX_BLOB_BYTES:
            found[blob] = out[at : at + size]
        at += size + 1
    return found
