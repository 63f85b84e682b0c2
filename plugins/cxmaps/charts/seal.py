"""Cache entries bound to what they cache: a secret of this machine, a MAC per entry, bounded reads.

The caches (`store` for charts, `mkdocs/searchindex.py` for search sections)
live in the working copy, where anything that writes the working copy can
write them too: a pull request can commit a file there with
``git add -f``. Their content goes into pages unescaped, so an entry is used
only if it carries the HMAC-SHA256 of its kind, its name and its body under
a secret that never enters the repository:

- the secret is 32 random bytes in ``$CXMAPS_CACHE_SECRET_FILE`` if set,
  else ``$XDG_CACHE_HOME/cxmaps/secret``, else ``~/.cache/cxmaps/secret``;
  created on first use (mode 0600, folder 0700), read as a regular file of
  32 bytes to 4 KiB that only its owner may read;
- an entry's name is part of its MAC: an entry copied over another chart's
  name, or a page's sections over another page's, does not verify;
- a secret inside the site, or one that cannot be read or created, means no
  cache in this build (one line in the log): charts are drawn, pages parsed;
- a cache folder that git tracks is not used at all (`open_cache`): a
  WARNING names the folder and the fix, so ``mkdocs build --strict`` fails;
- every entry is read with `read_unlinked`: a symbolic link, a FIFO or a
  device is refused without blocking, and no more than the limit is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import shlex
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.cxmaps")

ENV = "CXMAPS_CACHE_SECRET_FILE"
SECRET_BYTES = 32
MAX_SECRET_BYTES = 4096
#: A git that does not answer within this many seconds is taken as no git.
GIT_TIMEOUT = 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, repr=False)
class Seal:
    """Seals and opens cache entries with this machine's secret (never shown in a repr)."""

    secret: bytes

    def mac(self, kind: str, name: str, body: bytes) -> str:
        message = b"\0".join((kind.encode(), name.encode(), body))
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def seal(self, kind: str, name: str, body: bytes) -> bytes:
        """The entry: a header line ``<kind> hmac-sha256=<hex>``, then the body."""
        return f"{kind} hmac-sha256={self.mac(kind, name, body)}\n".encode() + body

    def open(self, kind: str, name: str, data: bytes) -> bytes | None:
        """The body of an entry sealed for this kind and name with this secret; None for anything else."""
        head, newline, body = data.partition(b"\n")
        prefix = f"{kind} hmac-sha256=".encode()
        if not newline or not head.startswith(prefix):
            return None
        expected = self.mac(kind, name, body).encode()
        return body if hmac.compare_digest(head[len(prefix) :], expected) else None


def read_unlinked(path: Path, limit: int) -> bytes | None:
    """Up to `limit` + 1 bytes of `path` if it is a regular file (not followed if a link); None otherwise.

    Raises FileNotFoundError if nothing is there. Opening never blocks (a
    FIFO is opened non-blocking, then refused), and a file that grows while
    read is cut at `limit` + 1 bytes, so the caller sees it is too large.
    """
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise
    except OSError:  # a symbolic link (ELOOP), no permission, a folder on the way is a file
        return None
    parts: list[bytes] = []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        left = limit + 1
        while left > 0 and (part := os.read(fd, min(left, 1 << 20))):
            parts.append(part)
            left -= len(part)
    except OSError:
        return None
    finally:
        os.close(fd)
    return b"".join(parts)


def secret_file() -> Path:
    """Where this machine's secret lives (see the module docstring)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "cxmaps" / "secret"


_secrets: dict[Path, bytes] = {}


def local_seal(site: Path | None = None) -> Seal | None:
    """This machine's seal, the secret created on first use; None (said in the log) if it cannot be had.

    A secret inside `site` is refused: a pull request could bring its own.
    The secret is read once per process and path.
    """
    path = secret_file()
    try:
        path = path.resolve()
        if site is not None and path.is_relative_to(site.resolve()):
            log.info("cxmaps: nothing is cached in this build: the cache's secret %s is inside the site", path)
            return None
        if path not in _secrets:
            _secrets[path] = _load(path)
    except (OSError, RuntimeError, ValueError) as err:
        log.info("cxmaps: nothing is cached in this build (the cache's secret %s: %s)", path, _why(err))
        return None
    return Seal(_secrets[path])


def _load(path: Path) -> bytes:
    try:
        data = read_unlinked(path, MAX_SECRET_BYTES)
    except FileNotFoundError:
        _create(path)
        data = read_unlinked(path, MAX_SECRET_BYTES)
    if data is None:
        raise ValueError("not a regular file")
    if not SECRET_BYTES <= len(data) <= MAX_SECRET_BYTES:
        raise ValueError(f"not {SECRET_BYTES} bytes to {MAX_SECRET_BYTES}")
    if os.name == "posix" and os.lstat(path).st_mode & 0o077:
        raise ValueError("others may read it (chmod 600)")
    return data


def _create(path: Path) -> None:
    """32 random bytes, written whole under a temporary name and then linked: a reader never sees half."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
        try:
            os.link(partial, path)
        except FileExistsError:
            pass  # another build made it first: both use theirs
        except OSError:
            os.replace(partial, path)  # a file system without hard links
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def _why(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err)


def tracked_files(folder: Path, root: Path) -> int:
    """How many files under `folder` git tracks, in the repository holding `root` (0 without git or repository).

    The folder is given after ``--``, as a literal path (no pathspec magic);
    nothing of the site is ever passed as an option.
    """
    command = ["git", "--literal-pathspecs", "-c", "core.fsmonitor=false", "-C", str(root)]
    try:
        done = subprocess.run(
            [*command, "ls-files", "-z", "--", str(folder)],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hangs
        return 0
    if done.returncode != 0:  # not a repository, the folder outside it
        return 0
    return len([name for name in done.stdout.split(b"\0") if name])


def open_cache(folder: Path, root: Path) -> Seal | None:
    """The seal for the cache in `folder` of the site in `root`, or None: no cache in this build (said in the log)."""
    tracked = tracked_files(folder, root)
    if tracked:
        shown = os.path.relpath(folder, root)
        log.warning(
            "cxmaps: git tracks %d file%s in the cache folder %s, so the cache is not used in this build: "
            "a cache is never committed. Fix: git rm -r --cached %s (and list the folder in .gitignore)",
            tracked,
            "" if tracked == 1 else "s",
            shown,
            shlex.quote(shown),
        )
        return None
    return local_seal(root)
