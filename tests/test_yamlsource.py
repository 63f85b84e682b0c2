"""The safe YAML reader: positions, plain text, and refusal of everything else."""

from __future__ import annotations

import tracemalloc

import pytest
from cxmaps.yamlsource import MAX_NODES, YamlProblem, read_document


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
        ("a: \x07\n", "YAML"),
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
