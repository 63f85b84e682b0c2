"""Measures (``measures/*.csv``): measured values over time, as a data team exports them.

Strict like the YAML sources: every cell is checked against the reference
(journey, step, persona, standard or score, source) and every problem names
the file, the line and the column *number* of the cell, with the closest valid
id. A file with any problem adds nothing: `load_reference` raises, so a bad
export never half-changes a scorecard.

One separator per file, read from the header (a ``;`` in it means semicolons).
The decimal sign is a point; in a semicolon-separated file it may be a comma,
which is how French and German spreadsheets export numbers. In a
comma-separated file a decimal comma would silently split a value in two, so
it is an error that says so.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

from ..model.measurement import COLUMNS, REQUIRED, SCORES, Measure, parse_period, period_hint
from ..source.problems import Problem, did_you_mean, renamed_hint
from ..source.sourcefiles import display_path
from .core import Reference
from .measureids import check_standard_ids, step_ids

SUFFIX = ".csv"
#: Largest measures file read, in bytes: exports are larger than YAML sources (100,000 rows is ~6 MB).
MAX_MEASURES_BYTES = 64 * 1024 * 1024
#: Digits a value or a sample size may have before its point: more is an export gone wrong, and
#: would overflow what is computed from it (a float of 309 digits is infinite).
MAX_DIGITS = 15
#: The first year a period may name: earlier ones are typos (0026) and leave the calendar when
#: staleness counts days back from them.
FIRST_YEAR = 1900
#: Problems listed per file before the rest are counted: a wrong export must not flood the terminal.
MAX_PROBLEMS_PER_FILE = 50

_POINT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+", re.ASCII)
#: A unit written after a number ("96,8%", "4.2 min"): the unit belongs to the target, not the cell.
_UNIT = re.compile(r"\s*(?:%|pts?|points?|s|sec|min|h|days?|jours?|€|\$|£)$", re.IGNORECASE)


def load_measures(ref: Reference) -> list[Problem]:
    """Read every measures file into `ref.measures` when all are valid; return the problems."""
    problems = list(check_standard_ids(ref))
    folder = ref.settings.measures_dir or ref.settings.root / "measures"
    if not folder.is_dir():
        return problems
    paths, found = scan(folder, ref.settings.root)
    problems += found
    rows: list[Measure] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    checker = _Checker(ref)
    for path in paths:
        display = display_path(path, ref.settings.root)
        problems += _capped(read_file(path, display, checker, rows, seen), display)
    if not problems:
        ref.measures = rows
    return problems


def scan(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The ``.csv`` files of the folder in name order, and a problem for each entry named like one that is not."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        return [], [
            Problem(display_path(folder, root) + "/", 1, 1, "", f"cannot read the folder: {err.strerror or err}")
        ]
    found, problems = [], []
    for path in entries:
        if path.name.startswith(".") or path.suffix.lower() != SUFFIX:
            continue
        shown = display_path(path, root, follow=False)
        why = ""
        if path.suffix != SUFFIX:
            why = f"a measures file name ends in '{SUFFIX}': rename '{path.name}' to '{path.stem}{SUFFIX}'"
        else:
            try:
                inside = path.resolve().is_relative_to(folder.resolve())
                mode = path.stat().st_mode
                if not inside:
                    why = f"'{path.name}' is a link to a file outside {folder.name}/; put the file itself here"
                elif not stat.S_ISREG(mode):
                    why = f"'{path.name}' is not a regular file; a measures file is one CSV file"
            except (OSError, RuntimeError) as err:
                why = f"cannot read '{path.name}': {getattr(err, 'strerror', None) or err}"
        if why:
            problems.append(Problem(shown, 1, 1, "", why))
        else:
            found.append(path)
    return found, problems


def _capped(problems: Iterator[Problem], display: str) -> list[Problem]:
    out: list[Problem] = []
    more = 0
    for problem in problems:
        if len(out) < MAX_PROBLEMS_PER_FILE:
            out.append(problem)
        else:
            more += 1
    if more:
        last = out[-1]
        out.append(Problem(display, last.line, last.col, "", f"and {more} more problems in this file, not listed"))
    return out


def read_text(path: Path, display: str) -> tuple[str, list[Problem]]:
    """The file as text (UTF-8, an optional byte-order mark), or the problem that stops reading it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MEASURES_BYTES + 1)
    except OSError as err:
        return "", [Problem(display, 1, 1, "", f"cannot read file: {err.strerror or err}")]
    if len(raw) > MAX_MEASURES_BYTES:
        return "", [Problem(display, 1, 1, "", f"file is over {MAX_MEASURES_BYTES // (1024 * 1024)} MiB; split it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return "", [Problem(display, line, col, "", "not UTF-8: save the file as UTF-8 (CSV UTF-8 in a spreadsheet)")]
    return text.removeprefix("\ufeff"), []


def read_file(
    path: Path,
    display: str,
    checker: _Checker,
    rows: list[Measure],
    seen: dict[tuple[str, ...], tuple[str, int]],
) -> Iterator[Problem]:
    """Check one file row by row; valid rows are added to `rows` (kept only if no file has a problem)."""
    text, problems = read_text(path, display)
    if problems:
        yield from problems
        return
    yield from check_text(text, display, checker, rows, seen)


def measures_of(ref: Reference, texts: dict[str, str]) -> list[Measure]:
    """The valid rows of measures files given as text (an old revision's, by display name); problems are dropped.

    A page's history compares the statuses of two revisions of the measures against the journeys of today.
    """
    rows: list[Measure] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    checker = _Checker(ref)
    for display, text in sorted(texts.items()):
        for _ in check_text(text.removeprefix("\ufeff"), display, checker, rows, seen):
            pass
    return rows


def check_text(
    text: str,
    display: str,
    checker: _Checker,
    rows: list[Measure],
    seen: dict[tuple[str, ...], tuple[str, int]],
) -> Iterator[Problem]:
    """Check one file's text row by row; valid rows are added to `rows`."""
    if not text.strip():
        yield Problem(display, 1, 1, "", "empty file: a header row is required")
        return
    header_line = text.split("\n", 1)[0]
    if ";" in header_line and "," in header_line:
        yield Problem(display, 1, 1, "", "the header mixes ',' and ';': use one separator per file")
        return
    sep = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        yield Problem(display, 1, 1, "", f"cannot read the header: {err}")
        return
    columns = yield from _check_header(header, display)
    if columns is None:
        return
    last = reader.line_num
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not cells:
                continue
            yield from checker.row(cells, columns, sep, display, line, rows, seen)
    except csv.Error as err:
        yield Problem(display, reader.line_num, 1, "", f"cannot read the row: {err}")
    # One line per journey whose own file has problems, at its first row: its rows were not checked against it.
    for jid, line in checker.unchecked.pop(display, {}).items():
        yield Problem(display, line, columns["journey"] + 1, "journey",
                      f"measures of '{jid}' not checked: its file has problems of its own (reported there); "
                      "fix them first")  # fmt: skip


def _check_header(header: list[str], display: str) -> Generator[Problem, None, dict[str, int] | None]:
    """The columns by name → index; None (after yielding why) when the header is wrong."""
    columns: dict[str, int] = {}
    ok = True
    for i, name in enumerate(header):
        if name not in COLUMNS:
            # A close match only for the problems `_capped` lists (i - len(columns) problems precede this one).
            shown = i - len(columns) < MAX_PROBLEMS_PER_FILE
            hint = (did_you_mean(name, COLUMNS) if shown else "") or f"; columns: {', '.join(COLUMNS)}"
            yield Problem(display, 1, i + 1, "", f"unknown column '{name}'{hint}")
            ok = False
        elif name in columns:
            yield Problem(
                display, 1, i + 1, "", f"column '{name}' is given twice (first in column {columns[name] + 1})"
            )
            ok = False
        else:
            columns[name] = i
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        yield Problem(display, 1, 1, "", f"missing required column {', '.join(repr(m) for m in missing)}")
        ok = False
    return columns if ok else None


class _Checker:
    """The checks of one row against the reference, with what every row shares computed once."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        low, high = ref.settings.emotion_scale
        self.ranges = {score: span or (low, high) for score, span in SCORES.items()}
        self.unchecked: dict[str, dict[str, int]] = {}
        """file → journey with problems of its own → the first row naming it (see `read_file`)."""
        self.steps: dict[str, dict[str, str]] = {}
        """journey → every id a row may name a step by (aliases included) → the step's id."""
        self.metrics: dict[tuple[str, str], list[str]] = {}
        for jid, journey in ref.journeys.items():
            self.steps[jid] = step_ids(journey)
            for step in journey.steps():
                self.metrics[(jid, step.id)] = [s.id for s in step.standards]

    def row(
        self,
        cells: list[str],
        columns: dict[str, int],
        sep: str,
        display: str,
        line: int,
        rows: list[Measure],
        seen: dict[tuple[str, ...], tuple[str, int]],
    ) -> Iterator[Problem]:
        if len(cells) != len(columns):
            yield self._width(cells, columns, sep, display, line)
            return
        found: list[Problem] = []

        def fail(column: str, message: str) -> None:
            found.append(Problem(display, line, columns[column] + 1, column, message))

        get = {name: cells[i] for name, i in columns.items()}.get
        period = parse_period(get("period", ""))
        if period is not None and period.start.year < FIRST_YEAR:
            fail("period", f"'{period.text}' is before {FIRST_YEAR}: write the year in full (2026, not 0026)")
            period = None
        elif period is not None and period.start > self.ref.settings.today:
            fail("period", f"'{period.text}' begins after the reference's date "
                           f"({self.ref.settings.today.isoformat()}): a measure cannot be of a period "
                           "that has not begun; check the year")  # fmt: skip
            period = None
        elif period is None:
            fail("period", f"unknown period '{get('period')}': write {period_hint(get('period', ''))}a day "
                           "(2026-09-14), a month (2026-09), a quarter (2026-Q3) or a year (2026)")  # fmt: skip
        jid, step, persona, metric = get("journey", ""), get("step", ""), get("persona", ""), get("metric", "")
        # A journey whose file has problems of its own (reported there) is not checked again row by row:
        # its ids may be what is wrong, and a suggestion built on them would damage correct rows.
        cascade = f"journeys/{jid}" in self.ref.invalid
        if cascade:
            self.unchecked.setdefault(display, {}).setdefault(jid, line)
        step = step if cascade else self._where(jid, step, persona, metric, fail)
        value = self._value(get("value", ""), metric, sep, fail)
        n = self._n(get("n", ""), fail)
        source = get("source", "")
        if source and source not in self.ref.sources and f"sources/{source}" not in self.ref.invalid:
            hint = did_you_mean(source, self.ref.sources) or (
                f"; known sources: {', '.join(sorted(self.ref.sources))}"
                if self.ref.sources
                else "; no source is defined"
            )
            fail("source", f"unknown source '{source}'{hint}")
        if not found and not cascade and period is not None and value is not None:
            key = (period.text, jid, step, persona, metric)
            first = seen.get(key)
            if first is not None:
                where = f"line {first[1]}" if first[0] == display else f"{first[0]}:{first[1]}"
                fail("period", f"duplicate row: same period, journey, step, persona and metric as {where}")
            else:
                seen[key] = (display, line)
                rows.append(Measure(period, jid, step, persona, metric, value, n, source, display, line))
        yield from found

    def _width(self, cells: list[str], columns: dict[str, int], sep: str, display: str, line: int) -> Problem:
        expected = len(columns)
        if sep == "," and len(cells) > expected and "value" in columns:
            i = columns["value"]
            if i + 1 < len(cells) and _COMMA.fullmatch(f"{cells[i]},{cells[i + 1]}"):
                return Problem(display, line, i + 1, "value",
                               f"'{cells[i]},{cells[i + 1]}' uses a decimal comma in a comma-separated file: "
                               f"write {cells[i]}.{cells[i + 1]}, or separate the columns with ';'")  # fmt: skip
        return Problem(display, line, min(len(cells), expected) + 1, "",
                       f"{len(cells)} cells where the header has {expected} columns")  # fmt: skip

    def _where(self, jid: str, step: str, persona: str, metric: str, fail: Callable[[str, str], None]) -> str:
        """The journey, step, persona and metric cells; returns the step's id (an alias resolved)."""
        journey = self.ref.journeys.get(jid)
        if journey is None:
            fail(
                "journey",
                f"unknown journey '{jid}'"
                + (did_you_mean(jid, self.ref.journeys) or "; known journeys: " + ", ".join(self.ref.journeys)),
            )
            return step
        if step:
            known = self.steps[jid]
            if step not in known:
                hint = did_you_mean(step, known) or (
                    f"; its steps: {', '.join(dict.fromkeys(known.values()))}{renamed_hint(step)}"
                )  # a close id is a typo; none at all, most likely a rename
                fail("step", f"unknown step '{step}' of journey '{jid}'{hint}")
                return step
            step = known[step]
        if persona and persona not in journey.personas:
            fail("persona", f"'{persona}' is not a persona of journey '{jid}'"
                            + (did_you_mean(persona, journey.personas) or f"; its personas: {', '.join(journey.personas)}"))  # fmt: skip
        standards = self.metrics.get((jid, step), []) if step else []
        if metric in standards or metric in SCORES:
            return step
        if metric.lower() in SCORES or metric.lower() in standards:
            fail("metric", f"write '{metric.lower()}' in lowercase: metrics are ids")
            return step
        if not step:
            hint = did_you_mean(metric, SCORES) or "; a standard's id needs the 'step' column"
            fail("metric", f"unknown score '{metric}' for the whole journey: use nps, csat, ces or emotion{hint}")
        elif did_you_mean(metric, standards):
            fail("metric", f"unknown standard '{metric}' of step '{step}'{did_you_mean(metric, standards)}")
        else:
            ids = f"its standards: {', '.join(standards)}; " if standards else ""
            fail("metric", f"unknown metric '{metric}' of step '{step}'{did_you_mean(metric, SCORES)}: "
                           f"{ids}or a score: nps, csat, ces, emotion")  # fmt: skip
        return step

    def _value(self, text: str, metric: str, sep: str, fail: Callable[[str, str], None]) -> float | None:
        written = text.strip()
        if _COMMA.fullmatch(written):
            if sep == ",":
                fail("value", f"'{text}' uses a decimal comma in a comma-separated file: "
                              f"write {written.replace(',', '.')}, or separate the columns with ';'")  # fmt: skip
                return None
            written = written.replace(",", ".")
        elif not _POINT.fullmatch(written):
            point = "a point" + (" or a comma" if sep == ";" else "")
            bare = _UNIT.sub("", written)
            if bare != written and (_POINT.fullmatch(bare) or _COMMA.fullmatch(bare)):
                number = bare if sep == ";" else bare.replace(",", ".")
                fail("value", f"'{text}' carries its unit: write {number}; the unit is the target's "
                              "(target: {min: 95, unit: \"%\"})")  # fmt: skip
                return None
            fail("value", f"expected a number written with digits 0-9 and {point}, got '{text}'")
            return None
        if len(written.lstrip("+-").split(".")[0]) > MAX_DIGITS:
            fail(
                "value", f"a number with more than {MAX_DIGITS} digits before the point is no measure; check the export"
            )
            return None
        value = float(written)
        span = self.ranges.get(metric)
        if span is not None and not span[0] <= value <= span[1]:
            fail("value", f"{written} is outside the range of {metric}: {span[0]:g} to {span[1]:g}")
            return None
        return value

    def _n(self, text: str, fail: Callable[[str, str], None]) -> int | None:
        if not text:
            return None
        if len(text) > MAX_DIGITS and text.isdigit():
            fail("n", f"a sample size of more than {MAX_DIGITS} digits is no count of people; check the export")
            return None
        if not (text.isascii() and text.isdigit()) or int(text) == 0:
            fail("n", f"expected the sample size, a whole number from 1 written with digits 0-9, got '{text}'")
            return None
        return int(text)
