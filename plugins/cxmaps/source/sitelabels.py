"""A site's own labels: ``<custom_dir>/cxmaps/locales/<language>.yml``, without touching the package.

cxmaps ships its labels in English and French. A site in another language
(``theme.language: de``) writes the words it wants in a file of its theme's
``custom_dir`` (usually ``overrides/``), and a French or English site may
reword a label the same way. The file is a mapping of label keys to texts,
checked like every source file: an unknown key gets the closest known one,
a value that is not one line of text is refused, each at its line and
column. Labels are text: they are escaped wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from .problems import Problem, did_you_mean
from .sourcefiles import read_regular
from .yamlsource import YamlProblem, read_document

#: A label file is a few hundred short lines.
MAX_LABELS_BYTES = 256 * 1024
#: Keys the site may not set: they are the language's number rules, read from Babel's locale data.
COMPUTED = frozenset({"typo_locale"})


def labels_file(custom_dir: Path | None, language_code: str) -> Path | None:
    """The site's label file for `language_code`, if its theme's custom_dir has one."""
    if custom_dir is None:
        return None
    path = custom_dir / "cxmaps" / "locales" / f"{language_code}.yml"
    return path if path.is_file() else None


def read_site_labels(path: Path, root: Path, known: Collection[str]) -> tuple[dict[str, str], list[Problem]]:
    """The labels of the file at `path` (shown relative to `root`), and a located problem for each wrong entry."""
    try:
        display = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        display = path.as_posix()
    try:
        doc = read_document(read_regular(path, path.parent, MAX_LABELS_BYTES), display, max_bytes=MAX_LABELS_BYTES)
    except OSError as err:
        return {}, [Problem(display, 1, 1, "", f"cannot read the labels: {err.strerror or err}")]
    except YamlProblem as err:
        return {}, [err.problem]
    if not isinstance(doc.data, dict):
        return {}, [Problem(display, 1, 1, "", "expected a mapping of label keys to texts (journeys: Kundenreisen)")]
    labels: dict[str, str] = {}
    problems: list[Problem] = []
    allowed = set(known) - COMPUTED
    for key, value in doc.data.items():
        line, col = doc.positions.of((key,), key=True)
        if not isinstance(key, str) or key not in allowed:
            hint = did_you_mean(str(key), allowed) or "; the keys are those of cxmaps' own en.yml"
            problems.append(Problem(display, line, col, str(key), f"unknown label '{key}'{hint}"))
        elif not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            line, col = doc.positions.of((key,))
            problems.append(Problem(display, line, col, key, "a label is one line of text"))
        else:
            labels[key] = value.strip()
    return labels, problems
