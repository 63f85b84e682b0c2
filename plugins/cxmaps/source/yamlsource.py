"""Read one YAML file safely, keeping the line and column of every value.

The reader composes YAML nodes (never Python objects) and builds plain data
from them itself, which lets it:

- keep the position of every value and every mapping key, so any later error
  can point at the exact place in the author's file;
- refuse duplicate keys, unknown tags and recursive aliases;
- bound the work an alias bomb ("billion laughs") or a merge-key bomb can
  cause, by counting the values it builds (merged ones included), refuse
  files over a size limit before parsing them, and refuse deep nesting
  before composing (a deep enough tree overflows the C stack);
- refuse control and bidi-override characters, written raw or as escapes,
  at their line and column: they reach pages, the terminal and annotations;
- keep every scalar as the text the author wrote: ``NO``, ``yes``, ``2020-02-30``
  and ``1.10`` stay strings. Only ``null``/``~``/empty become ``None``; the model
  turns text into numbers where a field expects a number.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import FieldPath, Problem, describe_character

#: Default size limit of one source file, in bytes (1 MiB): a journey of a
#: hundred steps with every field filled is about 60 KiB.
MAX_FILE_BYTES = 1024 * 1024
#: Most nodes one file may expand to, counting every use of an alias.
MAX_NODES = 100_000
#: Deepest nesting of mappings and lists; the format itself needs six.
MAX_DEPTH = 40

#: Below this bound on the depth (see `_depth_bound`), composing cannot go deep enough to matter.
SAFE_DEPTH_BOUND = 400

#: C0 controls except tab, newline and carriage return; DEL; C1; bidi overrides and isolates;
#: the two non-characters YAML refuses. Tab and line breaks are checked per field by the model.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
#: The start of each line up to its first content: indentation, block indicators, anchors and tags.
_BLOCK_PREFIX = re.compile(r"^[ ]*(?:(?:[-?:]|[&!][^ \n]*)(?:[ ]+|$))*", re.MULTILINE)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "timestamp", "null")}
#: The plain scalars that resolve to a tag the builder tells apart from text (see `_Loader.resolve`).
_PLAIN_TAGS = {word: f"{_CORE}null" for word in ("", "~", "null", "Null", "NULL")} | {
    "<<": f"{_CORE}merge",
    "=": f"{_CORE}value",
}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (its C parser where installed), resolving plain scalars only as far as we use them.

    The builder keeps every scalar as text but null, so telling integers,
    floats, booleans and dates apart (a regular expression each, a sixth of
    composing) would be wasted: a plain scalar resolves to null, merge,
    value (refused) or text, exactly as the safe loader's resolvers decide
    for those, and everything else is left to them.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN_TAGS.get(value, f"{_CORE}str")
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


@dataclass
class Positions:
    """Line and column (1-based) of each value, and of each mapping key, by field path."""

    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Where `path` is written, or its nearest written ancestor (a missing field)."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)


@dataclass
class Document:
    """A parsed source file: its data and where each value was written."""

    data: Any
    positions: Positions


class YamlProblem(Exception):
    """The file cannot be read as YAML; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


#: Makes the problem of the file being read, at a line and column.
_Fail = Callable[[int, int, str], YamlProblem]


def read_document(raw: bytes, display: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Parse the bytes of one file; raise `YamlProblem` for anything that is not plain YAML."""

    def fail(line: int, col: int, message: str) -> YamlProblem:
        return YamlProblem(Problem(display, line, col, "", message))

    if len(raw) > max_bytes:
        raise fail(
            1,
            1,
            f"file is over the limit of {max_bytes:,} bytes; split it or raise the plugin's 'max_file_size'",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise fail(line, col, f"file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it with UTF-8 encoding") from None
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        raise fail(*_line_col(text, bad.start()), f"{describe_character(bad.group())} is not allowed here; remove it")
    nodes = _compose(text, fail)
    if not nodes:
        raise fail(1, 1, "file is empty; it must hold a mapping of fields (see the authoring format)")
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise fail(mark.line + 1, mark.column + 1, "file holds several YAML documents ('---'); keep one per file")
    builder = _Builder(display)
    data = builder.build(nodes[0], ())
    return Document(data, builder.positions)


class Parsed:
    """Documents this process has parsed, by file: `mkdocs serve` parses again only what changed (issue 15).

    The plugin keeps one across rebuilds. An entry holds the SHA-256 of the
    file's bytes and a compressed copy of its data and positions (about 13 KiB
    a journey, against some 80 KiB as objects); a hit returns a fresh copy,
    so whatever a build does with its documents, the next gets them as read.
    Only files that parse without a problem are kept, and nothing is kept on
    disk: the entries come from this process's own parsing, never from a file
    someone else could write.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], tuple[bytes, bytes]] = {}
        self.used: set[tuple[str, int]] = set()
        self.reused = 0

    def read(self, raw: bytes, display: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
        """As `read_document`, from the copy kept when the bytes are those parsed before."""
        key, digest = (display, max_bytes), hashlib.sha256(raw).digest()
        self.used.add(key)
        kept = self.entries.get(key)
        if kept is not None and kept[0] == digest:
            data, values, keys = marshal.loads(zlib.decompress(kept[1]))
            self.reused += 1
            return Document(data, Positions(values, keys))
        doc = read_document(raw, display, max_bytes=max_bytes)
        copy = marshal.dumps((doc.data, doc.positions.values, doc.positions.keys))
        self.entries[key] = (digest, zlib.compress(copy, 1))
        return doc

    def forget_unused(self) -> None:
        """Drop the files this build did not read (deleted or renamed); start counting the next."""
        for key in set(self.entries) - self.used:
            del self.entries[key]
        self.used, self.reused = set(), 0


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index of `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _compose(text: str, fail: _Fail) -> list[yaml.Node]:
    """The node trees of `text`, once its nesting is known to be within the limit."""
    _check_depth(text, fail)
    try:
        return list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = err.problem or err.context or "invalid YAML"
        if what.startswith("found undefined alias") and mark is not None:
            name = re.match(r"\*([^\s,\[\]{}]*)", text[mark.index :])
            if name and name.group(1):
                what = f"found undefined alias '*{name.group(1)}' (no '&{name.group(1)}' before it)"
        raise fail(line, col, f"YAML syntax error: {what}") from None
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position) if isinstance(err.position, int) else (1, 1)
        raise fail(line, col, f"YAML error: {err.reason}") from None
    except yaml.YAMLError as err:
        raise fail(1, 1, f"YAML error: {err}") from None
    except RecursionError:
        raise fail(1, 1, f"nesting is too deep (the limit is {MAX_DEPTH} levels)") from None


def _depth_bound(text: str) -> int:
    """An upper bound on how deep `text` nests, computed at the speed of `str.count`.

    A flow collection needs a bracket; a block one needs an indentation column
    or an indicator more than its parent (a list under a key may share the
    key's column, hence the factor 2).
    """
    block = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    return 2 * (block + 1) + text.count("[") + text.count("{")


def _check_depth(text: str, fail: _Fail) -> None:
    """Refuse nesting deeper than `MAX_DEPTH` before composing (which recurses once per level).

    Ordinary files are cleared by `_depth_bound`; others are walked event by
    event, which stops at the first level too deep.
    """
    if _depth_bound(text) <= SAFE_DEPTH_BOUND:
        return
    try:
        _walk_depth(text, fail)
    except yaml.MarkedYAMLError as err:
        # libyaml looks ahead and stops at its own limit (1000 levels) before the walk reaches
        # ours: the text before that point still holds the place where ours is crossed.
        mark = err.problem_mark
        if mark is None or "nesting depth" not in str(err.problem):
            return  # composing reports it, with its place
        with contextlib.suppress(yaml.YAMLError):
            _walk_depth(text[: mark.index], fail)
        raise fail(mark.line + 1, mark.column + 1, f"nesting is too deep (the limit is {MAX_DEPTH} levels)") from None
    except yaml.YAMLError:
        return


def _walk_depth(text: str, fail: _Fail) -> None:
    """Parse events (no tree), counting open collections; raise at the first one too deep."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise fail(line, col, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    """Turns a node tree into plain dicts, lists, strings and None, recording positions."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions = Positions()
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> YamlProblem:
        mark = node.start_mark
        return YamlProblem(Problem(self.display, mark.line + 1, mark.column + 1, "", message))

    def count_values(self, node: yaml.Node, how_many: int = 1) -> None:
        """Count values as they are built (each use of an alias, each merged key): the bomb stops here."""
        self.count += how_many
        if self.count > MAX_NODES:
            raise self.fail(node, f"file expands to more than {MAX_NODES:,} values (an alias or merge bomb?); refused")

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count_values(node)
        if len(path) > MAX_DEPTH:
            raise self.fail(node, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")
        if id(node) in self.active:
            raise self.fail(node, "an alias refers to the mapping or list that contains it; refused")
        self.positions.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, "seq")
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                self.check_tag(node, "map")
                return self.mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise self.fail(node, "unsupported YAML node")

    def check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != f"{_CORE}{kind}":
            raise self.fail(node, f"unsupported YAML tag '{node.tag}'; remove it")

    def scalar(self, node: yaml.ScalarNode) -> str | None:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"unsupported YAML tag '{node.tag}'; remove it")
        if node.tag == f"{_CORE}null":
            return None
        return self.text(node)

    def text(self, node: yaml.ScalarNode) -> str:
        """A scalar's text; a control character written as an escape (``"\\x1b"``) is refused like a raw one.

        Only a double-quoted scalar has escapes: any other holds only characters
        of the file, which `read_document` has checked already.
        """
        value = str(node.value)
        bad = FORBIDDEN_CHARACTERS.search(value) if node.style == '"' else None
        if bad:
            raise self.fail(node, f"{describe_character(bad.group())} (written as an escape) is not allowed; remove it")
        return value

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_CORE}merge":
                merged.update(self.merge(key_node, value_node, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise self.fail(key_node, "a mapping key must be plain text")
            key = self.text(key_node)
            if key in out:
                first = self.positions.keys[(*path, key)]
                raise self.fail(key_node, f"duplicate key '{key}' (first set on line {first[0]}); keep one")
            self.positions.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return {**merged, **out}

    def merge(self, key: yaml.Node, node: yaml.Node, path: FieldPath) -> dict[str, Any]:
        """A ``<<: *anchor`` merge key: later explicit keys win over merged ones.

        Problems are located at the ``<<`` (an alias's own node is located at its anchor).
        """
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, yaml.MappingNode):
                raise self.fail(key, "'<<' must merge a mapping or a list of mappings")
            if id(source) in self.active:
                raise self.fail(key, "'<<' merges the mapping that contains it (its own anchor); refused")
            self.count_values(source, 1 + len(source.value))
            self.active.add(id(source))
            try:
                merged.update(self.mapping(source, path))
            finally:
                self.active.discard(id(source))
        return merged
