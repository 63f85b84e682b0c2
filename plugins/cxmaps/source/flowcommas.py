"""A sentence cut in two by the commas of a YAML flow list.

``irritants: [The nurse calls, but nobody answers]`` is valid YAML: a list
of two texts, "The nurse calls" and "but nobody answers". The author meant
one irritant. `cut_by_comma` finds, in the raw lines, the flow lists whose
next item reads as the rest of a sentence: the item before it ends without
a full stop, and it starts with a lower-case letter. It says what was
published and gives both fixes: the whole text in quotes, or a block list.

Linear in the file: the items are grouped by line once, and each line is
sliced once per item.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from .pitfalls import quoted
from .problems import FieldPath
from .yamlsource import Positions

#: An item that ends a sentence, or a list of codes: the next item starts a new one.
_SENTENCE_END = (".", "!", "?", ":", ";", "…", ")", '"', "'", "»")
#: Words that go on with a sentence after a comma (English and French).
_CONNECTORS = frozenset(
    [
        "but",
        "and",
        "then",
        "or",
        "so",
        "because",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "while",
        "yet",
        "although",
        "though",
        "since",
        "unless",
        "until",
        "mais",
        "et",
        "puis",
        "ou",
        "donc",
        "car",
        "qui",
        "que",
        "quand",
        "alors",
        "parce",
        "puisque",
        "lorsque",
        "sauf",
        "sinon",
        "ni",
    ]
)


def cut_by_comma(text: str, positions: Positions) -> Iterator[tuple[FieldPath, str]]:
    """Each flow list of texts that splits a sentence at a comma: the list's path, and the message with the fixes."""
    lines = text.splitlines()
    lists: dict[FieldPath, list[tuple[int, int]]] = {}
    for path, (line, col) in positions.values.items():
        if path and isinstance(path[-1], int) and 1 <= line <= len(lines):
            lists.setdefault(path[:-1], []).append((line, col))
    for parent, items in sorted(lists.items(), key=lambda entry: entry[1][0]):
        if len(items) < 2 or len({line for line, _ in items}) != 1:
            continue  # a block list, or a flow list over several lines: each item is on purpose
        line = items[0][0]
        raw = lines[line - 1]
        items.sort()
        before = raw[: items[0][1] - 1].rstrip()
        if not before.endswith("["):
            continue
        texts = _items(raw, [col for _, col in items])
        if texts is None or not any(_continues(a, b) for a, b in pairwise(texts)):
            continue
        whole = ", ".join(texts)
        key = before[:-1].strip().rstrip(":").strip().lstrip("- ").strip()
        yield (
            parent,
            (
                f"the list splits '{whole}' at its commas into {len(texts)} items; if it is one text, quote it: "
                f"{key}: [{quoted(whole)}], or write a block list (one '- ' item per line)"
            ),
        )


def _items(raw: str, cols: list[int]) -> list[str] | None:
    """The plain texts of the items starting at `cols`; None if any is quoted or nested (written on purpose)."""
    texts = []
    for start, end in zip(cols, [*cols[1:], len(raw) + 1], strict=True):
        piece = raw[start - 1 : end - 1]
        if not piece or piece[0] in "\"'[{&*!|>":
            return None
        texts.append(piece.split("]", 1)[0].rstrip().rstrip(",").strip())
    return texts


def _continues(first: str, second: str) -> bool:
    """Whether `second` reads as the rest of the sentence `first` began.

    It starts in lower case after an item that ends without a full stop, and
    either with a word that carries a sentence on (but, then, mais, puis) or
    after a fragment of three words or more: "Quick, easy, cheap" and
    "[claire, tom]" are lists, "The nurse calls, nobody answers" is not.
    """
    if not first or not second or first.endswith(_SENTENCE_END) or not second[0].islower():
        return False
    return second.split()[0] in _CONNECTORS or len(first.split()) >= 3
