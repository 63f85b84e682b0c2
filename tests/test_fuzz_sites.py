"""Fuzzing whole sites: random sources built by a real MkDocs build.

Each example writes a small site (personas and journeys made from the tiny
site with random values in random fields, random YAML, or hostile sources:
merge bombs, deep nesting, control and bidi characters, links whose scheme is
hidden by character references) over a previous build, and runs `mkdocs
build` in-process. A site that builds must carry no live link. The build must either succeed
(a complete new site) or fail with cxmaps' own error naming file and line,
with the previous site untouched; never any other exception.

The default run tries a few hundred sites; `pytest -m slow` runs the long
fuzz (10,000 sites, CXMAPS_SITE_FUZZ_EXAMPLES to change it).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SITES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from test_hostile import live_markup
from test_properties import JOURNEY, JOURNEY_PATHS, PERSONA, PERSONA_PATHS, _replace, values

LOCATED = re.compile(r"^  (journeys|personas|docs)/[^:]+:\d+:\d+: ", re.MULTILINE)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


mutated_journey = st.builds(lambda path, value: _replace(JOURNEY, path, value), st.sampled_from(JOURNEY_PATHS), values)
mutated_persona = st.builds(lambda path, value: _replace(PERSONA, path, value), st.sampled_from(PERSONA_PATHS), values)
JOURNEY_TEXT = yaml.safe_dump(JOURNEY, allow_unicode=True)
PERSONA_TEXT = yaml.safe_dump(PERSONA, allow_unicode=True)

# -- hostile families (issue 12) ----------------------------------------------------------------
#: Links whose scheme only a browser's decoding reveals, and characters that must be refused.
HIDDEN_LINKS = [
    "[p](javascript&colon;alert(1))", "[p](&#106;avascript:alert(1))", "[p](&#x6a;avascript&#x3a;alert(1))",
    "[p](java&Tab;script:alert(1))", "[p](javascript&#58alert(1))", "[p](&#0000106;avascript:x)",
    "![i](data&colon;text/html,x)", "[p](jav&NewLine;ascript:x)", "[p]( &#1;javascript:x)",
]  # fmt: skip
CONTROLS = ["\x00", "\x1b[2J", "\x07", "\x7f", "\x85", "\x9b", "\u202e", "\u2067", "\r\n\x0b"]
hostile_values = st.one_of(
    st.sampled_from(HIDDEN_LINKS),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=5), st.sampled_from(CONTROLS), st.text(max_size=5)),
)
hostile_journey = st.builds(
    lambda path, value: _replace(JOURNEY, path, value), st.sampled_from(JOURNEY_PATHS), hostile_values
)
hostile_persona = st.builds(
    lambda path, value: _replace(PERSONA, path, value), st.sampled_from(PERSONA_PATHS), hostile_values
)


def _merge_bomb(width: int, levels: int, base: str) -> str:
    lines = [f"l0: &l0 {base}"]
    lines += [f"l{i}: &l{i} {{<<: [{', '.join([f'*l{i - 1}'] * width)}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines)


def _deep(opener: str, depth: int, prefix: str) -> str:
    closer = {"[": "]", "{a: ": "}"}.get(opener, "")
    return prefix + opener * depth + "x" + closer * depth


def _with_character(original: str, char: str, where: int) -> str:
    """`original` with a raw character inserted (often inside a value, sometimes in a key or indentation)."""
    where %= len(original) + 1
    return original[:where] + char + original[where:]


def _hostile_text(original: str, mutated: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(_merge_bomb, st.integers(2, 12), st.integers(1, 9), st.sampled_from(["{}", "{a: 1}", "{name: x}"])),
        st.builds(_deep, st.sampled_from(["[", "{a: ", "- "]), st.integers(30, 60_000),
                  st.sampled_from(["", "title: x\nphases: ", "name: x\nrole: y\nprofile:\n  k: "])),
        st.builds(_with_character, st.just(original), st.sampled_from(CONTROLS), st.integers(0, 10_000)),
        mutated.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    )  # fmt: skip


def _slot(
    original: str, mutated: st.SearchStrategy[dict[str, Any]], hostile: st.SearchStrategy[dict[str, Any]]
) -> st.SearchStrategy[str | None]:
    """A file: often unchanged (so that whole sites do build), else absent, mutated in one field, random or hostile."""
    return st.one_of(
        st.just(original),
        st.just(original),
        st.just(None),
        mutated.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
        st.text(max_size=200),
        _hostile_text(original, hostile),
    )


sites = st.fixed_dictionaries(
    {
        "journeys/stay.yml": _slot(JOURNEY_TEXT, mutated_journey, hostile_journey),
        "journeys/extra.yml": _slot(JOURNEY_TEXT, mutated_journey, hostile_journey),
        "personas/claire.yml": _slot(PERSONA_TEXT, mutated_persona, hostile_persona),
        "personas/extra.yml": _slot(PERSONA_TEXT, mutated_persona, hostile_persona),
    }
)


def check_site(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-src"
        shutil.copytree(SITES / "tiny", site)
        (site / "mkdocs.yml").write_text(
            "site_name: Fuzz\ntheme:\n  name: material\nplugins:\n  - cxmaps:\n      cache: false\n"
        )
        for name, text in files.items():
            if text is not None:
                (site / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        previous = site / "site"
        previous.mkdir()
        (previous / "index.html").write_text("previous build")
        errors = _Errors()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(errors)
        try:
            build(load_config(config_file=str(site / "mkdocs.yml")))
        except Abort:
            message = "\n".join(errors.messages)
            assert "cxmaps found" in message and LOCATED.search(message), message
            assert (previous / "index.html").read_text() == "previous build"
            assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
            event("refused with located problems")
            return
        finally:
            logger.removeHandler(errors)
        assert (previous / "index.html").read_text() != "previous build"
        assert (previous / "journeys" / "index.html").is_file()
        for page in [*previous.glob("journeys/**/*.html"), *previous.glob("personas/**/*.html")]:
            assert not live_markup(page.read_text(encoding="utf-8")), (page, live_markup(page.read_text())[:3])
        event("built")


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("CXMAPS_SITE_FUZZ_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(sites)
def test_random_sites_build_or_fail_cleanly(files: dict[str, Any]) -> None:
    check_site(files)


@pytest.mark.soak
@settings(max_examples=int(os.environ.get("CXMAPS_SITE_FUZZ_EXAMPLES", "10000")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(sites)
def test_long_fuzz_of_whole_sites(files: dict[str, Any]) -> None:
    check_site(files)
