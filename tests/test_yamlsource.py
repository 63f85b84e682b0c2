"""The safe YAML reader: positions, plain text, and refusal of everything else."""

from __future__ import annotations

import time
import tracemalloc

import pytest
import yaml
from cxmaps.source import yamlsource
from cxmaps.source.yamlsource import MAX_DEPTH, MAX_NODES, YamlProblem, read_document


def read(text: str | bytes):
    return read_document(text.encode() if isinstance(text, str) else text, "f.yml")


def problem(text: str | bytes) -> str:
    with pytest.raises(YamlProblem) as err:
        read(text)
    return str(err.value.problem)


def test_positions_of_values_and_keys() -> None:
    doc = read("name: Claire\nphases:\n  - name: Before\n    steps: [a, b]\n")
    assert doc.positions.values[("name",)] == (1, 7)
    assert doc.positions.keys[("phases",)] == (2, 1)
    assert doc.positions.values[("phases", 0, "steps", 1)] == (4, 16)
    # A missing field is located at its nearest written ancestor.
    assert doc.positions.of(("phases", 0, "kind")) == (3, 5)


def test_scalars_stay_the_text_the_author_wrote() -> None:
    doc = read("a: NO\nb: yes\nc: 2020-02-30\nd: 1.10\ne: 0x1F\nf: 12:30\ng: ~\nh:\ni: 'null'\n")
    assert doc.data == {"a": "NO", "b": "yes", "c": "2020-02-30", "d": "1.10", "e": "0x1F", "f": "12:30",
                        "g": None, "h": None, "i": "null"}  # fmt: skip


def test_merge_keys_and_anchors_are_supported() -> None:
    doc = read("base: &b {objective: Fast, level: '60 s'}\nother:\n  <<: *b\n  level: 30 s\n")
    assert doc.data["other"] == {"objective": "Fast", "level": "30 s"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: !!python/object:os.system ls\n",
            "f.yml:1:4: unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("a: !!binary aGVsbG8=\n", "unsupported YAML tag 'tag:yaml.org,2002:binary'"),
        ("a: &x [1, *x]\n", "an alias refers to the mapping or list that contains it"),
        ("a: 1\n---\nb: 2\n", "f.yml:3:1: file holds several YAML documents"),
        ("? [a, b]\n: c\n", "f.yml:1:3: a mapping key must be plain text"),
        ("a: 1\na: 2\n", "f.yml:2:1: duplicate key 'a' (first set on line 1); keep one"),
        ("a: [\n", "YAML syntax error"),
        ("a: \x07\n", "f.yml:1:4: control character U+0007 (BEL) is not allowed here; remove it"),
        ("", "file is empty"),
        ("# only a comment\n", "file is empty"),
        ("[" * 5000 + "]" * 5000, "nesting is too deep"),
    ],
)
def test_refused(text: str, message: str) -> None:
    assert message in problem(text)


def test_not_utf8_names_line_and_column() -> None:
    assert (
        problem("a: ok\nb: caf\xe9\n".encode("latin-1"))
        == "f.yml:2:7: file is not UTF-8 (byte 0xe9); save it with UTF-8 encoding"
    )


def test_byte_order_mark_is_accepted() -> None:
    assert read("\ufeffname: Claire\n".encode()).data == {"name": "Claire"}


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]  # 10^12 values
    tracemalloc.start()
    try:
        message = problem("\n".join(lines))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"more than {MAX_NODES:,} values" in message
    assert peak < 64 * 1024 * 1024


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(YamlProblem) as err:
        read_document(b"a: [" * 1000, "f.yml", max_bytes=100)
    assert "over the limit of 100 bytes" in str(err.value)


# -- issue 12: nesting and merges counted before they cost, characters located -----------------

DEEP = {
    "flow lists": "[" * 50_000 + "]" * 50_000,
    "flow mappings": "{a: " * 30_000 + "}" * 30_000,
    "compact block lists": "- " * 50_000 + "x",
    "a journey field": "title: x\nphases: " + "[" * 50_000 + "]" * 50_000,
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_before_composing(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("composed a tree that is too deep")

    monkeypatch.setattr(yamlsource.yaml, "compose_all", never)
    message = problem(text)
    assert f"nesting is too deep (the limit is {MAX_DEPTH} levels)" in message
    assert message.startswith("f.yml:")


def test_deep_nesting_is_located_where_the_limit_is_crossed() -> None:
    assert problem("[" * 50_000 + "]" * 50_000).startswith(f"f.yml:1:{MAX_DEPTH + 1}: nesting is too deep")
    assert problem("- " * 50_000).startswith(f"f.yml:1:{2 * MAX_DEPTH + 1}: nesting is too deep")


def test_deep_nesting_is_refused_by_the_pure_python_loader_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    assert "nesting is too deep" in problem("[" * 50_000 + "]" * 50_000)


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1
    assert read("a: " + "[" * depth + "1" + "]" * depth).data["a"] is not None
    block = "a:\n" + "".join(" " * (2 * i) + f"- k{i}:\n" for i in range(15)) + " " * 30 + "- leaf\n"
    assert read(block).data["a"][0]["k0"][0]["k1"]


def _merge_bomb(width: int = 10, levels: int = 8, base: str = "{}") -> str:
    lines = [f"l0: &l0 {base}"]
    lines += [f"l{i}: &l{i} {{<<: [{', '.join([f'*l{i - 1}'] * width)}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines)


@pytest.mark.parametrize("base", ["{}", "{a: 1}", "{a: 1, b: [x, y]}"])
def test_merge_bomb_is_refused_quickly(base: str) -> None:
    start = time.perf_counter()
    message = problem(_merge_bomb(base=base))
    assert f"more than {MAX_NODES:,} values" in message
    assert time.perf_counter() - start < 3


def test_a_merge_of_its_own_anchor_is_located() -> None:
    assert problem("a: &a\n  b: 1\n  <<: *a\n") == (
        "f.yml:3:3: '<<' merges the mapping that contains it (its own anchor); refused"
    )
    assert problem("a: &a {b: [{<<: *a}]}\n").startswith("f.yml:1:13: '<<' merges the mapping that contains it")


def test_an_undefined_alias_is_named() -> None:
    assert problem("a: 1\nb: *claire_base\n") == (
        "f.yml:2:4: YAML syntax error: found undefined alias '*claire_base' (no '&claire_base' before it)"
    )


def test_a_raw_control_character_is_located_on_its_line() -> None:
    text = "".join(f"k{i}: v\n" for i in range(23)) + "name: Cl\x00aire\n"
    assert problem(text) == "f.yml:24:9: control character U+0000 (NUL) is not allowed here; remove it"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: é\x1b[31m\n", "f.yml:2:5: control character U+001B (ESC) is not allowed here"),
        ("a: x\x7f\n", "f.yml:1:5: control character U+007F (DEL)"),
        ("a: x\x9b\n", "f.yml:1:5: control character U+009B"),
        ("a: ab\u202ecd\n", "f.yml:1:6: bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("a: ab\u2066cd\n", "f.yml:1:6: bidirectional control character U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("# comment \x00\na: 1\n", "f.yml:1:11: control character U+0000 (NUL)"),
        ('a: 1\nb: "x\\e[31m"\n', "f.yml:2:4: control character U+001B (ESC) (written as an escape) is not allowed"),
        ('a: "\\u202e"\n', "f.yml:1:4: bidirectional control character U+202E"),
        ('"k\\x00": 1\n', "f.yml:1:1: control character U+0000 (NUL) (written as an escape)"),
    ],
)
def test_control_and_bidi_characters_are_refused_where_they_are(text: str, message: str) -> None:
    assert problem(text).startswith(message)


def test_tabs_and_line_breaks_stay_allowed_in_text() -> None:
    assert read("a: |\n  one\ttwo\r\n  three\r\n").data == {"a": "one\ttwo\nthree\n"}
    assert read('a: "x\\ty\\nz"\n').data == {"a": "x\ty\nz"}


SOURCE = b"id: a\nsteps:\n  - name: Arrive\n    emotion:\n      p1: 1\n  - name: Leave # merged below\n    <<: {emotion: -1}\n"


def test_parsed_gives_back_the_same_document_without_parsing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve`: a file whose bytes did not change is not parsed again, and reads the same."""
    parsed = yamlsource.Parsed()
    first = parsed.read(SOURCE, "journeys/a.yml")
    assert parsed.reused == 0
    monkeypatch.setattr(yamlsource, "read_document", lambda *a, **k: pytest.fail("parsed again"))
    again = parsed.read(SOURCE, "journeys/a.yml")
    assert parsed.reused == 1
    assert again == first and again.data is not first.data
    assert (
        again.positions.of(("steps", 0, "emotion", "p1"))
        == first.positions.of(("steps", 0, "emotion", "p1"))
        == (5, 11)
    )


def test_parsed_hands_each_build_its_own_copy() -> None:
    """Whatever a build does with its documents, the next one gets them as read."""
    parsed = yamlsource.Parsed()
    parsed.read(SOURCE, "journeys/a.yml").data["steps"][0]["name"] = "changed by a build"
    doc = parsed.read(SOURCE, "journeys/a.yml")
    doc.positions.values.clear()
    doc = parsed.read(SOURCE, "journeys/a.yml")
    assert doc.data["steps"][0]["name"] == "Arrive" and doc.positions.values


def test_parsed_reads_changed_bytes_and_keeps_no_problem() -> None:
    parsed = yamlsource.Parsed()
    parsed.read(SOURCE, "journeys/a.yml")
    edited = parsed.read(SOURCE.replace(b"p1: 1", b"p1: 2"), "journeys/a.yml")
    assert edited.data["steps"][0]["emotion"] == {"p1": "2"} and parsed.reused == 0
    broken = SOURCE + b"id: twice\n"
    for _ in range(2):  # a file with a problem is refused at every build, never from a kept copy
        with pytest.raises(YamlProblem, match="duplicate key 'id'"):
            parsed.read(broken, "journeys/a.yml")
    assert parsed.read(SOURCE, "journeys/a.yml").data["id"] == "a"
    # The same bytes under another name, or another size limit, are another entry: positions name the file.
    parsed.read(SOURCE, "journeys/b.yml")
    with pytest.raises(YamlProblem, match="over the limit"):
        parsed.read(SOURCE, "journeys/a.yml", max_bytes=10)
    assert parsed.reused == 0


def test_parsed_forgets_the_files_a_build_did_not_read() -> None:
    parsed = yamlsource.Parsed()
    parsed.read(SOURCE, "journeys/a.yml")
    parsed.read(SOURCE, "journeys/b.yml")
    parsed.forget_unused()
    parsed.read(SOURCE, "journeys/a.yml")
    assert parsed.reused == 1
    parsed.forget_unused()  # b.yml was deleted or renamed
    assert [display for display, _ in parsed.entries] == ["journeys/a.yml"] and parsed.reused == 0


@pytest.mark.parametrize(
    "word",
    ["", "~", "null", "Null", "NULL", "nULL", "<<", "=", "==", "yes", "No", "on", "1", "-1.5", "1e3", ".inf", ".NaN",
     "0x1F", "0o17", "1_000", "2026-02-30", "2026-12-01T10:00:00Z", "12:30", "true", "FALSE", "text", "<< x"],
)  # fmt: skip
def test_the_loader_resolves_plain_scalars_as_the_safe_loader_does_for_every_use_we_make(word: str) -> None:
    """Null, merge, value and text: the only outcomes the builder tells apart (every other tag reads as text)."""

    def outcome(tag: str) -> str:
        return {"null": "null", "merge": "merge", "value": "value"}.get(tag.rsplit(":", 1)[-1], "text")

    ours = yamlsource._Loader("").resolve(yaml.ScalarNode, word, (True, False))
    theirs = yaml.SafeLoader("").resolve(yaml.ScalarNode, word, (True, False))
    assert outcome(ours) == outcome(theirs)
    assert yamlsource._Loader("").resolve(yaml.ScalarNode, word, (False, True)) == f"{yamlsource._CORE}str"


def test_an_escape_is_checked_only_where_one_can_be_written() -> None:
    """Double-quoted scalars have escapes; a raw character anywhere else was refused with the file."""
    assert "not allowed" in problem('a: "\\u202e"\n')
    assert "not allowed" in problem('"\\x1b": 1\n')
    assert read("a: '\\x1b'\nb: \\u202e\nc: |\n  \\e\n").data == {"a": "\\x1b", "b": "\\u202e", "c": "\\e\n"}
