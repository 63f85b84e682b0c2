"""YAML pitfalls, named, with the line as it should be written.

The parser says *what* it could not read ("mapping values are not allowed in
this context"); an author needs to know *why* and how to write it instead.
French text meets YAML's special characters often: " : " before an
explanation, a decimal comma, a quote or a ``%`` at the start of a value, a
tab pasted from a word processor. `explain` rewrites the problems of one file
from the raw line each one points at, and `keyword_hint` recognises a keyword
written as the site's language labels it (``impact: clé``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from ..language.fold import search_key
from ..language.i18n import catalogue, languages
from .indentation import misindented
from .problems import FieldPath, Problem, did_you_mean
from .yamlsource import Positions

#: ``key: value`` or ``- key: value`` or ``- value``: a block line cut into its lead, key and value.
_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?:(?P<key>[^\s\"'#{\[\]}][^:#]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]+|$))?(?P<value>.*)$"
)
#: A number written with a decimal comma inside a flow mapping or list, where the comma separates items.
_FLOW_COMMA = re.compile(r"(?<![\w.])([-+]?[0-9]+),([0-9]+)(?!\w)")
#: A comment: a ``#`` after a space, to the end of the line.
_COMMENT = re.compile(r"(?<![ \t])[ \t]+#.*$")
_SPECIAL_START = "%@`"
_NUMBER_FIELDS = ("emotion", "expected")
_QUOTES = "\"'"
_SYNTAX = "YAML syntax error: "

LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                  "nl": "Dutch", "pt": "Portuguese"}  # fmt: skip


def quoted(text: str) -> str:
    """`text` as a YAML quoted scalar that reads back as `text`: double quotes, or single ones if needed."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def explain(problems: list[Problem], raw: bytes) -> list[Problem]:
    """The problems of one file, each rewritten to name its pitfall when the line shows one.

    Several problems caused by one pitfall on one line (a decimal comma gives
    a wrong number and a duplicate key) become one.
    """
    if not problems:
        return problems
    lines = raw.decode("utf-8-sig", errors="replace").splitlines()
    out: list[Problem] = []
    seen: set[tuple[str, int, str]] = set()
    known: dict[tuple[int, str, bool], tuple[bool, Problem] | None] = {}
    # YAML stops at its first syntax error: one problem at most is an indentation mistake (one scan of the file).
    first = next((p for p in problems if p.message.startswith(_SYNTAX)), None)
    indented = (_open_quote(first, lines) or _indentation(first, lines)) if first is not None else None
    for problem in problems:
        better = indented if problem is first and indented else _explain_one(problem, lines, known)
        key = (better.file, better.line, better.message)
        if key not in seen:
            seen.add(key)
            out.append(better)
    return out


def _open_quote(problem: Problem, lines: list[str]) -> Problem | None:
    """A quote opened and never closed reads to the end of the file: the error is at its end, the cause above."""
    if "end of stream" not in problem.message and "quoted scalar" not in problem.message:
        return None
    for number, raw in enumerate(lines[: problem.line], start=1):
        value = _value(raw) if _LINE.match(raw) else ""
        if value and value[0] in _QUOTES and (len(value) == 1 or not value.endswith(value[0])):
            why = f"a value that starts with a quote ({value[0]}) must end with it; to keep the quotes, put the whole value in quotes"
            return replace(problem, line=number, col=raw.index(value) + 1,
                           message=_SYNTAX + f"{why}: {_fixed_line(raw, value)}")  # fmt: skip
    return None


def _indentation(problem: Problem, lines: list[str]) -> Problem | None:
    """A YAML error caused by a line indented wrong: that line, and the indentation it needs."""
    if any("\t" in line for line in lines[: problem.line]):
        return None  # a tab: _tab says so
    found = misindented(lines, problem.line)
    if found is None:
        return None
    return replace(problem, line=found.line, col=found.indent + 1, message=_SYNTAX + found.message())


def _explain_one(
    problem: Problem, lines: list[str], known: dict[tuple[int, str, bool], tuple[bool, Problem] | None]
) -> Problem:
    """`problem` named by its pitfall, if its line shows one.

    A file may hold thousands of problems on one long line (a flow list of
    wrong values): what the line rules find is worked out once per line and
    message (`known`), so the line is read once, not once per problem.
    """
    if not 1 <= problem.line <= len(lines):
        return problem
    raw = lines[problem.line - 1]
    key = (problem.line, problem.message, problem.field.endswith(_NUMBER_FIELDS))
    if key not in known:
        known[key] = None
        for rule, moves in ((_decimal_comma, True), (_tab, True), (_colon_in_value, False), (_special_start, False)):
            better = rule(problem, raw)
            if better is not None:
                known[key] = (moves, better)
                break
    found = known[key]
    if found is not None:
        moves, better = found
        return replace(problem, col=better.col if moves else problem.col, message=better.message)
    return _colon_in_item(problem, raw) or problem


def _fixed_line(raw: str, value: str) -> str:
    """The line with `value` quoted, as the author should write it (indentation dropped)."""
    match = _LINE.match(raw)
    assert match is not None  # the pattern matches any line
    lead = match["lead"].strip()
    key = f"{match['key'].strip()}: " if match["key"] else ""
    return f"{lead + ' ' if lead else ''}{key}{quoted(value)}"


def _value(raw: str) -> str:
    """The value part of a block line, without its comment."""
    match = _LINE.match(raw)
    assert match is not None
    return _COMMENT.sub("", match["value"]).strip()


def _decimal_comma(problem: Problem, raw: str) -> Problem | None:
    """``{claire: -0,6}``: the comma ends the item, so YAML reads ``-0`` and a key ``6``."""
    flow = raw[raw.find("{") :] if "{" in raw else raw[raw.find("[") :] if "[" in raw else ""
    number = _FLOW_COMMA.search(flow)
    if number is None:
        return None
    if not (problem.message.startswith((_SYNTAX, "duplicate key")) or problem.field.endswith(_NUMBER_FIELDS)):
        return None
    written = number.group()
    fixed = raw[: len(raw) - len(flow)] + _FLOW_COMMA.sub(r"\1.\2", flow)
    col = len(raw) - len(flow) + number.start() + 1
    message = (
        f"'{written}' uses a decimal comma, which separates items inside {flow[0]} {'}' if flow[0] == '{' else ']'}; "
        f"write numbers with a point: {fixed.strip()}"
    )
    return replace(problem, col=col, message=message)


def _tab(problem: Problem, raw: str) -> Problem | None:
    if not problem.message.startswith(_SYNTAX) or "\t" not in raw:
        return None
    col = raw.index("\t") + 1
    if not raw[: col - 1].strip(" -"):
        return replace(
            problem,
            col=col,
            message=_SYNTAX + "a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        )
    return replace(
        problem,
        col=col,
        message=_SYNTAX
        + f"a tab where YAML expects a space; replace it with a space: {raw.replace(chr(9), ' ').strip()}",
    )


def _colon_in_value(problem: Problem, raw: str) -> Problem | None:
    """``name: Budget serré : la franchise``: the second ": " would start a mapping inside a value."""
    if not problem.message.startswith(_SYNTAX + "mapping values are not allowed"):
        return None
    value = _value(raw)
    if not value:
        return None
    return replace(
        problem,
        message=_SYNTAX + f'": " inside a value starts a new key; put the value in quotes: {_fixed_line(raw, value)}',
    )


def _colon_in_item(problem: Problem, raw: str) -> Problem | None:
    """``- Budget serré : la franchise`` in a list: a mapping of one key where text was meant."""
    if not problem.message.startswith("expected text, got a mapping"):
        return None
    if problem.col - 1 != len(raw) - len(raw.lstrip(" -")):
        return _colon_in_flow_item(problem, raw)  # one of a flow list's items: only it is quoted
    text = _COMMENT.sub("", raw[problem.col - 1 :]).strip()
    if ":" not in text:
        return None
    lead = raw[: problem.col - 1].strip()
    fixed = f"{lead + ' ' if lead else ''}{quoted(text)}"
    return replace(
        problem,
        message=f'expected text, got a mapping: the ": " in the text makes YAML read a key and a value; '
        f"put the text in quotes: {fixed}",
    )


def _colon_in_flow_item(problem: Problem, raw: str) -> Problem | None:
    """``irritants: [Attente : longue, Prix]``: the item up to its ``,`` or ``]`` quoted, the rest as written."""
    start = problem.col - 1
    before = raw[:start].rstrip()
    if not before.endswith(("[", ",")) or start >= len(raw) or raw[start] in "\"'[{":
        return None
    end = start
    while end < len(raw) and raw[end] not in ",]":
        end += 1
    text = raw[start:end].strip()
    if ": " not in text + " ":
        return None
    fixed = (raw[:start] + quoted(text) + raw[end:]).strip()
    return replace(
        problem,
        message=f'expected text, got a mapping: the ": " in the item makes YAML read a key and a value; '
        f"put the item in quotes: {fixed}",
    )


def _special_start(problem: Problem, raw: str) -> Problem | None:
    """A value starting with a quote it does not end with, or with ``% @ ` *``, which YAML reserves."""
    if not problem.message.startswith(_SYNTAX) or "undefined alias" in problem.message:
        return None
    value = _value(raw)
    if not value:
        return None
    first = value[0]
    if first in _SPECIAL_START:
        why = f"a value cannot start with '{first}' unless it is in quotes"
    elif first in _QUOTES and not value.endswith(first):
        why = f"a value that starts with a quote ({first}) must end with it; to keep the quotes, put the whole value in quotes"
    elif first == "*":
        why = "'*' starts an alias (a reference to an '&anchor'); if this is text, put it in quotes"
    else:
        return None
    return replace(problem, message=_SYNTAX + f"{why}: {_fixed_line(raw, value)}")


def fold(text: str) -> str:
    """A keyword as an author might write it: ``Première  fois``, ``premiere_fois`` → ``premiere fois``."""
    return " ".join(search_key(text).replace("-", " ").replace("_", " ").split())


@lru_cache(maxsize=1)
def _labels() -> dict[str, list[tuple[str, str]]]:
    """Folded label → (language, label key) for every label of every catalogue."""
    found: dict[str, list[tuple[str, str]]] = {}
    for language in languages():
        for key, label in catalogue(language).items():
            if not key.startswith("typo_") and isinstance(label, str):
                found.setdefault(fold(label), []).append((language, key))
    return found


#: Words of the Kano model (and its usual translations) for the `impact` keywords cxmaps uses.
KANO_WORDS = {
    "plus": ("delighter", "delight", "attractive", "excitement", "exciter", "wow", "attractif", "enchantement"),
    "key": ("performance", "one-dimensional", "linear", "satisfier", "proportionnel", "lineaire"),
    "basic": ("must-be", "must-have", "must", "threshold", "hygiene", "obligatoire", "attendu", "base"),
    "secondary": ("indifferent", "neutral", "indifferent-quality", "neutre"),
}
_KANO = {fold(word).replace(" ", "-"): keyword for keyword, words in KANO_WORDS.items() for word in words}


def keyword_hint(value: str, allowed: list[str], field: str) -> str:
    """``; 'clé' is the French label of 'key': write impact: key`` when `value` is a keyword's label.

    Pages show keywords by their labels, so an author copies the label; the
    label key ends with the keyword (``impact_key``, ``kind_first-time``).
    An impact written in the Kano model's words (``delighter``) gets the
    keyword cxmaps uses for it.
    """
    folded = fold(value)
    kano = _KANO.get(folded.replace(" ", "-"))
    if field == "impact" and kano in allowed:
        return f"; '{value}' is the Kano model's word for '{kano}': write {field}: {kano}"
    for keyword in allowed:
        if folded == fold(keyword) and value != keyword:
            return f"; write it in lowercase, as a keyword: {field}: {keyword}"
    labels = _labels()
    exact = _label_hint(value, [folded], labels, allowed, field)
    if exact:
        return exact
    typo = did_you_mean(value, allowed)  # a misspelt keyword is more likely than a misspelt label
    if typo:
        return typo
    return _label_hint(value, difflib.get_close_matches(folded, list(labels), n=3, cutoff=0.85), labels, allowed, field)


def _label_hint(
    value: str, candidates: list[str], labels: dict[str, list[tuple[str, str]]], allowed: list[str], field: str
) -> str:
    """The hint for the first candidate label that labels one of the `allowed` keywords."""
    for candidate in candidates:
        for language, key in labels.get(candidate, []):
            keyword = next((k for k in allowed if key.endswith(f"_{k}")), None)
            if keyword is not None:
                name = LANGUAGE_NAMES.get(language, f"'{language}'")
                return f"; '{value}' is the {name} label of '{keyword}': write {field}: {keyword}"
    return ""


#: `` #`` followed by a word: in a plain value YAML starts a comment there, though an author meant ``#2``.
#: The look-behind starts a match only at the first blank of a run, so a line of blanks is read once.
_CUTTING_COMMENT = re.compile(r"(?<![ \t])[ \t]+#(?=[^\s#])")
#: An ordinary comment at the end of a line: ``#`` then a space.
_ORDINARY_COMMENT = re.compile(r"(?<![ \t])[ \t]+#(?:[ \t].*)?$")


def cut_by_comment(text: str, positions: Positions) -> Iterator[tuple[FieldPath, str]]:
    """Each plain text value cut short by `` #word`` (the path, and the message that shows the fix).

    A comment after a value is ordinary YAML (``name: X   # the persona's
    name``); one glued to a word (``#2``, ``#urgent``) is almost always text
    the author wanted published.

    Linear in the file: each line is searched once for `` #word``, and a cut
    belongs to the value written last before it on its line (in a flow list
    of 10,000 values on one line, one value, not 10,000 slices of the line).
    """
    lines = text.splitlines()
    parents = {path[:-1] for path in positions.values}
    starts: dict[int, list[tuple[int, FieldPath]]] = {}  # line → (column, path) of the values written on it
    for path, (line, col) in positions.values.items():
        if 1 <= line <= len(lines):
            starts.setdefault(line, []).append((col, path))
    for line, written in sorted(starts.items()):
        raw = lines[line - 1]
        cuts = [m.start() for m in _CUTTING_COMMENT.finditer(raw)] if " #" in raw or "\t#" in raw else []
        if not cuts:
            continue
        written.sort(key=lambda item: item[0])
        for (col, path), following in zip(written, [*written[1:], (len(raw) + 1, ())], strict=True):
            index = bisect.bisect_left(cuts, col - 1)
            if index == len(cuts) or cuts[index] >= following[0] - 1 or path in parents:
                continue  # no cut after this value, or one that belongs to a value written after it
            found = _cut(raw, col, cuts[index])
            if found:
                yield path, found


def _cut(raw: str, col: int, cut: int) -> str:
    """The message for the plain value at `col` of `raw` cut at `cut`, or nothing if it is not plain text."""
    rest = raw[col - 1 :]
    if not rest or rest[0] in "\"'[]{}|>&*!#,":
        return ""
    kept = raw[col - 1 : cut].strip()
    if not kept:
        return ""
    whole = _ORDINARY_COMMENT.sub("", rest).rstrip()
    end = _CUTTING_COMMENT.match(raw, cut)
    assert end is not None  # `cut` is where it matched
    return (
        f"the text stops at '{kept}': ' #' starts a comment, so '{whole[end.end() - col :]}' is not published; "
        f"if it belongs to the text, put the value in quotes: {_fixed_line(raw, whole)}"
    )
