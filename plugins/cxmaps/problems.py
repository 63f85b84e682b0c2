"""Problems found in an author's files, and the error that carries them.

Every message an author sees goes through `Problem`, so every message has the
same shape: ``path:line:col: field.path: message``. The path is relative to
the folder of ``mkdocs.yml``, so it can be clicked in an editor and matched to
a pull-request diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """Render a field path the way an author reads it: ``phases[0].steps[2].emotion``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one place."""

    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def github(self, level: str = "error") -> str:
        """The problem as a GitHub Actions workflow command (a pull-request annotation)."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.file},line={self.line},col={self.col}::{text}"


class CxmapsError(PluginError):
    """The sources cannot make a correct site; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"cxmaps found {count} problem{'s' if count != 1 else ''} in the reference:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
