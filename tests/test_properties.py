"""Property tests: whatever an author writes, the only exception is our own error.

Random YAML text, random data structures, and the sample journey with one
field at a time replaced by a random value are fed to `load_reference`. It
must return a reference or raise `CxmapsError`; anything else is a crash an
author would see as a traceback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from conftest import SITES
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from cxmaps.source.problems import CxmapsError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TINY = SITES / "tiny"
JOURNEY = yaml.safe_load((TINY / "journeys" / "stay.yml").read_text(encoding="utf-8"))
PERSONA = yaml.safe_load((TINY / "personas" / "claire.yml").read_text(encoding="utf-8"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["NO", "yes", "2020-02-30", "12:30", "~", "<script>", "claire", "first-time", "-3", "1e400"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replace(data[path[0]], path[1:], value)
    return copy


JOURNEY_PATHS = list(_paths(JOURNEY))
PERSONA_PATHS = list(_paths(PERSONA))


def _load_with(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(TINY, site)
        for name, raw in files.items():
            (site / name).write_bytes(raw)
        try:
            load_reference(
                Settings(
                    root=site, journeys_dir=site / "journeys", personas_dir=site / "personas", docs_dir=site / "docs"
                )
            )
        except CxmapsError as err:
            assert err.problems, "an error must list at least one problem"
            for problem in err.problems:
                assert problem.line >= 1 and problem.col >= 1
                assert problem.file.startswith(("journeys/", "personas/"))


#: Examples per property; raise it for a long fuzzing run (CXMAPS_FUZZ_EXAMPLES=10000).
SETTINGS = settings(
    max_examples=int(os.environ.get("CXMAPS_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    _load_with({"journeys/stay.yml": text.encode("utf-8", "surrogatepass")})


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    _load_with({"personas/claire.yml": raw})


@SETTINGS
@given(values)
def test_random_document(data: Any) -> None:
    _load_with({"journeys/stay.yml": yaml.safe_dump(data, allow_unicode=True).encode()})


@SETTINGS
@given(st.sampled_from(JOURNEY_PATHS), values)
def test_random_value_in_a_journey_field(path: tuple[Any, ...], value: Any) -> None:
    data = _replace(JOURNEY, path, value)
    _load_with({"journeys/stay.yml": yaml.safe_dump(data, allow_unicode=True).encode()})


@SETTINGS
@given(st.sampled_from(PERSONA_PATHS), values)
def test_random_value_in_a_persona_field(path: tuple[Any, ...], value: Any) -> None:
    data = _replace(PERSONA, path, value)
    _load_with({"personas/claire.yml": yaml.safe_dump(data, allow_unicode=True).encode()})
