"""Paths as the person running a command sees them.

Problems are located relative to the folder of mkdocs.yml, which is right for
the build log but not for someone who runs ``cxmaps check mysite`` from the
repository root: their editor and their terminal resolve paths against the
working directory, and GitHub resolves annotation paths against the
repository root. These functions re-root a problem's path for each reader.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

from .problems import Problem


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder`, or None outside one (or without git)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],  # no word from outside: nothing to end
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    top = result.stdout.strip()
    return Path(top) if result.returncode == 0 and top else None


def relative_to(path: Path, base: Path) -> str:
    """`path` relative to `base` with forward slashes when it lies inside `base`, else absolute."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
    except (OSError, RuntimeError):
        return path.as_posix()


def rebase(problem: Problem, root: Path, base: Path) -> Problem:
    """`problem` with its path (relative to the site `root`) made relative to `base`."""
    folder = problem.file.endswith("/")
    where = relative_to(root / problem.file, base)
    return replace(problem, file=where + ("/" if folder and not where.endswith("/") else ""))


def display_base(root: Path, github: bool) -> Path:
    """Where paths are counted from: the repository root for annotations, else the working directory."""
    if github:
        top = repository_root(root)
        if top is not None:
            return top
    return Path(os.getcwd())
