"""Problems found in an author's files, and the error that carries them.

Every message an author sees goes through `Problem`, so every message has the
same shape: ``path:line:col: field.path: message``. The path is relative to
the folder of ``mkdocs.yml``, so it can be clicked in an editor and matched to
a pull-request diff.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError

from ..language.fold import slugify

FieldPath = tuple[str | int, ...]

#: What must not reach a terminal or a CI log as is: C0 and C1 controls (ESC starts terminal
#: sequences), DEL, bidi overrides and isolates, line and paragraph separators, and the lone
#: surrogates that stand for the undecodable bytes of a file name.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: Abbreviations of the C0 controls (which have no Unicode name), and of DEL and NEL.
_C0 = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
       "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US")  # fmt: skip
_NAMES = dict(enumerate(_C0)) | {0x7F: "DEL", 0x85: "NEL"}


def describe_character(char: str) -> str:
    """``control character U+001B (ESC)``: how a message names an invisible character."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "")
    kind = "bidirectional control character" if unicodedata.bidirectional(char) in _BIDI else "control character"
    return f"{kind} U+{code:04X}" + (f" ({name})" if name else "")


_BIDI = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


#: A line break a message's own layout explains: the next line is indented, and is no CI workflow command.
_KEPT_BREAK = re.compile(r"\n(?=[ \t]+(?!\s*::))")


def printable_message(text: str) -> str:
    """A message of several lines made `printable`, keeping only the breaks before indented lines.

    A list under a message (``…fix it first:`` then ``  journeys/x.yml:…``)
    keeps its lines; any other line break, which could only come from a
    value or a file name, is shown as ``\\x0a``, so that no printed line
    starts with a workflow command (``::error``) that a value wrote.
    """
    return "\n".join(printable(line) for line in _KEPT_BREAK.split(text))


def printable(text: str) -> str:
    """`text` with every control, bidi or undecodable character shown as an escape (``\\x1b``, ``\\u202e``).

    Problems carry file names and author values; printed as is, an ESC could
    rewrite the reviewer's terminal and a newline could forge a CI annotation.
    """
    if not _UNPRINTABLE.search(text):
        return text

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


#: Names of list items by their path, e.g. ``("phases", 1, "steps", 0)`` → ``check-in``.
Labels = Mapping[FieldPath, str]
_STEP_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def format_field(path: FieldPath, labels: Labels | None = None) -> str:
    """Render a field path the way an author reads it: ``phases[1].steps[check-in].emotion``.

    An author thinks of a step by its id, not by its place among the steps of
    a phase; an item without a label (no id, or an id used twice) keeps its index.
    """
    out = ""
    for end, part in enumerate(path, start=1):
        if isinstance(part, int):
            label = labels.get(path[:end]) if labels else None
            out += f"[{label}]" if label else f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def step_labels(data: Any) -> dict[FieldPath, str]:
    """The id of each step of a journey's raw data (its ``id``, or its name made into a slug), when unique."""
    found: dict[FieldPath, str] = {}
    phases = data.get("phases") if isinstance(data, dict) else None
    for p, phase in enumerate(phases if isinstance(phases, list) else []):
        steps = phase.get("steps") if isinstance(phase, dict) else None
        for s, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, dict):
                continue
            written = step.get("id")
            name = step.get("name")
            sid = written if isinstance(written, str) and written else slugify(name) if isinstance(name, str) else ""
            if _STEP_ID.fullmatch(sid.strip()):
                found[("phases", p, "steps", s)] = sid.strip()
    counts = Counter(found.values())
    return {path: sid for path, sid in found.items() if counts[sid] == 1}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one place."""

    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{printable(self.file)}:{self.line}:{self.col}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {printable(text)}"

    def github(self, level: str = "error") -> str:
        """The problem as a GitHub Actions workflow command (a pull-request annotation).

        The message is escaped as GitHub documents (``%``, CR, LF) and the file
        name as a property (also ``:`` and ``,``), so neither can end the
        command or start another.
        """
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = printable(text).replace("%", "%25")
        file = printable(self.file).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={file},line={self.line},col={self.col}::{text}"


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


def renamed_hint(old_id: str) -> str:
    """What to do when a step id that files still use was renamed: keep the old one as an alias."""
    return f"; if the step was renamed, list its old id under the step's aliases (aliases: [{old_id}])"
