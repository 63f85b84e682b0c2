"""Atomic publication: site/ is always the previous complete site or the new complete one.

MkDocs cleans site_dir and then writes page after page into it, so a build
that fails (a chart, another plugin, a ``--strict`` warning) or is killed
leaves a half-written or empty site/. Instead, the plugin points MkDocs at a
staging folder *beside* site/ (same parent, so the same file system and a
rename is atomic), and only when the build has completed successfully does
`publish` put it in place:

- on Linux, with ``renameat2(RENAME_EXCHANGE)``: the two folders swap names
  in one system call, so at every instant site/ names a complete site, even
  if the process is killed right then; the old site, now under the staging
  name, is then removed;
- elsewhere, two renames (site/ to a trash name, staging to site/): a kill
  between them leaves no site/ for an instant, and the next build puts the
  previous site back from the trash name before anything else.

site/ stays a real folder (not a symbolic link) so that tools that copy,
upload or serve it (``gh-deploy``, Pages artefacts, rsync, web servers) see
what they always saw. Leftover staging and trash folders of killed builds
carry the builder's process id in their name and are removed by the next
build once that process is gone.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.cxmaps")

STAGING = ".cxmaps-staging-"
TRASH = ".cxmaps-old-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class Publication:
    """A build in progress: where MkDocs writes, and the folder it will replace."""

    target: Path
    staging: Path


def begin(site_dir: Path) -> Publication | None:
    """Create the staging folder beside `site_dir`, after clearing what killed builds left.

    None when staging cannot work here (site_dir is a mount point or not a
    folder, or its parent is not writable): MkDocs then builds in place, as
    without cxmaps, and the log says so.
    """
    target = Path(os.path.realpath(site_dir))  # a symlinked site/ is published where it points
    if target.exists() and (not target.is_dir() or os.path.ismount(target)):
        log.info("cxmaps: %s is not a plain folder; it is built in place", site_dir)
        return None
    recover(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}{STAGING}{os.getpid()}-", dir=target.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a published site is readable like any folder
    except OSError as err:
        log.info("cxmaps: cannot stage the build beside %s (%s); it is built in place", site_dir, err)
        return None
    return Publication(target, staging)


def publish(pub: Publication) -> None:
    """Put the complete build in place of the previous site, then remove the previous site."""
    if not pub.target.exists():
        os.rename(pub.staging, pub.target)
        return
    if _exchange(pub.staging, pub.target):
        shutil.rmtree(pub.staging, ignore_errors=True)  # the staging name now holds the old site
        return
    trash = Path(tempfile.mkdtemp(prefix=f"{pub.target.name}{TRASH}{os.getpid()}-", dir=pub.target.parent))
    os.rename(pub.target, trash)  # over the empty folder just made: the trash name is ours alone
    os.rename(pub.staging, pub.target)
    shutil.rmtree(trash, ignore_errors=True)


def abort(pub: Publication) -> None:
    """Throw away an unfinished build; site/ was never touched."""
    shutil.rmtree(pub.staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    result: int = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def recover(target: Path) -> None:
    """Clear what killed builds left beside `target`; put the previous site back if it was in the trash."""
    try:
        leftovers = sorted(target.parent.iterdir()) if target.parent.is_dir() else []
    except OSError:
        return
    for path in leftovers:
        kind = _leftover_kind(path.name, target.name)
        if kind is None or _owner_alive(path.name):
            continue
        if kind == TRASH and not target.exists() and path.is_dir():
            try:
                os.rename(path, target)  # killed between the two renames: this is the previous site
                log.info("cxmaps: restored %s from an interrupted publication", target.name)
                continue
            except OSError:
                pass
        shutil.rmtree(path, ignore_errors=True)


def _leftover_kind(name: str, target: str) -> str | None:
    for kind in (STAGING, TRASH):
        if name.startswith(f"{target}{kind}"):
            return kind
    return None


def _owner_alive(name: str) -> bool:
    """Whether the build that made this folder still runs (a concurrent build's staging is left alone)."""
    pid_text = name.rpartition(".cxmaps-")[2].split("-", 2)[1:2]
    if not pid_text or not pid_text[0].isdigit():
        return False
    pid = int(pid_text[0])
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # no cheap liveness test: a leftover is taken as stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
